#!/usr/bin/env bash
# The whole test suite: install (idempotent), lint, then pytest. Exits non-zero on any failure,
# including "no tests collected" (pytest exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
.venv/bin/ruff check src tests benchmarks
set +e
.venv/bin/pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test: pytest collected no test: failing" >&2
  exit 1
fi
exit "$status"
