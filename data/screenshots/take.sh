#!/bin/sh
# Takes the screenshots of the metainfo and the README at 1280x800 and at a
# phone's 360x720, in light and dark style, from a demo catalog made with the CLI: releases with real
# audio and covers, deliveries in every state, one to the built-in sandbox.
#
# Usage: data/screenshots/take.sh BUILDDIR [OUTDIR]   (OUTDIR: data/screenshots)
# Needs: xvfb, xauth, xdotool, imagemagick, sox.
set -eu
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${2:-$here}" && cd "${2:-$here}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export TUNEMANTRA_CATALOG="$work/catalog.db" XDG_DATA_HOME="$work/data" \
       XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" \
       TUNEMANTRA_SANDBOX_DATA="$work/sandbox" GSETTINGS_SCHEMA_DIR="$build/data" \
       GSETTINGS_BACKEND=keyfile LC_ALL=C.UTF-8 NO_AT_BRIDGE=1
# The main window's size, as it is kept between runs.
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings"
size() {
  printf '[io/github/tunemantra/TuneMantra]\nwindow-width=%s\nwindow-height=%s\n' "$1" "$2" \
    > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
}
cli="$build/src/cli/tunemantra-cli"
later=$(date -u -d '+21 days' +%Y-%m-%d)

# A UPC-A with its check digit, from its first eleven digits.
upc() {
  echo "$1" | awk '{ s = 0; for (i = 1; i <= 11; i++) s += substr($0, i, 1) * (i % 2 ? 3 : 1);
                     printf "%s%d\n", $0, (10 - s % 10) % 10 }'
}

# Albums and singles: tones, and a cover each (a light in its own colour).
n=0
for spec in "Midnight Drive|album|#2a4d8f" "Paper Moons|single|#8f2a5b" \
            "Glass Rivers|ep|#2a8f6b" "Static Bloom|single|#8f6b2a"; do
  title=${spec%%|*}; rest=${spec#*|}; type=${rest%%|*}; colour=${rest#*|}
  n=$((n + 1))
  dir="$work/$title"
  mkdir -p "$dir"
  tracks=1; [ "$type" = album ] && tracks=4; [ "$type" = ep ] && tracks=3
  for t in $(seq 1 "$tracks"); do
    sox -n -r 44100 -c 2 -b 16 "$dir/0$t - Part $t.wav" synth 75 sine $((110 * t))-$((220 * t)) \
      sine $((165 * t)) tremolo 0.3 60 fade q 4 75 10 gain -9
  done
  convert -size 3000x3000 "radial-gradient:#f2e8d8-$colour" -define png:color-type=2 "$dir/cover.png"
  "$cli" import "$dir" > /dev/null
  "$cli" release set "$n" artist="Nova Lane" release_type="$type" label="Nova Records" \
    genre=Electronic language=en release_date="$later" p_year=2026 p_holder="Nova Lane" \
    c_year=2026 c_holder="Nova Lane" upc="$(upc "19384756${n}00")" > /dev/null
  # The last release is left unfinished: its pre-flight has work to show.
  [ "$n" -lt 4 ] || continue
  for t in $(seq 1 "$tracks"); do
    "$cli" track set "$n" "$t" artist="Nova Lane" isrc="QZNWX26${n}000$t" \
      'contributors=[{"name":"Nora Lanfield","role":"composer"}]' > /dev/null
  done
done

# Platforms: the sandbox, a folder, and one that cannot work.
"$cli" platform add Shelf --kind folder --path "$work/shelf" > /dev/null
"$cli" platform add "Old Server" --kind folder --path /proc/nowhere > /dev/null
"$cli" distribute 1 --platform "Sandbox (test platform)" --platform Shelf --wait > /dev/null 2>&1 || true
"$cli" distribute 2 --platform Shelf --platform "Old Server" --wait > /dev/null 2>&1 || true
"$cli" pause > /dev/null
"$cli" distribute 3 --platform Shelf > /dev/null 2>&1 || true

# take NAME WINDOW-TITLE ARGS...: the window titled WINDOW-TITLE, light and dark.
take() {
  name=$1; title=$2; shift 2
  for style in light dark; do
    scheme=prefer-light; [ "$style" = dark ] && scheme=prefer-dark
    ADW_DEBUG_COLOR_SCHEME=$scheme xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
      out=$1; title=$2; shift 2
      "$@" 2> /dev/null & pid=$!
      sleep 4
      xdotool mousemove 1279 799
      sleep 1
      id=$(xdotool search --name "^$title\$" | tail -n 1)
      import -window "${id:-root}" "$out"
      kill $pid; wait $pid 2> /dev/null || true' sh "$out/$name-$style.png" "$title" \
      "$build/src/app/tunemantra" "$@"
  done
}
size 1280 800
take releases TuneMantra
take release TuneMantra --release 1
take deliveries Deliveries --show deliveries
take insights Insights --show insights
# At a phone's width: the list a single column, the page stacked.
size 360 720
take releases-narrow TuneMantra
take release-narrow TuneMantra --release 1
echo "Screenshots in $out"
