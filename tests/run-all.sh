#!/bin/sh
# run-all.sh: the whole test suite, as CI runs it (the README's test command):
#  1. the build of the project, its tests under Xvfb;
#  2. the core tests again under valgrind memcheck: no errors, no definite leaks;
#  3. a clang build with AddressSanitizer and UndefinedBehaviorSanitizer, with
#     the whole suite again;
#  4. every libFuzzer target 20,000 times from its seed corpus.
set -eu
cd "$(dirname "$0")/.."

# meson setup, again in a folder that was set up before.
setup() {
  dir=$1; shift
  if [ -d "$dir" ]; then set -- --reconfigure "$dir" "$@"; else set -- "$dir" "$@"; fi
  env ${SETUP_CC:+CC=$SETUP_CC} meson setup "$@"
}

echo "== 1. the build and its tests"
setup _build
ninja -C _build
xvfb-run -a -s "-screen 0 1280x800x24" meson test -C _build --print-errorlogs

echo "== 2. the core tests under valgrind"
# ORC_CODE=backup: GStreamer's conversions run orc's C versions, not code orc
# compiles at run time for the CPU at hand, which valgrind sees without symbols.
# Code made at run time that has no C version is in tests/valgrind.supp.
ORC_CODE=backup meson test -C _build --no-rebuild --print-errorlogs --timeout-multiplier 10 \
  --wrap="valgrind --num-callers=50 --error-exitcode=1 --leak-check=full \
--errors-for-leak-kinds=definite \
--show-leak-kinds=definite --suppressions=/usr/share/glib-2.0/valgrind/glib.supp \
--suppressions=$PWD/tests/valgrind.supp" \
  test-model test-catalog test-earnings test-importer test-delivery test-queue test-cli test-check \
  test-ddex test-api test-sftp test-kill test-security test-cover

echo "== 3. AddressSanitizer and UndefinedBehaviorSanitizer, the whole suite"
SETUP_CC=clang setup _build-asan -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
ninja -C _build-asan
# Leaks are valgrind's part (2): GLib's and GTK's lifetime allocations would drown them here.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  xvfb-run -a -s "-screen 0 1280x800x24" meson test -C _build-asan --print-errorlogs \
  --timeout-multiplier 4

echo "== 4. fuzzing"
sh tests/fuzz/run.sh _build-asan 20000
