#!/bin/sh
# Fails when a source file with translatable strings is missing from POTFILES.in,
# or POTFILES.in names a file that has none (or is gone).
# Usage: check-potfiles.sh SOURCE_ROOT
set -eu
cd "$1"
found=$(mktemp)
listed=$(mktemp)
trap 'rm -f "$found" "$listed"' EXIT
{
  grep -rlE '(^|[^A-Za-z0-9_])(N?_|ngettext|C_) ?\(' src --include='*.c' || true
  grep -rl 'translatable="yes"' ui --include='*.ui' || true
  ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml
} | sort -u > "$found"
grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort -u > "$listed"
if ! diff -u "$listed" "$found"; then
  echo "po/POTFILES.in is not the list of files with translatable strings (+ missing, - stale)" >&2
  exit 1
fi
