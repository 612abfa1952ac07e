#!/usr/bin/env bash
# Installs the reference tools of the audit benchmark (not part of the main install nor of CI):
# Lighthouse 12.2.3 (13.x needs Node 22) and pa11y, both driving the system Chromium, into
# benchmarks/audit/node_modules. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
export PUPPETEER_SKIP_DOWNLOAD=1
if [ ! -f package.json ]; then
  echo '{"name": "barometre-audit-bench", "private": true}' > package.json
fi
if [ -x node_modules/.bin/lighthouse ] && [ -x node_modules/.bin/pa11y ] \
   && [ "$(node_modules/.bin/lighthouse --version)" = "12.2.3" ]; then
  echo "setup: lighthouse $(node_modules/.bin/lighthouse --version) and pa11y $(node_modules/.bin/pa11y --version) already installed"
  exit 0
fi
npm i -E --no-audit --no-fund lighthouse@12.2.3 pa11y
echo "setup: lighthouse $(node_modules/.bin/lighthouse --version), pa11y $(node_modules/.bin/pa11y --version)"
