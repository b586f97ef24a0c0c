#!/usr/bin/env bash
# Incremental-rebuild benchmark for `gongshi serve`: edit one penalty record and read
# how long the preview took to serve the changed pages (debounce excluded; serve
# prints "pages ready in N ms" after each rebuild).
# Usage: bench/serve.sh [SITE_DIR] [EDITS]   (default: the 100k synthetic site)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/gongshi
src=${1:-${BENCH_DIR:-/tmp/gongshi-bench}/site-100000}
edits=${2:-5}
if [ ! -f "$src/site.yaml" ]; then
  $bin gen-fixture "$src" --entities 100000 --seed 1
fi
work=$(mktemp -d)
cp -r "$src/site.yaml" "$src/content" "$work/"
file=$(ls "$work"/content/penalties/*.yaml | head -1)
log=$work/serve.log
$bin serve "$work" --port 0 --as-of 2026-11-23 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
until grep -q '^serving' "$log"; do sleep 0.2; done
grep '^built' "$log"
for i in $(seq "$edits"); do
  before=$(grep -c '^rebuilt' "$log" || true)
  # Change the facts of the first penalty record of the file.
  sed -i "0,/  facts: /s//  facts: 第${i}次修改，/" "$file"
  until [ "$(grep -c '^rebuilt' "$log" || true)" -gt "$before" ]; do sleep 0.05; done
  grep '^rebuilt' "$log" | tail -1
done
