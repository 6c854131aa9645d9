#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build/fuzz) and fuzzes each in turn for
# FUZZ_SECONDS (default 60) on one core, starting from and adding to its corpus in
# tests/fuzz/corpus/<target>/. Crash reproducers go to build/fuzz/crashes/<target>/.
#   tests/fuzz/run.sh                 every target
#   tests/fuzz/run.sh csv ics         only these
#   FUZZ_SECONDS=3600 tests/fuzz/run.sh http_request   one CPU-hour of one target
# Exits non-zero when any target found a crash (the reproducer's path is printed).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-60}
jobs=${JOBS:-$(nproc)}
all=(http_request json_fields multipart csv oneroster_zip cursor file_types ics oidc_provider_answers)
targets=("$@")
[ $# -gt 0 ] || targets=("${all[@]}")

cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRELLIS_SANITIZE=ON -DTRELLIS_FUZZ=ON -DTRELLIS_BUILD_TESTS=OFF -DTRELLIS_BUILD_BENCH=OFF \
  -DTRELLIS_EMBED_WEB=OFF >/dev/null
cmake --build build/fuzz -j "$jobs" --target "${targets[@]/#/fuzz_}"

failed=0
for target in "${targets[@]}"; do
  crashes=build/fuzz/crashes/$target
  work=build/fuzz/corpus/$target
  mkdir -p "$crashes" "$work"
  echo "== $target: ${seconds}s"
  # New inputs go to the working corpus in build/ (first folder); the committed corpus is read
  # only. -max_len: every parser's interesting states fit in 64 KiB. -timeout: an input that
  # runs 10 s is a hang worth a reproducer. -rss_limit_mb: what one input may cost.
  set +e
  "build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$work" "tests/fuzz/corpus/$target" >"build/fuzz/$target.log" 2>&1
  status=$?
  set -e
  grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Test unit written" \
    "build/fuzz/$target.log" || true
  if [ $status -ne 0 ]; then
    echo "!! $target failed (exit $status): see build/fuzz/$target.log and $crashes/"
    failed=1
  fi
done
exit $failed
