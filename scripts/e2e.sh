#!/usr/bin/env bash
# Serves the release build (from `make build`) on a throwaway SQLite database and runs the Playwright
# suite against it in Debian's Chromium. Stops the server with SIGTERM and checks it exits cleanly.
# E2E_ONLY=tests/csp.spec.ts runs one spec file (or any playwright test arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${E2E_PORT:-3210}"
BIN=target/release/claimcheck
[ -x "$BIN" ] || { echo "no release build: run make build first" >&2; exit 1; }

DATA=$(mktemp -d)
LOG="$DATA/server.log"
# The journeys written before reviewer standing register reviewers whose votes must count; the
# standing journeys (invites.spec.ts) say what standing they give. import.spec.ts serves the pages
# it imports on E2E_IMPORT_PORT; the server may fetch from it.
export E2E_IMPORT_PORT="${E2E_IMPORT_PORT:-3219}"
# The journeys register many accounts from one address: the per-address and per-account write
# limits are off here (tests/api/abuse.rs tests them on).
CLAIMCHECK_LIMIT_REGISTER_PER_HOUR=0 CLAIMCHECK_LIMIT_WRITES_PER_MINUTE=0 \
CLAIMCHECK_TRUST_NEW_ACCOUNTS=1 CLAIMCHECK_FETCH_ALLOW_HOSTS="127.0.0.1:$E2E_IMPORT_PORT" \
DATABASE_URL="sqlite://$DATA/e2e.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site \
  RUST_LOG="${RUST_LOG:-warn}" "$BIN" serve >"$LOG" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

for _ in $(seq 1 150); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then cat "$LOG" >&2; echo "server exited early" >&2; exit 1; fi
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null

export BASE_URL="http://127.0.0.1:$PORT" E2E_DATABASE_URL="sqlite://$DATA/e2e.db" E2E_BIN="$PWD/$BIN"
status=0
(cd end2end && npx playwright test ${E2E_ONLY:-}) || status=$?

kill -TERM "$PID"
if ! wait "$PID"; then echo "server did not exit cleanly on SIGTERM" >&2; cat "$LOG" >&2; status=1; fi
[ $status = 0 ] || { echo "--- server log ---" >&2; tail -n 50 "$LOG" >&2; }
exit $status
