#!/usr/bin/env bash
# Builds the web UI into web/dist (which CMake then embeds in the trellis binary): npm ci from
# package-lock.json (the npm registry only), the API types generated from openapi.yaml, a
# strict typecheck and the Vite build. Skips the work when web/dist is newer than its inputs.
# Runs on Debian 12's own nodejs 18; installs nodejs and npm where node is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null && command -v npm >/dev/null || scripts/install-deps.sh --node
export npm_config_cache="${npm_config_cache:-$PWD/build/npm-cache}"
# The browser tests drive Debian's chromium; Playwright must not download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

cd web
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
stamp=dist/index.html
if [ -f "$stamp" ] && [ -z "$(find src public index.html package-lock.json vite.config.ts \
    tsconfig.json ../openapi.yaml -newer "$stamp" -print -quit)" ]; then
  echo "web/dist is up to date"
  exit 0
fi
npm run --silent build
