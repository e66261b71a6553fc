// The CUDA half of bench_pipeline: analyse_case on a CudaBackend, timed with CUDA events on the
// backend's stream (and the host clock), and the device-to-device copy bandwidth that the
// stages' effective bandwidths are compared with.
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "cuda/par/cuda_backend.cuh"
#include "pipeline_bench.h"

namespace rimscan::bench {

// Bytes read + written per second by cudaMemcpyAsync of a 1 GiB buffer on the device (median of
// 10 copies after a warm-up), the ceiling that docs/gpu_machine.md measures with PyTorch.
double cuda_copy_bandwidth_gbs(std::string* device_name) {
  par::CudaBackend be(0);
  *device_name = be.name();
  const size_t bytes = size_t{1} << 30;
  void *a = nullptr, *b = nullptr;
  RIMSCAN_CUDA_CHECK(cudaMalloc(&a, bytes));
  RIMSCAN_CUDA_CHECK(cudaMalloc(&b, bytes));
  RIMSCAN_CUDA_CHECK(cudaMemsetAsync(a, 1, bytes, be.stream()));
  cudaEvent_t e0, e1;
  RIMSCAN_CUDA_CHECK(cudaEventCreate(&e0));
  RIMSCAN_CUDA_CHECK(cudaEventCreate(&e1));
  std::vector<double> gbs;
  for (int r = 0; r < 11; ++r) {
    RIMSCAN_CUDA_CHECK(cudaEventRecord(e0, be.stream()));
    RIMSCAN_CUDA_CHECK(cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice, be.stream()));
    RIMSCAN_CUDA_CHECK(cudaEventRecord(e1, be.stream()));
    RIMSCAN_CUDA_CHECK(cudaEventSynchronize(e1));
    float ms = 0;
    RIMSCAN_CUDA_CHECK(cudaEventElapsedTime(&ms, e0, e1));
    if (r > 0) gbs.push_back(2.0 * static_cast<double>(bytes) / (ms * 1e-3) / 1e9);
  }
  cudaEventDestroy(e0);
  cudaEventDestroy(e1);
  cudaFree(a);
  cudaFree(b);
  std::sort(gbs.begin(), gbs.end());
  return gbs[gbs.size() / 2];
}

// One warm-up run (module load, memory pool growth), then `reps` timed runs.
std::vector<PipelineRun> run_cuda_pipeline(const CaseInput& in, const AnalysisParams& p, int reps,
                                           std::string* device_name) {
  par::CudaBackend be(0);
  *device_name = be.name();
  pipeline::analyse_case(be, in, p);
  cudaEvent_t e0, e1;
  RIMSCAN_CUDA_CHECK(cudaEventCreate(&e0));
  RIMSCAN_CUDA_CHECK(cudaEventCreate(&e1));
  std::vector<PipelineRun> runs;
  for (int r = 0; r < reps; ++r) {
    be.synchronize();
    const auto t0 = std::chrono::steady_clock::now();
    RIMSCAN_CUDA_CHECK(cudaEventRecord(e0, be.stream()));
    CaseResult res = pipeline::analyse_case(be, in, p);
    RIMSCAN_CUDA_CHECK(cudaEventRecord(e1, be.stream()));
    RIMSCAN_CUDA_CHECK(cudaEventSynchronize(e1));
    PipelineRun run;
    run.whole_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    float ms = 0;
    RIMSCAN_CUDA_CHECK(cudaEventElapsedTime(&ms, e0, e1));
    run.event_s = ms * 1e-3;
    run.stages = res.stage_seconds;
    run.lesions = static_cast<int32_t>(res.lesions.size());
    runs.push_back(std::move(run));
  }
  cudaEventDestroy(e0);
  cudaEventDestroy(e1);
  return runs;
}

}  // namespace rimscan::bench
