#!/usr/bin/env bash
# Prepares gpu_carry/ (ignored by git) on a development machine, for scripts/gpu_checks.sh on the
# lent GPU machine, which has no ITK, no OpenCV and no ../shared:
#   gpu_carry/bin/    rimscan_core_tests, bench_kernels, bench_pipeline: core + CUDA only, CUDA
#                     runtime linked statically, sm_90 code (build-gpu: ITK and OpenCV off)
#   gpu_carry/cases/  real cases as raw volumes (tests/common/raw_volume.h) + cases.txt, written
#                     by rimscan_make_raw_case through the ITK adapter (build-gpu-conv: CUDA off)
# and checks that what travels (the repository's files plus gpu_carry) fits in 64 MiB.
#
#   scripts/gpu_checks_build.sh            # then, on the GPU machine, carry gpu_carry and run
#                                          #   scripts/gpu_checks.sh (docs/benchmarks.md)
# Environment: RIMSCAN_DATA (default ../shared/data), JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${RIMSCAN_DATA:-$ROOT/../shared/data}
JOBS=${JOBS:-2}
GPU_TARGETS="rimscan_core_tests bench_kernels bench_pipeline"

echo "== build-gpu: ITK off, OpenCV off, CUDA sm_90 =="
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DRIMSCAN_WITH_ITK=OFF -DRIMSCAN_WITH_OPENCV=OFF \
  -DRIMSCAN_CUDA_ARCHITECTURES=90-real >/dev/null
grep -q "RIMSCAN_HAVE_CUDA=1" build-gpu/build.ninja || { echo "build-gpu has no CUDA backend (nvcc missing?)" >&2; exit 1; }
cmake --build build-gpu -j"$JOBS" --target $GPU_TARGETS

echo "== build-gpu-conv: the raw-case converter (ITK on, CUDA off) =="
cmake -S . -B build-gpu-conv -G Ninja -DCMAKE_BUILD_TYPE=Release -DRIMSCAN_CUDA=OFF -DRIMSCAN_WITH_OPENCV=OFF \
  -DRIMSCAN_BENCH=OFF >/dev/null
cmake --build build-gpu-conv -j"$JOBS" --target rimscan_make_raw_case

echo "== gpu_carry =="
rm -rf gpu_carry
mkdir -p gpu_carry/bin gpu_carry/cases
for t in $GPU_TARGETS; do
  f=$(find build-gpu -type f -name "$t" -perm -u+x | head -1)
  [ -n "$f" ] || { echo "missing binary $t" >&2; exit 1; }
  cp "$f" gpu_carry/bin/
  strip --strip-unneeded "gpu_carry/bin/$t"
done
# Nothing that the GPU machine lacks may be needed at run time.
for t in $GPU_TARGETS; do
  if ldd "gpu_carry/bin/$t" | grep -Ei "itk|opencv|yaml|gtest|cudart|not found"; then
    echo "gpu_carry/bin/$t needs a library the GPU machine does not have" >&2
    exit 1
  fi
done

# About 7.5 MB for the three cases (zlib).
CONV=build-gpu-conv/tests/rimscan_make_raw_case
echo "# id  t1c  [lesion mask  label scheme]   (tests/parity/test_parity_pipeline.cpp, bench/bench_pipeline.cpp)" \
  >gpu_carry/cases/cases.txt
for id in 00002 00009; do
  UP=$DATA/tumour/upenn-gbm/UPENN-GBM-${id}_11
  "$CONV" "$UP/UPENN-GBM-${id}_11_T1GD.nii.gz" "gpu_carry/cases/upenn$id.t1c.rsv"
  "$CONV" --labels "$UP/UPENN-GBM-${id}_11_segm.nii.gz" "gpu_carry/cases/upenn$id.segm.rsv"
  echo "upenn$id  upenn$id.t1c.rsv  upenn$id.segm.rsv  brats2021" >>gpu_carry/cases/cases.txt
done
"$CONV" "$DATA/normal/MR_Gd.nii.gz" gpu_carry/cases/mr_gd.t1c.rsv
echo "mr_gd  mr_gd.t1c.rsv" >>gpu_carry/cases/cases.txt

# What travels: tracked and untracked-not-ignored files, plus the carried gpu_carry.
tree_bytes=$(git ls-files -co --exclude-standard -z | xargs -0 stat -c %s 2>/dev/null | awk '{s+=$1} END {print s+0}')
carry_bytes=$(du -sb gpu_carry | cut -f1)
total=$((tree_bytes + carry_bytes))
du -sh gpu_carry/bin/* gpu_carry/cases/*
printf 'working tree %.1f MiB + gpu_carry %.1f MiB = %.1f MiB (limit 64 MiB)\n' \
  "$(echo "$tree_bytes/1048576" | bc -l)" "$(echo "$carry_bytes/1048576" | bc -l)" "$(echo "$total/1048576" | bc -l)"
if [ "$total" -gt $((64 * 1024 * 1024)) ]; then
  echo "too large to travel: drop a case from gpu_carry/cases or a binary" >&2
  exit 1
fi
echo "ready: on the GPU machine run scripts/gpu_checks.sh with carry [\"gpu_carry\"]"
