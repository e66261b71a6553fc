#!/usr/bin/env bash
# The sanitizer stage of CI (scripts/test.sh): one clang build with AddressSanitizer and
# UndefinedBehaviorSanitizer on every rimscan library (CPU only: -DRIMSCAN_CUDA=OFF), which also
# carries libFuzzer's coverage instrumentation on the parsers (fuzz/coverage_allowlist.txt).
# It builds and runs the whole test suite, then runs every fuzz target for a bounded time.
# Any sanitizer report fails the test that triggered it (-fno-sanitize-recover, halt_on_error).
#
# usage: scripts/sanitize.sh [--configure-only]
# env:   SAN_BUILD_DIR (build-san), FUZZ_SECONDS (20 s per target; 0 = no fuzzing),
#        SAN_CTEST_EXCLUDE (tests left out; empty = run all),
#        JOBS (nproc), RIMSCAN_DATA (../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)
B=${SAN_BUILD_DIR:-build-san}
T0=$(date +%s)
stage() { echo "== sanitize [$(( $(date +%s) - T0 ))s] $*"; }

command -v clang++ >/dev/null || { echo "sanitize: clang++ not found (scripts/install_deps.sh)"; exit 1; }
# -O1: a quarter less build time than -O2 and sanitizer reports with usable stacks; -g1: line
# numbers in the reports without full debug information.
CC=clang CXX=clang++ cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -g1" \
  -DRIMSCAN_SANITIZE=ON -DRIMSCAN_FUZZ=ON -DRIMSCAN_CUDA=OFF -DRIMSCAN_BENCH=OFF -DRIMSCAN_TESTS=ON \
  >"$B.configure.log" 2>&1 || { cat "$B.configure.log"; exit 1; }
[ "${1:-}" = --configure-only ] && exit 0

stage "build (clang, ASan+UBSan, CPU only)"
cmake --build "$B" -j "${JOBS:-$(nproc)}"
stage "tests under ASan+UBSan"
# Leak reports inside third-party libraries rimscan cannot free are suppressed one by one in
# tests/sanitizers/lsan.supp (with why); nothing of rimscan's own code is listed there.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$SRC/tests/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Symbolized stacks in reports (the clang package brings llvm-14's symbolizer).
[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-14/bin/llvm-symbolizer}
# Left out under the sanitizers (they run in the regular build): the three whole-pipeline runs on
# the largest real cases, 10 minutes of instrumented CPU that repeat code paths the phantom,
# determinism and real-normal tests already take under ASan (keeps CI under 30 minutes on 2 cores).
SAN_CTEST_EXCLUDE=${SAN_CTEST_EXCLUDE-'^(RealCases\.ExpertMask.*|cli\.flags_real_cases)$'}
ctest --test-dir "$B" --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 900 ${SAN_CTEST_EXCLUDE:+-E "$SAN_CTEST_EXCLUDE"}
if [ "${FUZZ_SECONDS:-20}" -gt 0 ]; then
  stage "fuzzing, ${FUZZ_SECONDS:-20} s per target"
  FUZZ_NO_BUILD=1 BUILD_DIR="$B" ./scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
fi
stage "done"
