#!/usr/bin/env bash
# Lints openapi.yaml with Redocly's OpenAPI linter (a pinned version from npm), so the API
# description stays valid OpenAPI 3.1. Installs Debian's nodejs and npm when node is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npx >/dev/null || scripts/install-deps.sh --node
export npm_config_cache="${npm_config_cache:-$PWD/build/npm-cache}"
npx --yes @redocly/cli@1.34.0 lint --format=stylish openapi.yaml
