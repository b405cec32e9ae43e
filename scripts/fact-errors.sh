#!/usr/bin/env bash
# Lists the fact errors of the leave-one-article-out cross-validation: for each claim it finds,
# the gold facts no marked span overlaps ("fact missed") and the marked spans that overlap no
# gold fact ("fact extra"), with the summary figures at the end. Reads ../shared/claims-dev at
# run time only. Usage, from anywhere: scripts/fact-errors.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run -q --features ssr ${1:+"$1"} --example train_extractor -- \
    ../shared/claims-dev/gold.json ../shared/claims-dev/news/gold.json --cv --fact-errors
