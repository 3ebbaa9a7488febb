#!/bin/sh
# make-ebu-signals.sh DIR: synthesises the EBU Tech 3341 (cases 1-6, 9-23) and
# Tech 3342 (cases 1-4) test signals with SoX, as the EBU describes them.
# 48 kHz, 32-bit float WAV. Cases 7, 8 and 3342-5/6 are programme excerpts that
# cannot be synthesised.
set -eu
out=$1
R=48000
FMT="-r $R -e floating-point -b 32"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

tone () { sox -r $R -c "$2" -n $FMT "$1" synth "$3" sine 1000 gain "$4"; }   # file ch s dBFS
sil ()  { sox -r $R -c "$2" -n $FMT "$1" trim 0 "$3"; }                      # file ch s

tone "$out/3341-01.wav" 2 20 -23
tone "$out/3341-02.wav" 2 20 -33
tone "$T/a.wav" 2 10 -36
tone "$T/b.wav" 2 60 -23
sox "$T/a.wav" "$T/b.wav" "$T/a.wav" "$out/3341-03.wav"
tone "$T/c.wav" 2 10 -72
sox "$T/c.wav" "$T/a.wav" "$T/b.wav" "$T/a.wav" "$T/c.wav" "$out/3341-04.wav"
tone "$T/d.wav" 2 20 -26
tone "$T/e.wav" 2 20.1 -20
sox "$T/d.wav" "$T/e.wav" "$T/d.wav" "$out/3341-05.wav"
tone "$T/l.wav" 1 20 -28
tone "$T/cc.wav" 1 20 -24
tone "$T/s.wav" 1 20 -30
sox -M "$T/l.wav" "$T/l.wav" "$T/cc.wav" "$T/s.wav" "$T/s.wav" "$out/3341-06.wav"

tone "$T/h.wav" 2 1.34 -20
tone "$T/k.wav" 2 1.66 -30
set --
i=0; while [ $i -lt 5 ]; do set -- "$@" "$T/h.wav" "$T/k.wav"; i=$((i + 1)); done
sox "$@" "$out/3341-09.wav"

tone "$T/t3.wav" 2 3 -23
sil "$T/s1.wav" 2 1
tone "$T/t04.wav" 2 0.4 -23
i=0; while [ $i -le 19 ]; do
  n=$(printf %02d $((i + 1)))
  if [ $i -eq 0 ]; then
    sox "$T/t3.wav" "$T/s1.wav" "$out/3341-10-$n.wav"
    sox "$T/t04.wav" "$T/s1.wav" "$out/3341-13-$n.wav"
  else
    sil "$T/p.wav" 2 "$(echo "$i * 0.15" | bc -l)"
    sox "$T/p.wav" "$T/t3.wav" "$T/s1.wav" "$out/3341-10-$n.wav"
    sil "$T/p.wav" 2 "$(echo "$i * 0.02" | bc -l)"
    sox "$T/p.wav" "$T/t04.wav" "$T/s1.wav" "$out/3341-13-$n.wav"
  fi
  i=$((i + 1))
done

set --
i=0; while [ $i -lt 25 ]; do
  [ $i -eq 0 ] && { tone "$T/m1.wav" 2 0.18 -20; tone "$T/m2.wav" 2 0.22 -30; }
  set -- "$@" "$T/m1.wav" "$T/m2.wav"; i=$((i + 1))
done
sox "$@" "$out/3341-12.wav"

# Live meters: 20 segments of 6 s (case 11) and 0.8 s (case 14), each 1 LU louder.
set --
i=0; while [ $i -le 19 ]; do
  if [ $i -gt 0 ]; then sil "$T/a$i.wav" 2 "$(echo "$i * 0.15" | bc -l)"; set -- "$@" "$T/a$i.wav"; fi
  tone "$T/t$i.wav" 2 3 $((i - 38))
  sil "$T/b$i.wav" 2 "$(echo "3 - $i * 0.15" | bc -l)"
  set -- "$@" "$T/t$i.wav" "$T/b$i.wav"
  i=$((i + 1))
done
sox "$@" "$out/3341-11.wav"
set --
i=0; while [ $i -le 19 ]; do
  if [ $i -gt 0 ]; then sil "$T/c$i.wav" 2 "$(echo "$i * 0.02" | bc -l)"; set -- "$@" "$T/c$i.wav"; fi
  tone "$T/u$i.wav" 2 0.4 $((i - 38))
  sil "$T/d$i.wav" 2 "$(echo "0.4 - $i * 0.02" | bc -l)"
  set -- "$@" "$T/u$i.wav" "$T/d$i.wav"
  i=$((i + 1))
done
sox "$@" "$out/3341-14.wav"

# True peak: phase in % of a cycle, 10 ms half-sine fades.
tp () { sox -r $R -c 2 -n $FMT "$1" synth 5 sine "$2" 0 "$3" gain "$4" fade h 0.01 5 0.01; }
tp "$out/3341-15.wav" 12000 0        -6.0206
tp "$out/3341-16.wav" 12000 12.5     -6.0206
tp "$out/3341-17.wav" 8000  16.66667 -6.0206
tp "$out/3341-18.wav" 6000  18.75    -6.0206
tp "$out/3341-19.wav" 12000 12.5      2.9844
# 20-23: made at 4 fs with whole periods, offset by 0-3 samples, then decimated.
sox -r $((4 * R)) -c 2 -n -e floating-point -b 32 "$T/q1.wav" synth 0.5 sine 8000 gain -6.0206
sox -r $((4 * R)) -c 2 -n -e floating-point -b 32 "$T/q2.wav" synth 16s sine 12000
sox "$T/q1.wav" "$T/q2.wav" "$T/q1.wav" "$T/q4.wav"
n=20; for off in 0 1 2 3; do
  sox "$T/q4.wav" -e floating-point -b 32 "$out/3341-$n.wav" trim ${off}s rate -v $R fade h 0.005 0 0.005
  n=$((n + 1))
done

lra2 () { tone "$T/x.wav" 2 20 "$2"; tone "$T/y.wav" 2 20 "$3"; sox "$T/x.wav" "$T/y.wav" "$1"; }
lra2 "$out/3342-1.wav" -20 -30
lra2 "$out/3342-2.wav" -20 -15
lra2 "$out/3342-3.wav" -40 -20
tone "$T/v1.wav" 2 20 -50
tone "$T/v2.wav" 2 20 -35
tone "$T/v3.wav" 2 20 -20
sox "$T/v1.wav" "$T/v2.wav" "$T/v3.wav" "$T/v2.wav" "$T/v1.wav" "$out/3342-4.wav"
