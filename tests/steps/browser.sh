#!/usr/bin/env bash
# What a learner sees: JupyterLab in headless Chromium (Debian's package, driven by playwright-core from npm)
# opens the course, runs notebooks 00 and 02 on the course kernel and draws their charts; then the course site
# (./course site, a Jupyter Book) opens from disk and one link leads to notebook 02 (tests/browser/).
# Installs what it needs on first use: chromium (apt) and node_modules (npm ci, from package-lock.json).
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export VENV=${VENV:-$ROOT/.venv}
cd "$ROOT"

if [ -n "${RACELAB_CHROMIUM:-}" ]; then
  [ -x "$RACELAB_CHROMIUM" ] || { echo "browser test: RACELAB_CHROMIUM=$RACELAB_CHROMIUM is not executable"; exit 1; }
elif [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "browser test: /usr/bin/chromium is missing; install Debian's chromium (sudo apt-get install chromium)"; exit 1
  fi
  echo "browser test: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium >/dev/null
fi

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "browser test: node and npm are missing (Node.js 20 or newer)"; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || { echo "browser test: Node.js $(node --version) is too old; playwright-core needs 20 or newer"; exit 1; }

# node_modules is (re)installed exactly from the lockfile when it is missing or older than the lockfile.
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat node_modules/.racelab-lock 2>/dev/null || true)
if [ "$want" != "$have" ] || [ ! -d node_modules/playwright-core ]; then
  echo "browser test: npm ci (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" >node_modules/.racelab-lock
fi

[ -x "$VENV/bin/jupyter" ] || { echo "browser test: $VENV/bin/jupyter is missing; run ./course setup"; exit 1; }
exec node --test --test-reporter=spec --test-timeout=480000 tests/browser/lab.test.mjs tests/browser/site.test.mjs
