#!/usr/bin/env bash
# The whole test suite: install (idempotent), lint, pytest on SQLite, then pytest again on a
# throw-away PostgreSQL server started by scripts/postgres.sh and stopped at the end.
#
# Arguments go to pytest, on both databases. Without arguments, the PostgreSQL pass runs the
# tests that use the database in-process or on PostgreSQL (POSTGRES_TESTS below); the other
# tests run `barometre` on the SQLite of their own data directory on both passes, so running
# them twice would prove nothing more. BAROMETRE_TEST_POSTGRES=0 skips the PostgreSQL pass.
# Exits non-zero on any failure, including "no tests collected" (pytest exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh

POSTGRES_TESTS=(tests/referential tests/survey tests/faults)

run_pytest() {  # label, pytest arguments…
  local label=$1 status=0
  shift
  local start=$SECONDS
  .venv/bin/pytest "$@" || status=$?
  echo "test: $label: pytest exit $status in $((SECONDS - start)) s"
  if [ "$status" -eq 5 ]; then
    echo "test: $label: pytest collected no test: failing" >&2
    return 1
  fi
  return "$status"
}

failed=0
.venv/bin/ruff check src tests benchmarks || failed=1  # a lint error fails the run, after the tests
(unset DATABASE_URL; run_pytest SQLite "$@") || failed=1

if [ "${BAROMETRE_TEST_POSTGRES:-1}" != "0" ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/barometre-pg-XXXXXX")
  trap './scripts/postgres.sh stop "$pg_dir" || rm -rf "$pg_dir"' EXIT
  pg_url=$(./scripts/postgres.sh start "$pg_dir")
  if [ $# -gt 0 ]; then
    args=("$@")
  else
    args=("${POSTGRES_TESTS[@]}")
  fi
  DATABASE_URL=$pg_url run_pytest PostgreSQL "${args[@]}" || failed=1
fi
echo "test: done in $SECONDS s ($([ "$failed" -eq 0 ] && echo passed || echo FAILED))"
exit "$failed"
