#!/usr/bin/env bash
# Province scale (issue 15): the 1,000,000-enterprise site with 300,000 penalties,
# built on the work disk, then the search probe over it in headless Chromium.
# Usage: bench/province.sh [ENTITIES]   (needs ~20 GB free disk; takes ~6 minutes)
# OUT=/dev/shm/out-1m bench/province.sh builds into tmpfs instead: its 19 GB output
# beside a 1.9 GB build leaves little of 24 GiB, so add swap first as a safety net
# (fallocate -l 16G /work/swap && chmod 600 /work/swap && mkswap /work/swap &&
# swapon /work/swap) and compare /proc/vmstat's pswpout before and after: a run that
# swapped out is not a tmpfs run.
set -euo pipefail
cd "$(dirname "$0")/.."
entities=${1:-1000000}
base=${BENCH_DIR:-/tmp/gongshi-bench}
site=$base/site-$entities
out=${OUT:-$base/out-$entities}
cargo build --release --quiet
bin=target/release/gongshi
if [ ! -f "$site/site.yaml" ]; then
  /usr/bin/time -f "gen-fixture: %e s" $bin gen-fixture "$site" --entities "$entities" --penalties $((entities * 3 / 10)) --seed 1 >/dev/null
fi
rm -rf "$out"
swapped_before=$(awk '/^pswpout/ {print $2}' /proc/vmstat)
/usr/bin/time -f "build: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
  $bin build "$site" --output "$out" --as-of 2026-11-23 --no-ledger | sed -n '/wrote/p'
echo "pages swapped out during the build: $(($(awk '/^pswpout/ {print $2}' /proc/vmstat) - swapped_before))"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
node bench/search.mjs "$out"
rm -rf "$out"
