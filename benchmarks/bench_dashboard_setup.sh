#!/usr/bin/env bash
# Tools for benchmarks/bench_dashboard.py that the main install does not need: wrk (load generator).
set -euo pipefail
if ! command -v wrk >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y --no-install-recommends wrk
fi
wrk --version 2>&1 | head -1 || true
