#!/usr/bin/env bash
# Serves the release build (from `make build`) on a throwaway SQLite database and runs the Playwright
# suite against it in Debian's Chromium. Stops the server with SIGTERM and checks it exits cleanly.
# E2E_ONLY=tests/csp.spec.ts runs one spec file (or any playwright test arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${E2E_PORT:-3210}"
[ -x target/release/claimcheck ] || { echo "no release build: run make build first" >&2; exit 1; }

DATA=$(mktemp -d)
LOG="$DATA/server.log"
# The server runs from a copy of its own: target/ may be a build cache shared with other clones,
# whose builds replace target/release/claimcheck while this suite runs.
BIN="$DATA/claimcheck"
cp target/release/claimcheck "$BIN"
# The journeys written before reviewer standing register reviewers whose votes must count; the
# standing journeys (invites.spec.ts) say what standing they give. import.spec.ts serves the pages
# it imports on E2E_IMPORT_PORT; the server may fetch from it.
export E2E_IMPORT_PORT="${E2E_IMPORT_PORT:-3219}"
PID=""
start_server() {
  # The journeys register many accounts from one address: the per-address and per-account write
  # limits are off here (tests/api/abuse.rs tests them on).
  CLAIMCHECK_LIMIT_REGISTER_PER_HOUR=0 CLAIMCHECK_LIMIT_WRITES_PER_MINUTE=0 \
  CLAIMCHECK_TRUST_NEW_ACCOUNTS=1 CLAIMCHECK_FETCH_ALLOW_HOSTS="127.0.0.1:$E2E_IMPORT_PORT" \
  DATABASE_URL="sqlite://$DATA/e2e.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site \
    RUST_LOG="${RUST_LOG:-warn}" "$BIN" serve >>"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$PID" 2>/dev/null; then cat "$LOG" >&2; echo "server exited early" >&2; exit 1; fi
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null
}
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT
start_server

export BASE_URL="http://127.0.0.1:$PORT" E2E_DATABASE_URL="sqlite://$DATA/e2e.db" E2E_BIN="$BIN"
status=0
(cd end2end && npx playwright test ${E2E_ONLY:-}) || status=$?

if ! kill -0 "$PID" 2>/dev/null; then
  # The server died under the suite. Killed by the machine (SIGBUS: a page of the binary or of the
  # database's shared memory could not be read back; seen once on the CI machine) rather than by a
  # fault of its own (a panic is caught per request; a crash exits with its own status): say so
  # loudly, start it again on the same database, and run the journeys that failed once more.
  # Any other exit fails the suite with its log.
  set +e; wait "$PID"; code=$?; set -e
  echo "--- the server stopped during the suite (exit status $code); its log: ---" >&2
  tail -n 50 "$LOG" >&2
  if [ "$code" = 135 ] && [ $status != 0 ]; then
    echo "--- SIGBUS: restarting the server and running the failed journeys again ---" >&2
    start_server
    status=0
    (cd end2end && npx playwright test --last-failed) || status=$?
  else
    exit 1
  fi
fi

kill -TERM "$PID"
if ! wait "$PID"; then echo "server did not exit cleanly on SIGTERM" >&2; cat "$LOG" >&2; status=1; fi
PID=""
[ $status = 0 ] || { echo "--- server log ---" >&2; tail -n 50 "$LOG" >&2; }
exit $status
