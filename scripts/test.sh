#!/usr/bin/env bash
# The whole test suite: install (idempotent), lint, pytest on SQLite, then pytest again on a
# throw-away PostgreSQL server started by scripts/postgres.sh and stopped at the end.
#
# The PostgreSQL pass runs the tests marked `database` (tests/conftest.py marks those that use
# the database in-process or a PostgreSQL database of their own); the others run `barometre` on
# the SQLite of their own data directory in both passes, so running them twice would prove
# nothing more. Arguments go to pytest in both passes (the second adds `-m database` before
# them, and a selection without such a test is not a failure there).
# BAROMETRE_TEST_POSTGRES=0 skips the PostgreSQL pass.
# Exits non-zero on any failure, including "no tests collected" (pytest exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh

run_pytest() {  # label, status for "no test collected", pytest arguments…
  local label=$1 empty=$2 status=0
  shift 2
  local start=$SECONDS
  .venv/bin/pytest "$@" || status=$?
  echo "test: $label: pytest exit $status in $((SECONDS - start)) s"
  if [ "$status" -eq 5 ]; then
    [ "$empty" -eq 0 ] || echo "test: $label: pytest collected no test: failing" >&2
    return "$empty"
  fi
  return "$status"
}

failed=0
.venv/bin/ruff check src tests benchmarks || failed=1  # a lint error fails the run, after the tests
(unset DATABASE_URL; run_pytest SQLite 1 "$@") || failed=1

if [ "${BAROMETRE_TEST_POSTGRES:-1}" != "0" ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/barometre-pg-XXXXXX")
  trap './scripts/postgres.sh stop "$pg_dir" || rm -rf "$pg_dir"' EXIT
  pg_url=$(./scripts/postgres.sh start "$pg_dir")
  if [ $# -gt 0 ]; then
    DATABASE_URL=$pg_url run_pytest PostgreSQL 0 -m database "$@" || failed=1
  else
    DATABASE_URL=$pg_url run_pytest PostgreSQL 1 -m database || failed=1
  fi
fi
echo "test: done in $SECONDS s ($([ "$failed" -eq 0 ] && echo passed || echo FAILED))"
exit "$failed"
