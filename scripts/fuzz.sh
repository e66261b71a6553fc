#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan+UBSan) and runs each for a bounded time on
# seed corpora made at run time from sample_images/ and the shared data (scripts/fuzz_seeds.py).
# Any crash, sanitizer report, leak, timeout (-timeout) or out-of-memory (-rss_limit_mb) fails
# the run; the input that caused it is left in $FUZZ_WORK/artifacts/ and its path printed: keep
# it as a regression case in tests/fuzz_regressions/<target>/ once fixed (docs/reliability.md).
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]     (default 30 s, every target)
# env:   BUILD_DIR (build-san, shared with scripts/sanitize.sh), FUZZ_WORK ($BUILD_DIR/fuzz-work: corpora grow across runs),
#        RIMSCAN_DATA (../shared/data), FUZZ_NO_BUILD=1 to skip the build,
#        FUZZ_REPORT=FILE appends one markdown table row per target.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)
SECONDS_PER_TARGET=${1:-30}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_image_read fuzz_dicom_series fuzz_manifest fuzz_params fuzz_model_json)
BUILD_DIR=${BUILD_DIR:-build-san}
WORK=${FUZZ_WORK:-$BUILD_DIR/fuzz-work}
DATA=${RIMSCAN_DATA:-$SRC/../shared/data}

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  # The sanitizer build of scripts/sanitize.sh (same directory, same options), fuzz targets only.
  SAN_BUILD_DIR="$BUILD_DIR" ./scripts/sanitize.sh --configure-only
  cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}" --target "${TARGETS[@]}"
fi

mkdir -p "$WORK/artifacts" "$WORK/logs"
rm -rf "$WORK/seeds"
python3 scripts/fuzz_seeds.py "$SRC" "$DATA" "$WORK/seeds"

# Leaks inside third-party libraries are suppressed one by one (tests/sanitizers/lsan.supp says
# which and why); everything else a sanitizer reports stops the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$SRC/tests/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Symbolized stacks in reports (the clang package brings llvm-14's symbolizer).
[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-14/bin/llvm-symbolizer}

failed=0
printf '%-20s %10s %8s %8s %8s  %s\n' target executions exec/s corpus new result
for t in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$t"
  mkdir -p "$corpus"
  before=$(find "$corpus" -type f | wc -l)
  log="$WORK/logs/$t.log"
  rm -f "$WORK/artifacts/$t-"*
  set +e
  # libFuzzer stops by itself after -max_total_time; `timeout` only guards against a harness
  # that never returns control to it.
  timeout $((SECONDS_PER_TARGET + 120)) "$BUILD_DIR/fuzz/$t" "$corpus" "$WORK/seeds/$t" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=2560 -malloc_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$WORK/artifacts/$t-" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  after=$(find "$corpus" -type f | wc -l)
  # slow-unit-* files are libFuzzer's notes of inputs slower than 10 s of wall time (a loaded
  # machine makes them); hangs are -timeout's timeout-* artifacts, which do fail the run.
  artifacts=$(find "$WORK/artifacts" -name "$t-*" ! -name "$t-slow-unit-*" -type f | sort)
  result=ok
  if [ "$rc" -ne 0 ] || [ -n "$artifacts" ]; then
    result="FAILED (exit $rc)"
    failed=1
  fi
  printf '%-20s %10s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$after" "$((after - before))" "$result"
  if [ -n "${FUZZ_REPORT:-}" ]; then
    echo "| $t | ${SECONDS_PER_TARGET} s | ${execs:-?} | ${rate:-?} | $after | $(echo "$artifacts" | grep -c . || true) |" >>"$FUZZ_REPORT"
  fi
  if [ "$result" != ok ]; then
    echo "---- $t: last lines of $log"
    grep -E "ERROR|SUMMARY|==[0-9]+==|runtime error|Test unit written|deadly signal|timeout|out-of-memory" "$log" | head -20
    for a in $artifacts; do echo "reproducer: $a  (replay: $BUILD_DIR/fuzz/$t $a)"; done
  fi
done
exit $failed
