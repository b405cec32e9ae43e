#!/usr/bin/env bash
# Scores claim extraction against the labelled dev articles in ../shared/claims-dev.
# Builds nothing: needs the shared folder beside the repo (../shared) and a release binary
# from `make build` first (or pass another binary that speaks `extract FILE --format json`).
# Usage, from anywhere: scripts/score-extract.sh [path/to/claimcheck]
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 ../shared/claims-dev/score.py "${1:-target/release/claimcheck}"
