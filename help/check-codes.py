#!/usr/bin/env python3
# check-codes.py SOURCE_ROOT: every issue code the checker can give is
# explained in the help (help/C/checks.page).
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
checker = (root / 'src/core/check/tm-checker.c').read_text()
page = (root / 'help/C/checks.page').read_text()
codes = sorted(set(re.findall(r'\badd\s*\(\s*c\s*,\s*"([a-z_]+\.[a-z_]+)"', checker)))
missing = [c for c in codes if f'<code>{c}</code>' not in page]
# The window links each problem to the section of its kind (tm_issue_help_uri()).
for c in codes:
    kind = c.split('.')[0]
    section = 'release' if kind == 'track' else kind
    if f'<section id="{section}">' not in page:
        missing.append(f'{c} (no section "{section}")')
for c in missing:
    print(f'help/C/checks.page does not explain {c}', file=sys.stderr)
print(f'{len(codes)} codes, {len(missing)} not explained')
sys.exit(1 if missing or not codes else 0)
