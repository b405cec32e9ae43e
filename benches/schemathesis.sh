#!/usr/bin/env bash
# schemathesis (PyPI) against /api/openapi.json with a signed-in admin session: property-based
# requests for every operation, checking that nothing answers 5xx and that every response fits the
# schema. Builds nothing: run `make build` first (it uses target/release/claimcheck).
#
# Usage: benches/schemathesis.sh [--max-examples N] [--checks LIST] [extra schemathesis options...]
#   defaults: --max-examples 50 and the response-side checks below; `--checks all` adds the
#   request-side ones (see BENCHMARKS.md, "Hostile input", for why those report schema looseness)
# The server runs on a fresh SQLite database in a temp folder, on a free port, and is stopped at exit.
# schemathesis is installed into ~/.cache/claimcheck/venv (or $CLAIMCHECK_VENV) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES=50
CHECKS=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance,response_headers_conformance
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --max-examples) MAX_EXAMPLES=$2; shift 2 ;;
    --checks) CHECKS=$2; shift 2 ;;
    *) EXTRA+=("$1"); shift ;;
  esac
done

BIN=${CLAIMCHECK_BIN:-target/release/claimcheck}
[ -x "$BIN" ] || { echo "no $BIN: run 'make build' first" >&2; exit 1; }

VENV=${CLAIMCHECK_VENV:-$HOME/.cache/claimcheck/venv}
if [ ! -x "$VENV/bin/schemathesis" ]; then
  echo "installing schemathesis into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet schemathesis
fi

TMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
export DATABASE_URL="sqlite://$TMP/claimcheck.db"
# The per-address and per-account limits would answer most of the run 429; they are tested on in
# tests/api/abuse.rs.
CLAIMCHECK_LIMIT_REGISTER_PER_HOUR=0 CLAIMCHECK_LIMIT_WRITES_PER_MINUTE=0 CLAIMCHECK_LIMIT_IMPORTS_PER_HOUR=0 \
  LEPTOS_SITE_ROOT=target/site "$BIN" serve --site-addr "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
SERVER=$!
stop() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  if grep -q ' ERROR ' "$TMP/server.log"; then
    echo "server errors logged during the run:"
    grep ' ERROR ' "$TMP/server.log" | head -20
  fi
  rm -rf "$TMP"
}
trap stop EXIT

for _ in $(seq 200); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.05
done
curl -fsS "$BASE/healthz" >/dev/null

# An admin session (every operation is reachable), and a little data for the id-taking operations.
USER=schemathesis
PASSWORD="correct horse battery staple"
COOKIE=$(curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' \
  -d "{\"username\":\"$USER\",\"password\":\"$PASSWORD\"}" "$BASE/api/auth/register" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(claimcheck_session=[^;]*\).*/\1/p' | head -1)
[ -n "$COOKIE" ] || { echo "registering $USER gave no session cookie" >&2; exit 1; }
"$BIN" user promote "$USER" --reason "schemathesis run" >/dev/null
api() { curl -fsS -H "Cookie: $COOKIE" -H 'Content-Type: application/json' "$@"; }
api -d '{"title":"Seed","body":"The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019. About 40% of residents use it."}' \
  "$BASE/api/articles" >/dev/null
api -d '{"url":"https://seed.example/","stance":"supports"}' "$BASE/api/claims/1/sources" >/dev/null
api -d '{"reason":"spam"}' "$BASE/api/claims/2/flags" >/dev/null

# The session goes in through the document's own security scheme (session_cookie), so schemathesis
# knows which requests carry it: the ones it sends without it (to check that operations needing a
# session refuse them) really go without it.
#
# A few operations refuse input of the right shape for reasons no schema can state: the state of
# the database or a secret (a taken username or a common password, a wrong current password, an
# admin's own account or standing), or what a file or page turns out to hold (fact-check rows, a page with no
# article text or a site that does not answer). Their documented 422 counts as an accepted answer
# to valid data there, and only there.
cat >"$TMP/schemathesis.toml" <<TOML
[auth.openapi.session_cookie]
api_key = "${COOKIE#claimcheck_session=}"

[[operations]]
include-path-regex = '^/api/(auth/register|auth/password|import|factchecks|users/[{]id[}]/(disable|standing)|moderation/brigades/disable)\$'
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
TOML

# Logging out, or ending this session from the session list, would end the session the run depends
# on; both are covered by tests/api/auth.rs and tests/api/abuse.rs instead.
# Run from the temp folder so schemathesis's own cache (.schemathesis/) does not land in the repo.
cd "$TMP"
"$VENV/bin/schemathesis" --config-file "$TMP/schemathesis.toml" run "$BASE/api/openapi.json" \
  --url "$BASE" \
  --checks "$CHECKS" \
  --max-examples "$MAX_EXAMPLES" \
  --exclude-path /api/auth/logout \
  --exclude-path '/api/auth/sessions/{id}' \
  --seed 1 \
  --generation-database none \
  --no-color \
  "${EXTRA[@]}"
