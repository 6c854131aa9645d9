#!/usr/bin/env bash
# Installs what the single sign-on tests' OpenID provider (tests/oidc/provider.mjs) runs on:
# Node 20 or newer (scripts/node-env.sh fetches it into build/node where the system's is older,
# as on Debian 12) and its npm packages from tests/oidc/package-lock.json (npm ci, the npm
# registry only). Does nothing, quietly, when both are there and the packages are newer than
# the lock file. The C++ tests (tests/support/oidc_provider.cpp) find that Node on their own.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=tests/oidc/node_modules
lock=tests/oidc/package-lock.json

recent_node() {
  local node
  for node in node build/node/node_modules/node-linux-*/bin/node; do
    if command -v "$node" >/dev/null &&
       [ "$("$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ]; then
      return 0
    fi
  done
  return 1
}

# npm ci leaves node_modules/.package-lock.json behind: newer than the lock file means current.
if recent_node && [ -f "$modules/.package-lock.json" ] && [ ! "$lock" -nt "$modules/.package-lock.json" ]; then
  exit 0
fi

command -v npm >/dev/null || scripts/install-deps.sh --node
# shellcheck source=node-env.sh
source scripts/node-env.sh
export npm_config_cache="${npm_config_cache:-$PWD/build/npm-cache}"
npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
