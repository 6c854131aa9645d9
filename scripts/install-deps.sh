#!/usr/bin/env bash
# Installs the Debian 12 packages Trellis builds, runs and tests with, when any is missing.
# Idempotent: does nothing (and needs no network) when everything is there.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also what the test suites need (PostgreSQL; an SMTP server
#                                    and a calendar parser for the notification e-mails)
#   scripts/install-deps.sh --bench  also what the benchmarks need (wrk)
#   scripts/install-deps.sh --fuzz   also clang and its libFuzzer runtime (make fuzz)
#   scripts/install-deps.sh --node   Node.js and npm (the OpenAPI linter, the web UI build)
#   scripts/install-deps.sh --browser  Chromium, which the browser tests drive (not Playwright's)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libmagic-dev libhowardhinnant-date-dev libzip-dev tzdata
  libcjose-dev libjansson-dev libssl-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(postgresql postgresql-contrib python3-aiosmtpd python3-icalendar) ;;
    --bench) packages+=(wrk sqlite3 bc curl) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --node) packages+=(nodejs npm) ;;
    --browser) packages+=(chromium fonts-dejavu-core) ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
