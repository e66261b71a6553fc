#!/usr/bin/env bash
# The full test suite on a fresh Debian 12 machine: installs what is missing, builds (CUDA code
# for sm_90 only, to keep CI short; release builds keep sm_80, sm_90 and PTX) and runs every
# CTest test. Prints the time of each stage. Real data: $RIMSCAN_DATA (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
stage() { echo "== [$(( $(date +%s) - T0 ))s] $*"; }

stage "install dependencies"
./scripts/install_deps.sh
stage "build"
BUILD_DIR=${BUILD_DIR:-build-test} RIMSCAN_CUDA_ARCHS=${RIMSCAN_CUDA_ARCHS:-90-real} ./scripts/build.sh
stage "tests"
ctest --test-dir "${BUILD_DIR:-build-test}" --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 900
# The same suite again, built with clang under AddressSanitizer + UBSan (CPU only), then every
# fuzz target for FUZZ_SECONDS (20 s) each (docs/reliability.md). SANITIZE=0 skips the stage.
if [ "${SANITIZE:-1}" != 0 ]; then
  stage "sanitizer build, tests and fuzzing"
  ./scripts/sanitize.sh
fi
stage "done"
