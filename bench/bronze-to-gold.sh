#!/usr/bin/env bash
# Benchmark of the whole bronze → gold path on generated meter readings, at several scales.
# Prints, per scale: rows, wall seconds of a cold `factory run` (fresh warehouse), rows/s, peak RSS,
# and the wall seconds of a warm second run (nothing changed). Usage: bench/bronze-to-gold.sh [SCALE...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
scales=("${@:-1 5}")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/factory" --version >/dev/null
printf '%-6s %12s %10s %12s %12s %10s\n' scale rows cold_s rows_per_s peak_rss_mb warm_s
for scale in ${scales[@]}; do
  landing="$work/landing-$scale"; wh="$work/wh-$scale"
  "$here/factory" sample --out "$landing" --scale "$scale" 2>/dev/null
  rows=$(cat "$landing"/electricity/meter_readings/*/*.csv | wc -l)
  rows=$((rows - $(ls "$landing"/electricity/meter_readings/*/*.csv | wc -l)))
  /usr/bin/time -f '%e %M' -o "$work/time" "$here/factory" run --landing "$landing" --warehouse "$wh" 2>/dev/null
  read -r cold rss < "$work/time"
  /usr/bin/time -f '%e %M' -o "$work/time2" "$here/factory" run --landing "$landing" --warehouse "$wh" 2>/dev/null
  read -r warm _ < "$work/time2"
  printf '%-6s %12d %10.1f %12.0f %12.0f %10.1f\n' "$scale" "$rows" "$cold" "$(echo "$rows / $cold" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$warm"
done
