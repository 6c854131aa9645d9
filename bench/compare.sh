#!/usr/bin/env bash
# Compares two commits on the same workload, on this machine, in one run: builds each (release,
# in a worktree of its own under build/compare/, without the web UI), then runs bench/scale.sh
# (this checkout's, so the workload is the same) against each binary in turn, ROUNDS times,
# alternating OLD and NEW so that drift of the machine falls on both. Prints, per benchmark,
# the median requests/s of each and NEW/OLD. Absolute figures drift between runs; the ratio is
# what to record.
#   bench/compare.sh OLD_REV NEW_REV
#   ONLY='search' ROUNDS=5 STUDENTS=100000 bench/compare.sh HEAD~1 HEAD
#   KIND=postgres bench/compare.sh OLD NEW
# Env: KIND (sqlite), ROUNDS (3), and bench/scale.sh's (STUDENTS defaults to 100,000 here,
# CONNECTIONS, THREADS, DURATION, ONLY). The district is generated once by OLD's binary and
# cached per OLD commit (NEW migrates its copy at start), so both read the same data.
# KIND=postgres starts a throwaway cluster, durable as bench/postgres-durable.conf says (the
# test cluster's defaults skip fsync, which would make every write look free).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${KIND:-sqlite}" = postgres ] && [ -z "${TRELLIS_TEST_PG_URL:-}" ]; then
  PG_EXTRA_CONF=$(cat bench/postgres-durable.conf) exec scripts/with-postgres.sh "$0" "$@"
fi
old_rev=${1:?usage: bench/compare.sh OLD_REV NEW_REV}
new_rev=${2:?usage: bench/compare.sh OLD_REV NEW_REV}
kind=${KIND:-sqlite}
rounds=${ROUNDS:-3}
export STUDENTS=${STUDENTS:-100000}
root=$PWD

# Builds REV once into build/compare/SHA; prints the binary's path. This checkout's HEAD, when
# nothing is changed, is this checkout's own release build (built as needed).
build_rev() {
  local sha dir
  sha=$(git rev-parse --short=12 "$1^{commit}")
  if [ "$sha" = "$(git rev-parse --short=12 HEAD)" ] && git diff --quiet HEAD; then
    (cmake --preset release >/dev/null && cmake --build --preset release --target trellis) >&2
    echo "$root/build/release/trellis"
    return
  fi
  dir=build/compare/$sha
  if [ ! -x "$dir/build/release/trellis" ]; then
    [ -d "$dir" ] || git worktree add --detach "$dir" "$sha" >&2
    # CCACHE_BASEDIR makes the worktree's paths relative, so its objects come from the cache
    # the main build filled.
    (cd "$dir" && CCACHE_BASEDIR=$root/$dir CMAKE_CXX_COMPILER_LAUNCHER=ccache \
      cmake --preset release -DTRELLIS_EMBED_WEB=OFF >/dev/null &&
      CCACHE_BASEDIR=$root/$dir cmake --build --preset release --target trellis -j "$(nproc)") >&2
  fi
  echo "$root/$dir/build/release/trellis"
}

# Resolved once: the checkout may move on while this runs.
old_rev=$(git rev-parse --short "$old_rev^{commit}")
new_rev=$(git rev-parse --short "$new_rev^{commit}")
old_binary=$(build_rev "$old_rev")
new_binary=$(build_rev "$new_rev")
export SCALE_CACHE=${SCALE_CACHE:-/var/tmp/trellis-bench}/$(git rev-parse --short=12 "$old_rev^{commit}")
results=$(mktemp -d /tmp/trellis-compare.XXXXXX)
trap 'rm -rf "$results"' EXIT

run_one() {  # label binary round
  local out="$results/$1-$3.md"
  if [ "$kind" = postgres ]; then
    TRELLIS_BINARY=$2 bench/scale.sh postgres > "$out"
  else
    TRELLIS_BINARY=$2 bench/scale.sh sqlite > "$out"
  fi
  grep -E '^\| [a-zA-Z]' "$out" | grep -v '^| benchmark\|^| one request' |
    awk -F' \\| ' -v label="$1" '{gsub(/^\| /, "", $1); print label "\t" $1 "\t" $2}' \
    >> "$results/all.tsv"
}

# The cache is made by OLD's binary on its first run.
for round in $(seq "$rounds"); do
  echo "round $round of $rounds: $old_rev" >&2
  run_one old "$old_binary" "$round"
  echo "round $round of $rounds: $new_rev" >&2
  run_one new "$new_binary" "$round"
done

echo "Compared on $(hostname) at $(date -u +%FT%TZ): OLD $old_rev, NEW $new_rev; $kind, $STUDENTS students, $rounds rounds alternating, ${ONLY:+only /$ONLY/, }median requests/s."
echo
echo "| benchmark | OLD | NEW | NEW/OLD |"
echo "| --- | ---: | ---: | ---: |"
python3 - "$results/all.tsv" <<'PY'
import statistics, sys
rows = {}
order = []
for line in open(sys.argv[1]):
    label, name, value = line.rstrip("\n").split("\t")[:3]
    if value.startswith("median"):  # group add: milliseconds, not requests/s
        continue
    try:
        number = float(value)
    except ValueError:
        continue
    if name not in rows:
        rows[name] = {"old": [], "new": []}
        order.append(name)
    rows[name][label].append(number)
for name in order:
    old, new = rows[name]["old"], rows[name]["new"]
    if not old or not new:
        continue
    a, b = statistics.median(old), statistics.median(new)
    print(f"| {name} | {a:,.0f} | {b:,.0f} | {b / a:.2f} |" if a else f"| {name} | {a} | {b} | - |")
PY
