#!/usr/bin/env bash
# Makes sure a local PostgreSQL answers and has a test role that may create databases, then prints
# an admin URL for the test harness (it creates one fresh database per test from there).
# With --cleanup, drops the databases earlier test runs left behind.
set -euo pipefail
ROLE=claimcheck_test
PASS=claimcheck_test
PORT="${PGPORT:-5432}"

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sudo -u postgres bash -c "$*"; fi; }

if ! pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; then
  if command -v pg_lsclusters >/dev/null 2>&1; then
    read -r ver name _ < <(pg_lsclusters -h | head -n 1)
    echo "starting PostgreSQL cluster $ver/$name" >&2
    if [ "$(id -u)" = 0 ]; then pg_ctlcluster "$ver" "$name" start; else sudo pg_ctlcluster "$ver" "$name" start; fi
  else
    echo "PostgreSQL is not installed: install it (apt-get install postgresql) or set SKIP_POSTGRES=1" >&2
    exit 1
  fi
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 0.5; done
fi

if [ "${1:-}" = "--cleanup" ]; then
  for db in $(as_postgres "psql -p $PORT -tAc \"SELECT datname FROM pg_database WHERE datname LIKE 'cc_test_%'\""); do
    as_postgres "psql -p $PORT -qc 'DROP DATABASE IF EXISTS $db'" >/dev/null
  done
  exit 0
fi

if ! as_postgres "psql -p $PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'\"" | grep -q 1; then
  as_postgres "psql -p $PORT -qc \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASS'\"" >&2
fi
echo "postgres://$ROLE:$PASS@127.0.0.1:$PORT/postgres"
