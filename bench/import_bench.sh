#!/usr/bin/env bash
# OneRoster import at district scale (issue 6): generates deterministic exports of each size,
# imports each with the release binary into a fresh SQLite database and a fresh PostgreSQL
# database (a throwaway cluster from scripts/with-postgres.sh), and prints a markdown table.
#   bench/import_bench.sh                       (after the release build)
#   IMPORT_SIZES="100000" IMPORT_DATABASES=sqlite bench/import_bench.sh
# Seconds and peak RSS are those of the whole `trellis import oneroster` process
# (/usr/bin/time -v): migrations, reading the files, writing, commit. Load average before each
# import is printed after the table.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/import_lib.sh
sizes=${IMPORT_SIZES:-100000 1000000}
databases=${IMPORT_DATABASES:-sqlite postgres}
within_postgres_if_wanted "$databases" "$0" "$@"

loads=
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# m:ss.cc or h:mm:ss from /usr/bin/time -v -> seconds.
elapsed_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s}' "$1"
}

# Imports export $1 into database URL $2; prints one table row ($3 users, $4 rows, $5 name).
import_row() {
  local export_dir=$1 url=$2 users=$3 rows=$4 name=$5 log="$work/time.log"
  if ! /usr/bin/time -v "$binary" import oneroster "$export_dir" --db "$url" \
    > "$work/import.out" 2> "$log"; then
    tail -5 "$work/import.out" "$log" >&2
    printf '| %s | %s | failed | | | | %s |\n' "$users" "$rows" "$name"
    return
  fi
  local seconds cpu peak_kb
  seconds=$(elapsed_seconds "$log")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$log")
  peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$users" "$rows" "$seconds" \
    "$(awk -v r="$rows" -v s="$seconds" 'BEGIN {printf "%.0f", r / s}')" "$cpu" \
    "$((peak_kb / 1024))" "$name"
}

# CPU seconds (user + system) say what the import costs when other work shares the cores.
echo "| users | rows | seconds | rows/s | CPU s | peak RSS (MB) | database |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for n in $sizes; do
  dir="$work/oneroster-$n"
  summary=$("$generator" --students "$n" --out "$dir")
  staff=$(sed -E 's/.*staff ([0-9]+),.*/\1/' <<< "$summary")
  rows=$(sed -E 's/.*rows ([0-9]+) .*/\1/' <<< "$summary")
  users=$((n + staff))
  for db in $databases; do
    loads+="$(cut -d' ' -f1 /proc/loadavg) "
    case $db in
      sqlite) import_row "$dir" "sqlite:$work/import-$n.db" "$users" "$rows" SQLite
        rm -f "$work/import-$n.db"* ;;
      postgres) import_row "$dir" "$(fresh_postgres "import_$n")" "$users" "$rows" PostgreSQL ;;
    esac
  done
  rm -rf "$dir"
done
echo
echo "Load average (1 min) before each import, in table order: ${loads% }."
