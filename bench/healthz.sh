#!/usr/bin/env bash
# GET /healthz of `trellis serve` beside a bare Boost.Beast server (bench/bare_beast_server.cpp)
# with the same wrk command, alternating, ROUNDS times: what Trellis's per-request path costs
# over the transport itself (issue 19). Prints a markdown table of the median requests/s.
#   bench/healthz.sh
# Env: TRELLIS_BINARY (build/release/trellis), BARE_BINARY (build/release/bench/
# trellis_bare_beast_server), ROUNDS (5), CONNECTIONS (16), THREADS (2), DURATION (8s),
# SERVER_THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${TRELLIS_BINARY:-build/release/trellis}
bare=${BARE_BINARY:-build/release/bench/trellis_bare_beast_server}
rounds=${ROUNDS:-5}
connections=${CONNECTIONS:-16}
wrk_threads=${THREADS:-2}
duration=${DURATION:-8s}
server_threads=${SERVER_THREADS:-2}
work=$(mktemp -d /tmp/trellis-healthz.XXXXXX)
# shellcheck source=bench/lib.sh
. bench/lib.sh
bare_pid=
trap 'stop_server; [ -n "$bare_pid" ] && kill "$bare_pid" 2>/dev/null; rm -rf "$work"' EXIT

requests_per_second() {  # url
  wrk -t "$wrk_threads" -c "$connections" -d "$duration" "$1" | awk '/Requests\/sec/ {print $2}'
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

start_server "sqlite:$work/trellis.db"
"$bare" 0 "$server_threads" > "$work/bare.out" &
bare_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/bare.out" && break; sleep 0.1; done
bare_url=$(grep -o 'http://[0-9.:]*' "$work/bare.out")
for _ in $(seq "$rounds"); do
  requests_per_second "$url/healthz" >> "$work/trellis.rps"
  requests_per_second "$bare_url/healthz" >> "$work/bare.rps"
done
trellis=$(median < "$work/trellis.rps")
beast=$(median < "$work/bare.rps")
echo "| GET /healthz, wrk -t$wrk_threads -c$connections, median of $rounds | requests/s |"
echo "| --- | ---: |"
echo "| \`trellis serve\` ($server_threads threads) | $trellis |"
echo "| bare Boost.Beast server ($server_threads threads) | $beast |"
echo "| Trellis / bare | $(awk -v a="$trellis" -v b="$beast" 'BEGIN {printf "%.2f", a / b}') |"
