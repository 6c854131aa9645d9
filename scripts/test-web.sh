#!/usr/bin/env bash
# The browser tests (Playwright + axe-core) against the real server binary, in Debian's
# chromium; `scripts/test-web.sh --screenshots` saves the screens to docs/screenshots/ instead.
#   TRELLIS_BINARY   the server to test (default build/debug/trellis, which make test builds)
#   TRELLIS_WEB_DIR  serve this built UI (web/dist) instead of the one inside the binary
# Playwright needs Node 20 or newer; where the system's node is older (Debian 12's is 18),
# scripts/node-env.sh fetches Node from the npm registry into build/node. The tests never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
config=playwright.config.ts
[ "${1:-}" = "--screenshots" ] && config=playwright.screenshots.config.ts

command -v npm >/dev/null || scripts/install-deps.sh --node
# shellcheck source=node-env.sh
source scripts/node-env.sh
scripts/build-web.sh
# The single sign-on journeys sign in at a real OpenID provider (tests/oidc).
scripts/install-oidc-test-provider.sh
# The UI's code is kept as Prettier writes it (make format).
(cd web && npm run --silent format:check)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || scripts/install-deps.sh --browser

export TRELLIS_BINARY="${TRELLIS_BINARY:-$PWD/build/debug/trellis}"
[ -x "$TRELLIS_BINARY" ] || { echo "no server binary at $TRELLIS_BINARY: run make build-debug" >&2; exit 1; }
mkdir -p docs/screenshots
cd web
started=$(date +%s)
npx --no-install playwright test --config "$config"
echo "Browser tests took $(( $(date +%s) - started ))s"
