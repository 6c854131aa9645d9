#!/usr/bin/env bash
# How long a roster import holds the write lock (issue 15): the export is read, validated and
# compared with the roster before the write transaction, which applies the changes alone.
# A generated OneRoster export of N students (trellis_oneroster_gen) is imported into a fresh
# database, then imported again unchanged, then again with 1% of the students renamed; for
# each, the whole import's wall time and the time its write transaction took ("write lock
# held", printed by `trellis import oneroster`; on SQLite the one writer is busy that long,
# so other users' writes wait at most that long).
#   bench/import_lock_bench.sh                     (after the release build)
#   LOCK_STUDENTS=100000 LOCK_DATABASES=sqlite bench/import_lock_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/import_lib.sh
students=${LOCK_STUDENTS:-100000}
databases=${LOCK_DATABASES:-sqlite postgres}
within_postgres_if_wanted "$databases" "$0" "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

summary=$("$generator" --students "$students" --out "$work/export")
rows=$(sed -E 's/.*rows ([0-9]+) .*/\1/' <<< "$summary")
cp -r "$work/export" "$work/renamed"
# Every 100th student gets another given name (column 9 of users.csv).
awk -F, -v OFS=, '$6 == "student" && (++n % 100) == 0 { $9 = $9 "x" } { print }' \
  "$work/export/users.csv" > "$work/renamed/users.csv"

# Imports $1 into $2; prints one table row named $3.
import_row() {
  local out="$work/import.out" started ended
  started=$(date +%s.%N)
  "$binary" import oneroster "$1" --db "$2" > "$out" 2>&1 || { tail -5 "$out" >&2; exit 1; }
  ended=$(date +%s.%N)
  local lock students
  lock=$(sed -nE 's/^write lock held ([0-9.]+) s$/\1/p' "$out")
  students=$(awk '$1 == "students" {printf "%s created, %s updated, %s unchanged", $2, $3, $5}' "$out")
  printf '| %s | %s | %.2f | %s | %s | %s |\n' "$3" "$rows" "$(echo "$ended - $started" | bc)" \
    "$lock" "$students" "$4"
}

echo "| import of $students students | rows | seconds | write lock held (s) | students | database |"
echo "| --- | ---: | ---: | ---: | --- | --- |"
for db in $databases; do
  case $db in
    sqlite) url="sqlite:$work/lock.db"; name=SQLite ;;
    postgres) url=$(fresh_postgres import_lock); name=PostgreSQL ;;
  esac
  import_row "$work/export" "$url" "first (all new)" "$name"
  import_row "$work/export" "$url" "again, unchanged" "$name"
  import_row "$work/renamed" "$url" "again, 1% renamed" "$name"
done
echo
echo "Load average (1 min) after the runs: $(cut -d' ' -f1 /proc/loadavg); $(nproc) cores."
