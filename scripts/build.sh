#!/usr/bin/env bash
# Configures and builds rimscan into ${BUILD_DIR:-build}. CUDA code is compiled when nvcc is
# found (/usr/local/cuda/bin/nvcc or on PATH); set RIMSCAN_CUDA_ARCHS to narrow the targets.
# Extra CMake arguments are passed through.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
ARGS=(-S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release})
[ -n "${RIMSCAN_CUDA_ARCHS:-}" ] && ARGS+=("-DRIMSCAN_CUDA_ARCHITECTURES=${RIMSCAN_CUDA_ARCHS}")
cmake "${ARGS[@]}" "$@" >"$BUILD_DIR.configure.log" 2>&1 || { cat "$BUILD_DIR.configure.log"; exit 1; }
grep -E "rimscan:" "$BUILD_DIR.configure.log" || true
cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}"
