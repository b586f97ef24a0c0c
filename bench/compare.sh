#!/usr/bin/env bash
# Compares two gongshi binaries on the same site, alternating runs, output on tmpfs
# (so that the disk does not drown the difference). Prints wall time and peak RSS per
# run and the median of each binary.
# Usage: bench/compare.sh OLD_BIN NEW_BIN [SITE] [RUNS]
#   SITE defaults to the 100k synthetic site (made with NEW_BIN's gen-fixture if absent).
set -euo pipefail
old=$1 new=$2
site=${3:-${BENCH_DIR:-/tmp/gongshi-bench}/site-100000}
runs=${4:-5}
if [ ! -f "$site/site.yaml" ]; then
  "$new" gen-fixture "$site" --entities 100000 --seed 1 >/dev/null
fi
out=/dev/shm/gongshi-compare
declare -A walls mems
for i in $(seq "$runs"); do
  for which in old new; do
    bin=${!which}
    rm -rf "$out" /dev/shm/.gongshi-compare.gongshi-*
    m=$( { /usr/bin/time -f "%e %M" "$bin" build "$site" --output "$out" --as-of 2026-11-23 >/dev/null; } 2>&1 | tail -1)
    echo "$which run $i: ${m% *} s wall, $(( ${m#* } / 1024 )) MB peak RSS"
    walls[$which]+="${m% *} "
    mems[$which]+="${m#* } "
  done
done
rm -rf "$out"
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for which in old new; do
  echo "$which median: $(echo "${walls[$which]}" | median) s, $(( $(echo "${mems[$which]}" | median) / 1024 )) MB"
done
