#!/usr/bin/env bash
# The Debian package, installed as a district would: built (cpack) from the build in $1,
# installed with dpkg -i, the installed binary run as the systemd unit runs it (the trellis
# user, /etc/trellis/trellis.conf): migrate, user add, serve, /healthz, a sign-in, a graceful
# stop; then removed (the configuration stays) and purged.
# Needs root (CI runs as root). Exits 77, which ctest reports as skipped, where it is not root
# or where this machine has a trellis installation of its own that the test would replace.
set -euo pipefail
build=${1:?usage: test-package.sh BUILD_DIR}

[ "$(id -u)" = 0 ] || { echo "SKIPPED: installing a package needs root"; exit 77; }
if dpkg -s trellis >/dev/null 2>&1 || [ -e /var/lib/trellis ] || [ -e /etc/trellis ]; then
  echo "SKIPPED: this machine has a trellis installation of its own; the test would replace it"
  exit 77
fi

work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  dpkg -P trellis >/dev/null 2>&1 || true
  rm -rf /var/lib/trellis "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/trellis_*.deb)
dpkg-deb --field "$deb" Package Version Architecture Depends
# dpkg -i installs no dependencies: the two that are not libraries the build already needs.
for dependency in adduser tzdata; do
  dpkg-query -W -f='${Status}' "$dependency" 2>/dev/null | grep -q "install ok installed" ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$dependency"
done
dpkg -i "$deb"

# What the package put where.
[ -x /usr/bin/trellis ] || fail "no /usr/bin/trellis"
unit=/usr/lib/systemd/system/trellis.service
[ -f "$unit" ] || unit=/lib/systemd/system/trellis.service
[ -f "$unit" ] || fail "no systemd unit"
getent passwd trellis >/dev/null || fail "no trellis user"
[ "$(stat -c %U:%G /var/lib/trellis)" = trellis:trellis ] || fail "/var/lib/trellis is not the trellis user's"
[ "$(stat -c '%U:%G %a' /etc/trellis/trellis.conf)" = "root:trellis 640" ] ||
  fail "/etc/trellis/trellis.conf: $(stat -c '%U:%G %a' /etc/trellis/trellis.conf)"
dpkg-query -W -f='${Conffiles}\n' trellis | grep -q /etc/trellis/trellis.conf || fail "not a conffile"
if command -v systemd-analyze >/dev/null; then systemd-analyze verify "$unit"; fi

# As the unit runs it: the trellis user, the configuration's variables, nothing else.
as_service() {
  runuser -u trellis -- env -i PATH=/usr/bin:/bin \
    bash -c 'set -a; . /etc/trellis/trellis.conf; set +a; exec "$@"' as-service "$@"
}
as_service trellis migrate
password='a long enough password'
printf '%s\n' "$password" | as_service trellis user add --email admin@district.test \
  --name "Dana Whitfield" --role district_admin --password-stdin
as_service trellis serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
port=
for _ in $(seq 1 200); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; fail "the server did not start"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; fail "the server did not listen"; }

# One HTTP request over bash's /dev/tcp (the CI machine need not have curl): its status line.
request() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s' "$1" >&3
  head -1 <&3 | tr -d '\r'
  exec 3<&-
}
health=$(request $'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
[ "$health" = "HTTP/1.1 200 OK" ] || fail "/healthz: $health"
body="{\"email\":\"admin@district.test\",\"password\":\"$password\"}"
signed_in=$(request "POST /api/v1/auth/login HTTP/1.1"$'\r\n'"Host: localhost"$'\r\n'"Content-Type: application/json"$'\r\n'"Content-Length: ${#body}"$'\r\n'"Connection: close"$'\r\n\r\n'"$body")
[ "$signed_in" = "HTTP/1.1 200 OK" ] || fail "sign-in: $signed_in"

# SIGTERM to the server itself, as systemd sends it (runuser in between would report the
# signal). Found through /proc: a minimal CI image need not have procps.
for proc in /proc/[0-9]*; do
  if [ "$(cat "$proc/comm" 2>/dev/null)" = trellis ] && [ "$(stat -c %U "$proc")" = trellis ]; then
    kill -TERM "${proc#/proc/}"
  fi
done
status=0
wait "$server" || status=$?
server=
[ "$status" = 0 ] || { cat "$work/serve.log"; fail "the server's stop exited $status"; }
[ "$(stat -c %U /var/lib/trellis/trellis.db)" = trellis ] || fail "the database is not the trellis user's"

dpkg -r trellis
[ ! -e /usr/bin/trellis ] || fail "removal left the binary"
[ -f /etc/trellis/trellis.conf ] || fail "removal took the configuration"
dpkg -P trellis
[ ! -e /etc/trellis ] || fail "purge left /etc/trellis"
echo "PASSED: the package installs, serves as the trellis user, stops gracefully, removes and purges"
