#!/usr/bin/env bash
# Build-time benchmark: the synthetic 100,000-enterprise site (30,000 penalties).
# Usage: bench/build.sh [RUNS] [ENTITIES]
# Prints wall time, CPU time and peak memory per run, for an output folder on the
# work disk and on tmpfs (/dev/shm), which separates our CPU cost from the disk's.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
entities=${2:-100000}
fixture=${BENCH_DIR:-/tmp/gongshi-bench}/site-$entities
cargo build --release --quiet
bin=target/release/gongshi
if [ ! -f "$fixture/site.yaml" ]; then
  rm -rf "$fixture"
  $bin gen-fixture "$fixture" --entities "$entities" --seed 1
fi
wait_for_cleanup() { # the replaced output is removed in the background
  while compgen -G "$1/.*.gongshi-old-*" >/dev/null || compgen -G "$1/.*.gongshi-*gone*" >/dev/null; do sleep 1; done
}
measure() { # $1 = label, $2 = output dir
  for i in $(seq "$runs"); do
    rm -rf "$2"; wait_for_cleanup "$(dirname "$2")"; sync
    # ext4 skips recently freed inodes when allocating, which makes creating files
    # right after deleting hundreds of thousands several times slower; let it pass.
    [ "$1" = disk ] && sleep 40
    /usr/bin/time -f "$1 run $i: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
      $bin build "$fixture" --output "$2" --as-of 2026-11-23 >/dev/null
  done
  # A rebuild over an existing output (the usual case for staff).
  GONGSHI_TIMINGS=1 /usr/bin/time -f "$1 rebuild: %e s wall, %M KB peak RSS" \
    $bin build "$fixture" --output "$2" --as-of 2026-11-23 | sed -n '/ms$/p'
  wait_for_cleanup "$(dirname "$2")"
  rm -rf "$2"
}
echo "fixture: $entities enterprises, $(cat "$fixture"/content/penalties/*.yaml | grep -c '^- decision_no') penalties; $(nproc) cores"
measure disk "$fixture/output"
measure tmpfs /dev/shm/gongshi-bench-output
