#!/usr/bin/env bash
# The GPU checks of issue 5, in one command, on the lent GPU machine (repository root, with the
# ignored gpu_carry/ made by scripts/gpu_checks_build.sh carried along):
#   tests      every test of rimscan_core_tests with RIMSCAN_REQUIRE_CUDA=1 (a missing device or
#              missing raw cases fail instead of skipping): kernel, radiomics and whole-pipeline
#              parity CPU vs CUDA on phantoms and on the real raw cases. The CPU-only pipeline
#              comparisons (other thread count, shuffled order) are CI's and are left out here.
#   bench      bench_kernels (CUDA, 128/256/512^3) and bench_pipeline (CPU on all cores up to
#              256^3, CUDA at 128/256/512^3 and on the real cases, host<->device traffic)
#   memcheck, racecheck   compute-sanitizer on the CUDA kernel and radiomics parity tests (small
#              volumes)
#   memcheck_pipeline     compute-sanitizer memcheck on the whole pipeline on the small phantoms
#              (the real cases are left out: too slow under the sanitizer)
# Steps run in that order, each under a time limit, within a budget (GPU_CHECKS_BUDGET_S,
# default 570 s) that fits one 10-minute device call: a step that would not fit is reported as
# "not run (budget)", to be run by a second call naming it.
# Everything lands in $OUT (at most 8 files come back): summary.txt (with the device), tests.log,
# bench_kernels.md, bench_pipeline.md, bench_pipeline.json, memcheck.log, racecheck.log,
# memcheck_pipeline.log.
#
#   scripts/gpu_checks.sh [tests] [bench] [memcheck] [racecheck] [memcheck_pipeline]
#                                                         (default: all five, in this order)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-$ROOT/out/gpu_checks}
mkdir -p "$OUT"
BIN=$ROOT/gpu_carry/bin
export RIMSCAN_SOURCE_DIR=$ROOT RIMSCAN_RAW_CASES=$ROOT/gpu_carry/cases RIMSCAN_REQUIRE_CUDA=1
STEPS=${*:-tests bench memcheck racecheck memcheck_pipeline}
BUDGET=${GPU_CHECKS_BUDGET_S:-570}
SUMMARY=$OUT/summary.txt
: >"$SUMMARY"

if [ ! -x "$BIN/rimscan_core_tests" ]; then
  echo "no $BIN/rimscan_core_tests: run scripts/gpu_checks_build.sh first and carry gpu_carry" | tee -a "$SUMMARY"
  exit 1
fi
SANITIZER=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer \
  /usr/local/cuda/compute-sanitizer/compute-sanitizer 2>/dev/null | head -1)
SANITIZER=${SANITIZER:-compute-sanitizer}

{
  date -u +%Y-%m-%dT%H:%M:%SZ
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
  nproc
  "$SANITIZER" --version 2>&1 | tail -1
} >>"$SUMMARY" 2>&1

status=0
step() {  # step NAME LIMIT_S LOG COMMAND...
  local name=$1 limit=$2 log=$3
  shift 3
  if [ $((SECONDS + limit)) -gt "$BUDGET" ]; then
    printf '%-17s %-28s %4ds  %s\n' "$name" "not run (budget)" 0 "run: scripts/gpu_checks.sh $arg" | tee -a "$SUMMARY"
    return
  fi
  local t0=$SECONDS
  timeout "$limit" "$@" >"$log" 2>&1
  local rc=$?
  local verdict=pass
  [ $rc -eq 0 ] || verdict="FAIL (exit $rc$([ $rc -eq 124 ] && echo ', time limit'))"
  [ $rc -eq 0 ] || status=1
  printf '%-17s %-28s %4ds  %s\n' "$name" "$verdict" $((SECONDS - t0)) "$(basename "$log")" | tee -a "$SUMMARY"
}

# The CUDA instances and CPU-vs-CUDA tests of the kernels and radiomics (small volumes).
KERNELS_CUDA='*/cuda:*Cuda*:-*Pipeline*'
# CI's CPU-only pipeline comparisons, left out here.
CPU_ONLY='-PipelineParityShuffled.*:Engines/PipelineParity.*/cpu'

for s in $STEPS; do
  arg=$s
  case $s in
    tests)
      step tests 200 "$OUT/tests.log" "$BIN/rimscan_core_tests" --gtest_filter="$CPU_ONLY" ;;
    bench)
      step bench_kern 45 "$OUT/bench_kernels.md" "$BIN/bench_kernels" --no-cpu --sizes 128,256,512 --reps 10
      step bench_pipe 150 "$OUT/bench_pipeline.md" "$BIN/bench_pipeline" --sizes 128,256,512 --cpu-max-edge 256 \
        --threads 0 --reps 10 --cpu-reps 1 --count-transfers --json "$OUT/bench_pipeline.json" ;;
    memcheck)
      step memcheck 90 "$OUT/memcheck.log" "$SANITIZER" --tool memcheck --error-exitcode 9 --leak-check no \
        "$BIN/rimscan_core_tests" --gtest_filter="$KERNELS_CUDA" ;;
    racecheck)
      step racecheck 60 "$OUT/racecheck.log" "$SANITIZER" --tool racecheck --error-exitcode 9 \
        "$BIN/rimscan_core_tests" --gtest_filter="$KERNELS_CUDA" ;;
    memcheck_pipeline)
      step memcheck_pipeline 150 "$OUT/memcheck_pipeline.log" "$SANITIZER" --tool memcheck --error-exitcode 9 \
        --leak-check no "$BIN/rimscan_core_tests" --gtest_filter='Engines/PipelineParity.Phantoms*/cuda' ;;
    *) echo "unknown step $s (tests, bench, memcheck, racecheck, memcheck_pipeline)" | tee -a "$SUMMARY"; status=2 ;;
  esac
done
grep -hE "^\[  (PASSED|FAILED|SKIPPED) |\[parity\]|ERROR SUMMARY|RACECHECK SUMMARY" "$OUT"/tests.log "$OUT"/memcheck.log \
  "$OUT"/racecheck.log "$OUT"/memcheck_pipeline.log 2>/dev/null | tee -a "$SUMMARY"
tail -n 12 "$OUT/bench_pipeline.md" 2>/dev/null | tee -a "$SUMMARY"
exit $status
