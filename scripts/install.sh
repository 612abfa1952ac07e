#!/usr/bin/env bash
# Installs everything Baromètre needs on a fresh Debian machine with Python 3.11:
# Debian packages (Chromium for in-browser audits and tests, poppler for report previews,
# PostgreSQL for the test suite's second database), a virtualenv in .venv with the package,
# its PostgreSQL driver and its dev tools, and the npm assets.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium chromium-driver poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 wget
              postgresql)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "install: Debian packages ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "install: virtualenv .venv"
  "$PYTHON" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
echo "install: Python packages"
.venv/bin/pip install -q -e '.[dev,postgres]'

if [ -f package.json ]; then
  echo "install: npm assets"
  npm ci --silent --no-audit --no-fund >/dev/null
fi
echo "install: done (.venv/bin/barometre --help)"
