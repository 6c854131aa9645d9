#!/usr/bin/env bash
# Notification e-mail delivery throughput: messages a second from the outbox through a local
# SMTP server (tests/smtp/smtp_server.py, aiosmtpd). One task assignment writes the first
# message through the API; MESSAGES-1 copies of it (each its own Message-ID) are then put in
# the outbox at once, and the time from the first to the last arrival at the SMTP server is
# measured: delivery alone, not the actions that cause it.
#   bench/mail_bench.sh                 release build if there is one, else the debug build
#   MESSAGES=2000 bench/mail_bench.sh
# Appends a section to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${MESSAGES:-1000}
binary=${TRELLIS_BINARY:-build/release/trellis}
[ -x "$binary" ] || binary=build/debug/trellis
work=$(mktemp -d)
server_threads=2
smtp_pid=
cleanup() {
  stop_server
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=lib.sh
source bench/lib.sh
command -v sqlite3 >/dev/null || scripts/install-deps.sh --bench

mkdir -p "$work/mail"
mkfifo "$work/smtp.in"
/usr/bin/python3 tests/smtp/smtp_server.py "$work/mail" < "$work/smtp.in" > "$work/smtp.out" &
smtp_pid=$!
exec 9> "$work/smtp.in"  # its stdin stays open until this script ends
for _ in $(seq 100); do grep -q listening "$work/smtp.out" && break; sleep 0.1; done
smtp_port=$(awk '{print $2}' "$work/smtp.out")

db="sqlite:$work/trellis.db"
start_server "$db" --demo-roster --smtp-url "smtp://127.0.0.1:$smtp_port" \
  --mail-from trellis@district.test --public-url https://trellis.district.test
sign_in "district.admin@demo.trellis.test"
counselor=$(sqlite3 "$work/trellis.db" "SELECT id FROM users WHERE email = 'counselor.crm@demo.trellis.test'")
student=$(sqlite3 "$work/trellis.db" "SELECT id FROM students ORDER BY id LIMIT 1")
curl -s -o /dev/null -H 'Content-Type: application/json' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  -d "{\"student_id\":$student,\"assignee_id\":$counselor,\"title\":\"Benchmark task\"}" "$url/api/v1/tasks"
for _ in $(seq 100); do [ -n "$(ls "$work/mail"/*.eml 2>/dev/null)" ] && break; sleep 0.1; done

# MESSAGES-1 more, due now, in one transaction (the server's writer waits its turn).
sqlite3 "$work/trellis.db" > /dev/null "PRAGMA busy_timeout = 10000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $((messages - 1)))
INSERT INTO mail_outbox (notification_id, recipient_id, recipient, message_id, message,
  next_attempt_at, created_at)
SELECT o.notification_id, o.recipient_id, o.recipient, '<bench-' || n.i || '@district.test>',
  o.message, 0, o.created_at FROM n, (SELECT * FROM mail_outbox ORDER BY id LIMIT 1) o;"
start=$(date +%s.%N)
while [ "$(find "$work/mail" -name '*.eml' | wc -l)" -lt "$messages" ]; do
  sleep 0.05
  if [ "$(echo "$(date +%s.%N) - $start > 300" | bc)" = 1 ]; then echo "timed out" >&2; exit 1; fi
done
# From the first copy's arrival to the last's: the worker's idle poll (up to a second) before
# the first is not delivery.
first=$(stat -c %.9Y "$work/mail/000002.eml")
last=$(stat -c %.9Y "$(find "$work/mail" -name '*.eml' | sort | tail -1)")
seconds=$(echo "$last - $first" | bc -l)
rate=$(echo "($messages - 2) / $seconds" | bc -l)
sent=$(sqlite3 "$work/trellis.db" "SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL")
printf '%d messages delivered in %.2f s: %.0f messages/s (%s marked sent)\n' \
  "$((messages - 1))" "$seconds" "$rate" "$sent"
{
  echo
  echo "## Notification e-mail delivery (issue 18)"
  echo
  echo "- Date: $(date -u +%FT%TZ); binary: \`$binary\`; command: \`MESSAGES=$messages bench/mail_bench.sh\`"
  echo "- $((messages - 1)) messages already in the outbox, sent one SMTP session each (libcurl) to"
  echo "  aiosmtpd on the loopback, which writes each to a file: $(printf '%.2f' "$seconds") s,"
  echo "  **$(printf '%.0f' "$rate") messages/s**; $sent marked sent."
} >> bench/RESULTS.md
