// The CUDA half of bench_kernels: the shared suite (kernel_bench.h) on a CudaBackend.
#include "cuda/par/cuda_backend.cuh"
#include "kernel_bench.h"

namespace rimscan::bench {

std::string run_cuda_suite(const Volume& vol, const Options& opt, std::vector<Result>& out) {
  par::CudaBackend be(0);
  run_suite(be, "cuda", vol, opt, out);
  return be.name();
}

}  // namespace rimscan::bench
