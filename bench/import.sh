#!/usr/bin/env bash
# Imports a 100,000-row penalty spreadsheet and reports wall time and peak RSS.
# The spreadsheet is gongshi's own /data/penalties.xlsx (the national template's
# columns) of a synthetic site with 100,000 penalties, made with gen-fixture and built
# once; it is imported into an empty site with the same site.yaml, RUNS times.
# Usage: bench/import.sh [GONGSHI_BIN] [RUNS]
set -euo pipefail
bin=${1:-target/release/gongshi}
runs=${2:-3}
dir=${BENCH_DIR:-/tmp/gongshi-bench}/import-100000
if [ ! -f "$dir/out/data/penalties.xlsx" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  "$bin" gen-fixture "$dir/site" --entities 30000 --penalties 141000 --seed 1 >/dev/null
  "$bin" build "$dir/site" --output "$dir/out" --as-of 2026-11-23 >/dev/null
fi
rows=$(unzip -p "$dir/out/data/penalties.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)
echo "penalties.xlsx: $((rows - 1)) rows, $(du -h "$dir/out/data/penalties.xlsx" | cut -f1)"
for i in $(seq "$runs"); do
  rm -rf "$dir/empty" && mkdir -p "$dir/empty/content"
  cp "$dir/site/site.yaml" "$dir/empty/"
  m=$( { /usr/bin/time -f "%e %M" "$bin" import "$dir/out/data/penalties.xlsx" --site "$dir/empty" --as-of 2026-11-23 >/dev/null; } 2>&1 | tail -1)
  echo "run $i: ${m% *} s wall, $(( ${m#* } / 1024 )) MB peak RSS"
done
