#!/bin/sh
# check-installed-launch.sh BUILDDIR: `meson install` into a scratch DESTDIR
# installs the program, its desktop file, icons, schema, metainfo, help (and the
# DDEX schemas when a packager gave them); the installed desktop file, launched
# the way a desktop does it (gio launch), starts the installed program, which
# opens its catalog.
set -eu
build=$1
[ -n "${DISPLAY:-}" ] || { echo "no X display (run under xvfb-run)"; exit 77; }
dest=$(mktemp -d)
pid=
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2> /dev/null || true
  rm -rf "$dest"
}
trap cleanup EXIT

meson install -C "$build" --no-rebuild --quiet --destdir "$dest" > /dev/null
prefix=$(meson introspect "$build" --buildoptions \
         | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
root="$dest$prefix"
desktop=$(ls "$root"/share/applications/io.github.tunemantra.TuneMantra*.desktop)
id=$(basename "$desktop" .desktop)

for f in "$root/bin/tunemantra" "$root/bin/tunemantra-cli" \
         "$root/share/metainfo/$id.metainfo.xml" \
         "$root/share/glib-2.0/schemas/io.github.tunemantra.TuneMantra.gschema.xml" \
         "$root/share/icons/hicolor/scalable/apps/$id.svg" \
         "$root/share/icons/hicolor/symbolic/apps/$id-symbolic.svg" \
         "$root/share/help/C/tunemantra/index.page"; do
  [ -e "$f" ] || { echo "not installed: ${f#$dest}"; exit 1; }
done
ddex=$(meson introspect "$build" --buildoptions \
       | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "ddex_schemas"][0])')
if [ -n "$ddex" ]; then
  ls "$root"/share/tunemantra/ddex/ern43/*.xsd > /dev/null 2>&1 \
    || { echo "the DDEX schemas given with -Dddex_schemas were not installed"; exit 1; }
elif [ -e "$root/share/tunemantra/ddex" ]; then
  echo "DDEX schemas were installed, but no packager gave them (they are DDEX's)"; exit 1
fi
# Nothing of the build machine is compiled into the installed programs (the
# debugging information aside, which names where they were compiled).
for program in tunemantra tunemantra-cli; do
  objcopy --strip-debug "$root/bin/$program" "$dest/$program.stripped"
  if grep -q -e "$(cd "$build" && pwd)" -e "$(cd "$build/.." && pwd)/" "$dest/$program.stripped"; then
    echo "the installed $program names a folder of the build machine"; exit 1
  fi
done
desktop-file-validate "$desktop"

# As a desktop would: the desktop file's Exec, found on PATH, with the schema compiled.
glib-compile-schemas "$root/share/glib-2.0/schemas"
export PATH="$root/bin:$PATH" XDG_DATA_DIRS="$root/share:${XDG_DATA_DIRS:-/usr/share}" \
       GSETTINGS_SCHEMA_DIR="$root/share/glib-2.0/schemas" TUNEMANTRA_CATALOG="$dest/catalog.db"
gio launch "$desktop"

# It opened its catalog; the process is the installed program.
for i in $(seq 1 100); do
  [ -s "$dest/catalog.db" ] && break
  sleep 0.1
done
[ -s "$dest/catalog.db" ] || { echo "the launched program did not open its catalog"; exit 1; }
for p in /proc/[0-9]*; do
  if grep -qz "^TUNEMANTRA_CATALOG=$dest/catalog.db\$" "$p/environ" 2> /dev/null \
     && [ "$(readlink "$p/exe")" = "$root/bin/tunemantra" ]; then
    pid=${p#/proc/}
  fi
done
[ -n "$pid" ] || { echo "the running program is not the installed one"; exit 1; }
echo "launched $root/bin/tunemantra from $id.desktop (pid $pid)"
