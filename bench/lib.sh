# shellcheck shell=bash
# What bench/run and bench/scale.sh share: a server on a free loopback port, signing in, and a
# wrk run as one markdown table row. The caller sets binary, work, server_threads,
# wrk_threads, connections and duration before sourcing this file.

server_pid=

stop_server() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  server_pid=
  return 0
}

start_server() {  # db-url [serve options] -> sets url and server_pid
  local db=$1; shift
  "$binary" serve --db "$db" --data-dir "$work" --listen 127.0.0.1:0 \
    --threads "$server_threads" "$@" > "$work/server.out" 2> "$work/server.log" &
  server_pid=$!
  for _ in $(seq 600); do grep -q "listening on" "$work/server.out" && break; sleep 0.2; done
  url=$(grep -o 'http://[0-9.:]*' "$work/server.out" | tail -1)
}

# Starts the peak RSS (VmHWM) afresh, so it reports the peak under load and not the server's
# start-up (migrations and the embedded UI take it to about 100 MB before it settles near 40).
reset_peak_rss() {
  echo 5 > "/proc/$server_pid/clear_refs" 2>/dev/null || echo "bench: cannot reset the peak RSS" >&2
}

sign_in() {  # email -> sets cookie and csrf
  local login
  login=$(curl -s -D - -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"trellis-demo\"}" "$url/api/v1/auth/login")
  cookie=$(printf '%s' "$login" | grep -i '^set-cookie:' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
  csrf=$(printf '%s' "$login" | grep -o '"csrf_token":"[^"]*"' | cut -d'"' -f4)
}

run_wrk() {  # name path [extra wrk args]; skipped unless its name matches $ONLY (when set)
  local name=$1 path=$2; shift 2
  if [ -n "${ONLY:-}" ] && ! printf '%s' "$name" | grep -Eq -- "$ONLY"; then return 0; fi
  local out="$work/wrk-$RANDOM.txt"
  # PROFILE_DIR: also record the server with perf (DWARF call graphs) while wrk runs, and draw
  # PROFILE_DIR/<name>.svg (bench/flamegraph.py). The figures of a profiled run are lower.
  local perf_pid=
  if [ -n "${PROFILE_DIR:-}" ]; then
    perf record -q -F "${PROFILE_HZ:-199}" --call-graph dwarf,16384 -p "$server_pid" \
      -o "$work/perf.data" -- sleep "${duration%s}" 2> "$work/perf.log" &
    perf_pid=$!
  fi
  wrk -t "$wrk_threads" -c "$connections" -d "$duration" --latency "$@" "$url$path" > "$out"
  if [ -n "$perf_pid" ]; then
    wait "$perf_pid" || true
    local slug
    slug=$(printf '%s' "$name" | tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '-' | sed 's/^-//; s/-$//')
    mkdir -p "$PROFILE_DIR"
    perf script -i "$work/perf.data" 2>/dev/null |
      bench/flamegraph.py --title "$name" --folded "$PROFILE_DIR/$slug.folded" \
        > "$PROFILE_DIR/$slug.svg" || echo "bench: no profile for $name" >&2
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out")
  p99=$(awk '$1=="99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx/ {print $5}' "$out")
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}
