#!/usr/bin/env bash
# The browser tests (Playwright + axe-core) against the real server binary, in Debian's
# chromium; `scripts/test-web.sh --screenshots` saves the screens to docs/screenshots/ instead.
#   TRELLIS_BINARY   the server to test (default build/debug/trellis, which make test builds)
#   TRELLIS_WEB_DIR  serve this built UI (web/dist) instead of the one inside the binary
# Playwright needs Node 20 or newer. Debian 12's own nodejs is 18: there the tests are skipped
# with a warning, unless CI=true or TRELLIS_REQUIRE_BROWSER_TESTS=1, where that is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
config=playwright.config.ts
[ "${1:-}" = "--screenshots" ] && config=playwright.screenshots.config.ts

scripts/build-web.sh
# The UI's code is kept as Prettier writes it (make format).
(cd web && npm run --silent format:check)
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "WARNING: the browser tests need Node 20 or newer (Playwright); this machine has" \
       "node $(node --version). Install Node 20+ to run them." >&2
  if [ "${CI:-}" = true ] || [ "${TRELLIS_REQUIRE_BROWSER_TESTS:-}" = 1 ]; then exit 1; fi
  exit 0
fi
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || scripts/install-deps.sh --browser

export TRELLIS_BINARY="${TRELLIS_BINARY:-$PWD/build/debug/trellis}"
[ -x "$TRELLIS_BINARY" ] || { echo "no server binary at $TRELLIS_BINARY: run make build-debug" >&2; exit 1; }
mkdir -p docs/screenshots
cd web
started=$(date +%s)
npx --no-install playwright test --config "$config"
echo "Browser tests took $(( $(date +%s) - started ))s"
