#!/usr/bin/env bash
# What `make test` runs once the debug build is done: every C++ suite (ctest, on SQLite and a
# throwaway PostgreSQL), then the browser tests, whatever the C++ suites gave; and at the end
# what ran, what was skipped and why, and how long each part took. Fails when any part failed.
#   JOBS   tests run at once (default: the number of cores)
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}
junit="$PWD/build/debug/ctest-junit.xml"
web_log="$PWD/build/debug/web-tests.log"
rm -f "$junit" "$web_log"

started=$(date +%s)
scripts/with-postgres.sh ctest --test-dir build/debug --output-on-failure -j "$jobs" \
  --test-output-size-passed 8192 --output-junit "$junit"
cpp_status=$?
cpp_seconds=$(($(date +%s) - started))

started=$(date +%s)
scripts/test-web.sh 2>&1 | tee "$web_log"
web_status=${PIPESTATUS[0]}
web_seconds=$(($(date +%s) - started))

# Each skipped test with the first line of its reason: gtest prints "Skipped" and then the
# message; the shell tests print "SKIPPED: why".
skipped_tests() {
  [ -f "$junit" ] || return 0
  awk '
    function unescape(s) { gsub(/&quot;/, "\"", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s);
                           gsub(/&amp;/, "\\&", s); return s }
    /<testcase / {
      if (name != "") print "  - " name ": " (reason != "" ? reason : "(no reason given)")
      name = ""; reason = ""; next_is_reason = 0
      if ($0 ~ /status="notrun"/) {
        match($0, /name="[^"]*"/); name = unescape(substr($0, RSTART + 6, RLENGTH - 7))
        sub(/  #.*/, "", name)
      }
      next
    }
    name != "" && next_is_reason && reason == "" { reason = $0; next_is_reason = 0 }
    name != "" && /Skipped$/ { next_is_reason = 1 }
    name != "" && /^SKIPPED: / && reason == "" { reason = substr($0, 10) }
    END { if (name != "") print "  - " name ": " (reason != "" ? reason : "(no reason given)") }
  ' "$junit"
}

count_of() { grep -o "$1=\"[0-9]*\"" "$junit" 2>/dev/null | head -1 | grep -o '[0-9]*' || echo "?"; }
web_counts=$(grep -E '^ +[0-9]+ (passed|failed|flaky|skipped|did not run)' "$web_log" | sed 's/^ *//' |
  tr '\n' ',' | sed 's/,$//; s/,/, /g')

echo
echo "================ make test: summary ================"
echo "C++ suites (ctest): $(count_of tests) tests, $(count_of failures) failed, $(count_of skipped) skipped, ${cpp_seconds}s$([ $cpp_status -ne 0 ] && echo ' -- FAILED')"
skipped_tests
echo "Browser tests (Playwright, chromium, axe-core): ${web_counts:-none ran}, ${web_seconds}s$([ $web_status -ne 0 ] && echo ' -- FAILED')"
echo "===================================================="
[ $cpp_status -eq 0 ] && [ $web_status -eq 0 ]
