#!/usr/bin/env bash
# Runs CMD against a throwaway PostgreSQL 15 cluster, e.g.
#   scripts/with-postgres.sh build/debug/tests/store_tests
# CMD sees TRELLIS_TEST_PG_URL=postgresql://trellis@127.0.0.1:PORT/postgres: superuser
# "trellis", trust authentication, listening on loopback only. When this script exits the
# server is stopped and its folder deleted. The exit code is CMD's. PG_EXTRA_CONF (lines of
# postgresql.conf) overrides the throwaway defaults, e.g. fsync = on for a benchmark.
# PG_KEEP_DIR keeps the cluster in that folder instead: created on first use, started again
# later with its data, stopped but never deleted at exit (benchmarks reuse a generated district).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi

readonly pg_bin=/usr/lib/postgresql/15/bin

is_root() { [ "$(id -u)" -eq 0 ]; }

as_root() {
  if is_root; then "$@"; else sudo "$@"; fi
}

# The server refuses to run as root, so root hands it to the "postgres" system user.
as_server_user() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
  [ -x "$pg_bin/initdb" ] && return
  echo "with-postgres: installing Debian's postgresql package" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# A port on 127.0.0.1 that nothing answers on (bash's /dev/tcp, so no python is needed).
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "with-postgres: found no free port" >&2
  return 1
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [ -f "$workdir/data/postmaster.pid" ]; then
    local mode=immediate
    [ -z "${PG_KEEP_DIR:-}" ] || mode=fast # a kept cluster shuts down cleanly
    as_server_user "$pg_bin/pg_ctl" -D "$workdir/data" -m "$mode" -w stop >/dev/null 2>&1 || true
  fi
  [ -n "${PG_KEEP_DIR:-}" ] || rm -rf "$workdir" || true
}

create_cluster() {
  # C.UTF-8 makes lower() and sorting handle non-ASCII names, as a production cluster does.
  local locale_args=(--no-locale)
  if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale_args=(--locale=C.UTF-8); fi
  if ! as_server_user "$pg_bin/initdb" -D "$workdir/data" -U trellis -E UTF8 \
    "${locale_args[@]}" --auth=trust --no-sync >"$workdir/initdb.log" 2>&1; then
    cat "$workdir/initdb.log" >&2
    return 1
  fi
  cat >"$workdir/data/pg_hba.conf" <<HBA
# Throwaway test cluster: trusted, and reachable only from this machine.
local all all trust
host  all all 127.0.0.1/32 trust
HBA
  # Durability is pointless for a cluster deleted at exit; speed is not.
  cat >>"$workdir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 32MB
CONF
  # Benchmarks pass durable settings and a real buffer cache in extra.conf (later lines win).
  echo "include_if_exists = 'extra.conf'" >>"$workdir/data/postgresql.conf"
}

# Rewritten at every start, so a kept cluster runs with this run's PG_EXTRA_CONF.
write_extra_conf() {
  printf '%s\n' "${PG_EXTRA_CONF:-}" >"$workdir/data/extra.conf"
  if is_root; then chown postgres: "$workdir/data/extra.conf"; fi
}

# Starts the server on a free port and prints the port; retries when another process takes
# the port between the probe and the bind.
start_server() {
  local port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_server_user "$pg_bin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" \
      -o "-p $port -k $workdir" -w -t 60 start >/dev/null; then
      echo "$port"
      return
    fi
  done
  cat "$workdir/server.log" >&2
  return 1
}

wait_until_ready() {
  local port=$1
  for _ in $(seq 120); do
    "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U trellis -d postgres && return
    sleep 0.5
  done
  echo "with-postgres: the server on port $port did not become ready" >&2
  cat "$workdir/server.log" >&2
  return 1
}

install_postgres
if is_root && ! id postgres >/dev/null 2>&1; then
  echo "with-postgres: no 'postgres' user to run the server as" >&2
  exit 1
fi

# Under /tmp rather than $TMPDIR: the postgres user must reach it, and the socket path in it
# must stay short.
if [ -n "${PG_KEEP_DIR:-}" ]; then
  mkdir -p "$PG_KEEP_DIR"
  workdir=$(cd "$PG_KEEP_DIR" && pwd)
else
  workdir=$(mktemp -d /tmp/trellis-pg.XXXXXX)
fi
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if is_root; then chown postgres: "$workdir"; fi

[ -f "$workdir/data/PG_VERSION" ] || create_cluster
write_extra_conf
port=$(start_server)
wait_until_ready "$port"

export TRELLIS_TEST_PG_URL="postgresql://trellis@127.0.0.1:$port/postgres"
set +e
"$@"
status=$?
set -e
exit "$status"
