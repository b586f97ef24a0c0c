#!/usr/bin/env bash
# The daily-rebuild benchmark (issue 15): on the synthetic 100,000-enterprise site,
# a fresh build into an empty output folder against a rebuild over the previous output
# after 1% of the penalty records changed (each 100th record's `content`), on the
# work disk, same as-of date. The rebuild links the files whose bytes did not change
# and keeps the pages whose inputs did not change without rendering them (see
# src/write/reuse.rs and src/write/pages.rs). The first rebuild after a fresh build
# starts from an empty staging folder; it keeps the site it replaced as the spare
# (src/write/spare.rs), and the next one, after another 1% changed (the daily rebuild),
# starts from that. With OLD=path/to/previous/gongshi, the previous binary's rebuild
# is measured in the same run.
# Usage: bench/rebuild.sh [RUNS] [ENTITIES]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-2}
entities=${2:-100000}
base=${BENCH_DIR:-/tmp/gongshi-bench}
fixture=$base/rebuild-$entities
cargo build --release --quiet
bin=target/release/gongshi
rm -rf "$fixture"
$bin gen-fixture "$fixture" --entities "$entities" --seed 1 >/dev/null
out=$base/rebuild-out
# The replaced site is removed in the background (under the staging folder's name on
# Linux, where the two are exchanged in one step).
wait_for_cleanup() { # (any one of the patterns: `ls -d` of several fails if one is missing)
  while compgen -G "$base/.rebuild-out.gongshi-old-*" >/dev/null || compgen -G "$base/.rebuild-out.gongshi-tmp-*" >/dev/null || compgen -G "$base/.rebuild-out.gongshi-*gone*" >/dev/null; do sleep 1; done; }
edit_one_percent() { # $1 = a tag, so that every run changes the records again
  python3 - "$fixture" "$1" <<'PY'
import pathlib, sys
root, tag = pathlib.Path(sys.argv[1]) / "content/penalties", sys.argv[2]
n = 0
for f in sorted(root.glob("*.yaml")):
    lines = f.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("  content: "):
            if n % 100 == 0:
                lines[i] = line.split(" （")[0] + f" （更正{tag}）"
            n += 1
    f.write_text("\n".join(lines), encoding="utf-8")
PY
}
show_changes() {
  python3 -c "import json,sys; c=json.load(open('$out.changes.json')); print('  change list: %d added, %d changed, %d removed, %d unchanged' % (len(c['added']), len(c['changed']), len(c['removed']), c['unchanged']))"
}
time_it() { # $1 = label, then the command
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" >/dev/null
}
echo "fixture: $entities enterprises, $(cat "$fixture"/content/penalties/*.yaml | grep -c '^- decision_no') penalties; $(nproc) cores; output on $(df --output=fstype "$base" | tail -1)"
for i in $(seq "$runs"); do
  # A fresh build: no output, no records, no spare.
  rm -rf "$out" "$base"/.rebuild-out.gongshi-*; wait_for_cleanup; sync; sleep 30  # let ext4 reuse the freed inodes
  time_it "run $i fresh build" $bin build "$fixture" --output "$out" --as-of 2026-11-23 --no-ledger
  wait_for_cleanup; sync
  edit_one_percent "a$i"
  time_it "run $i 1pct rebuild" $bin build "$fixture" --output "$out" --as-of 2026-11-23 --no-ledger
  show_changes
  wait_for_cleanup; sync
  edit_one_percent "s$i"
  time_it "run $i 1pct rebuild from the spare" $bin build "$fixture" --output "$out" --as-of 2026-11-23 --no-ledger
  show_changes
  if [ -n "${OLD:-}" ]; then
    wait_for_cleanup; sync
    edit_one_percent "b$i"
    time_it "run $i 1pct rebuild, previous binary" "$OLD" build "$fixture" --output "$out" --as-of 2026-11-23 --no-ledger
  fi
  wait_for_cleanup
done
rm -rf "$out" "$base"/.rebuild-out.gongshi-* "$out.changes.json" "$fixture/ledger.csv"
