#!/bin/sh
# run.sh BUILDDIR [RUNS]: runs every libFuzzer target of BUILDDIR (configured
# with CC=clang -Dfuzzing=true -Db_sanitize=address,undefined) RUNS times
# (default 20000) from a copy of its seed corpus, with a fixed seed (SEED, 1 by
# default) so that CI is repeatable; other seeds explore further. A crash, a leak, a sanitizer
# report or a timeout fails; the input that caused it is kept in
# BUILDDIR/fuzz-findings/ to be added to tests/fuzz/regressions/TARGET/.
set -eu
build=$(cd "$1" && pwd)
runs=${2:-20000}
seed=${SEED:-1}
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
findings="$build/fuzz-findings"
trap 'rm -rf "$work"' EXIT
mkdir -p "$findings"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LC_ALL=C.UTF-8 GSETTINGS_BACKEND=memory

status=0
n=0
for bin in "$build"/tests/fuzz/fuzz-*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  name=${bin##*/fuzz-}
  n=$((n + 1))
  mkdir -p "$work/$name"
  cp "$src/corpus/$name"/* "$work/$name"/
  if "$bin" -seed="$seed" -runs="$runs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
       -artifact_prefix="$findings/$name-" "$work/$name" > "$work/$name.log" 2>&1; then
    printf '%-14s ok   %s\n' "$name" "$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$name.log" | tail -n 1)"
  else
    printf '%-14s FAIL\n' "$name"
    tail -n 40 "$work/$name.log"
    status=1
  fi
done
[ "$n" -gt 0 ] || { echo "no fuzz targets in $build (configure it with -Dfuzzing=true)"; exit 1; }
exit $status
