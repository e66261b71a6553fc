#pragma once
// RIMSCAN_CUDA_CHECK(expr): throws rimscan::Error(kDevice) naming the expression, file and line
// when a CUDA runtime call fails. RIMSCAN_CUDA_LAUNCH_CHECK() after every kernel launch; a
// device-wide synchronisation happens only in debug builds (RIMSCAN_CUDA_SYNC_CHECK defined).
#include <cuda_runtime.h>

#include <string>

#include "rimscan/error.h"

namespace rimscan::cuda_detail {
[[noreturn]] inline void throw_cuda_error(cudaError_t err, const char* expr, const char* file, int line) {
  throw Error(ErrorCode::kDevice, std::string("CUDA error ") + cudaGetErrorName(err) + " (" +
                                      cudaGetErrorString(err) + ") in " + expr + " at " + file +
                                      ":" + std::to_string(line));
}
}  // namespace rimscan::cuda_detail

#define RIMSCAN_CUDA_CHECK(expr)                                                            \
  do {                                                                                      \
    cudaError_t rimscan_err_ = (expr);                                                      \
    if (rimscan_err_ != cudaSuccess)                                                        \
      ::rimscan::cuda_detail::throw_cuda_error(rimscan_err_, #expr, __FILE__, __LINE__);    \
  } while (0)

#if defined(RIMSCAN_CUDA_SYNC_CHECK) || !defined(NDEBUG)
#define RIMSCAN_CUDA_LAUNCH_CHECK()                  \
  do {                                               \
    RIMSCAN_CUDA_CHECK(cudaGetLastError());          \
    RIMSCAN_CUDA_CHECK(cudaDeviceSynchronize());     \
  } while (0)
#else
#define RIMSCAN_CUDA_LAUNCH_CHECK() RIMSCAN_CUDA_CHECK(cudaGetLastError())
#endif
