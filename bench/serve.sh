#!/usr/bin/env bash
# Incremental-rebuild benchmark for `gongshi serve`: edit penalty records and read how
# long the preview took to serve the changed pages (debounce excluded; serve prints
# "pages ready in N ms" after each rebuild, and when exports and the search index were
# up to date too).
# Three kinds of edit, EDITS of each:
#   facts     - text shown on the pages only (no search document changes)
#   violation - indexed text (the search index is patched in place)
#   party     - the party's name, a document title (documents are renumbered, the
#               index is rebuilt; unchanged file groups are kept)
# Then two theme edits, 3 of each, on a copy of the default theme in the site folder:
#   css       - a static file (copied again; no page is rendered)
#   template  - penalty.html (every page is rendered again)
# Usage: bench/serve.sh [SITE_DIR] [EDITS]   (default: the 100k synthetic site)
# GONGSHI_BIN=path measures another binary (e.g. the previous release) with the theme
# in THEME_DIR (default: this repo's themes/default).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${GONGSHI_BIN:-}" ]; then cargo build --release --quiet; fi
bin=${GONGSHI_BIN:-$PWD/target/release/gongshi}
theme=${THEME_DIR:-$PWD/themes/default}
src=${1:-${BENCH_DIR:-/tmp/gongshi-bench}/site-100000}
edits=${2:-5}
if [ ! -f "$src/site.yaml" ]; then
  $bin gen-fixture "$src" --entities 100000 --seed 1
fi
work=$(mktemp -d)
cp -r "$src/site.yaml" "$src/content" "$work/"
file=$(grep -l 'decided: 2026' "$work"/content/penalties/*.yaml | head -1)
log=$work/serve.log
$bin serve "$work" --port 0 --as-of 2026-11-23 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
until grep -q '^serving' "$log"; do sleep 0.2; done
grep '^built' "$log"

# Waits until serve has printed more than $1 "rebuilt" lines; stops on an error.
wait_rebuilt() {
  until [ "$(grep -c '^rebuilt' "$log" || true)" -gt "$1" ]; do
        sleep 0.05
  done
}

# edit KIND N: change the first record of the file that is public (decided in 2026,
# never repaired), so that its pages and search documents exist.
edit() {
  local key
  case $1 in
    facts) key=facts ;;
    violation) key=violation_type ;;
    party) key=party ;;
  esac
  KEY=$key MARK="第$2次" perl -0777 -pi -e '
    my @recs = split /(?=^- decision_no:)/m, $_;
    for my $r (@recs) {
      next unless $r =~ /^- decision_no/ && $r !~ /repaired:/ && $r =~ /decided: 2026/;
      $r =~ s/^  $ENV{KEY}: /  $ENV{KEY}: $ENV{MARK}/m;
      last;
    }
    $_ = join "", @recs;' "$file"
}

for kind in facts violation party; do
  for i in $(seq "$edits"); do
    before=$(grep -c '^rebuilt' "$log" || true)
    edit "$kind" "$i"
    wait_rebuilt "$before"
    echo "$kind: $(grep '^rebuilt' "$log" | tail -1)"
  done
done
before=$(grep -c '^rebuilt' "$log" || true)
mkdir -p "$work/themes/default"
cp -r "$theme/static" "$theme/templates" "$work/themes/default/"
wait_rebuilt "$before" # the copy is a theme change: every page is rendered
echo "theme copied: $(grep '^rebuilt' "$log" | tail -1)"
for kind in css template; do
  for i in 1 2 3; do
    before=$(grep -c '^rebuilt' "$log" || true)
    case $kind in
      css) echo "/* edit $i */" >> "$work/themes/default/static/css/site.css" ;;
      template) sed -i "s/{% block content %}/{% block content %}<!-- edit $i -->/" \
        "$work/themes/default/templates/penalty.html" ;;
    esac
    wait_rebuilt "$before"
    echo "$kind: $(grep '^rebuilt' "$log" | tail -1)"
  done
done
