# shellcheck shell=bash
# What the roster import benchmarks share (bench/import_bench.sh, bench/import_lock_bench.sh):
# the release tools, a throwaway PostgreSQL when one is wanted, a fresh database in it.
binary=build/release/trellis
generator=build/release/bench/trellis_oneroster_gen
for tool in "$binary" "$generator"; do
  [ -x "$tool" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
done

# Runs the calling script ($2...) again inside a throwaway PostgreSQL cluster when the
# databases ($1) include postgres and none is running yet.
within_postgres_if_wanted() {
  local databases=$1; shift
  if [[ " $databases " == *" postgres "* && -z "${TRELLIS_TEST_PG_URL:-}" ]]; then
    exec scripts/with-postgres.sh "$@"
  fi
}

# A fresh PostgreSQL database named $1 in the throwaway cluster; prints its URL.
fresh_postgres() {
  local name=$1 base=${TRELLIS_TEST_PG_URL%/*}
  psql -q "$TRELLIS_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >&2
  echo "$base/$name"
}
