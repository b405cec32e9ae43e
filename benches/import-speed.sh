#!/usr/bin/env bash
# Import quality and speed on the development pages in ../shared/import-dev (see BENCHMARKS.md
# "Import"): unpacks them to a temp folder, runs the import_speed example on one core, and scores the
# bodies it wrote with the benchmark's own score.py. Usage: benches/import-speed.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
dev=../shared/import-dev
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$dev"/html/*.html.gz; do
  gunzip -c "$f" > "$tmp/$(basename "$f" .gz)"
done
cargo build --release --features ssr --example import_speed
taskset -c 0 target/release/examples/import_speed "$tmp" "${1:-5}" "$tmp/predictions.json"
python3 "$dev/score.py" "$tmp/predictions.json"
