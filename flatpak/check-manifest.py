#!/usr/bin/env python3
# check-manifest.py SOURCE_ROOT: the Flatpak manifests are valid JSON with
# what a manifest needs; every dependency() of the meson build is in the
# runtime (runtime-provides.txt) or built as a module (its x-provides); the
# sandbox asks for no more than the design allows; every downloaded source is
# pinned by a sha256 over https; the application's module runs the tests.
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
flatpak = root / 'flatpak'
allowed_args = {'--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11',
                '--device=dri', '--socket=ssh-auth'}
problems = []

needed = set()
for build in root.rglob('meson.build'):
    if '_build' in build.parts or 'subprojects' in build.parts:
        continue
    needed |= set(re.findall(r"\bdependency\(\s*'([^']+)'", build.read_text()))

provided = {line.strip() for line in (flatpak / 'runtime-provides.txt').read_text().splitlines()
            if line.strip() and not line.startswith('#')}

manifests = sorted(flatpak.glob('io.github.tunemantra.TuneMantra*.json'))
if not manifests:
    problems.append('no manifest in flatpak/')

for path in manifests:
    try:
        manifest = json.loads(path.read_text())
    except ValueError as e:
        problems.append(f'{path.name}: not valid JSON: {e}')
        continue
    name = path.name
    for key in ('id', 'runtime', 'runtime-version', 'sdk', 'command', 'modules', 'finish-args'):
        if key not in manifest:
            problems.append(f'{name}: no "{key}"')
    if manifest.get('id') != path.name[:-len('.json')]:
        problems.append(f'{name}: its id is {manifest.get("id")}, not its file name')
    if manifest.get('runtime') != 'org.gnome.Platform':
        problems.append(f'{name}: the runtime is not org.gnome.Platform')
    extra = set(manifest.get('finish-args', [])) - allowed_args
    if extra:
        problems.append(f'{name}: asks for more than it needs: {sorted(extra)}')
    modules = manifest.get('modules', [])
    have = set(provided)
    for module in modules:
        have |= set(module.get('x-provides', []))
        for source in module.get('sources', []):
            # A local source is part of this repository, never a folder beside it.
            if 'path' in source:
                where = (flatpak / source['path']).resolve()
                if where != root.resolve() and root.resolve() not in where.parents:
                    problems.append(f'{name}: {module["name"]}: the source {source["path"]} '
                                    'lies outside the repository')
            if source.get('type') in ('archive', 'file'):
                if not source.get('url', '').startswith('https://'):
                    problems.append(f'{name}: {module["name"]}: a source not over https')
                if not re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')):
                    problems.append(f'{name}: {module["name"]}: a source without its sha256')
    missing = needed - have
    if missing:
        problems.append(f'{name}: neither in the runtime nor a module: {sorted(missing)}')
    app = modules[-1] if modules else {}
    if app.get('buildsystem') != 'meson' or not app.get('run-tests'):
        problems.append(f'{name}: the last module is not the meson build with run-tests')
    if 'libssh2' not in {m.get('name') for m in modules}:
        problems.append(f'{name}: libssh2 1.11 is not built (the runtime has none)')

for p in problems:
    print(p, file=sys.stderr)
print(f'{len(manifests)} manifests, {len(needed)} dependencies checked')
sys.exit(1 if problems else 0)
