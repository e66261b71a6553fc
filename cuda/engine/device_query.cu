// CUDA device discovery for rimscan::list_cuda_devices (src/compute/device.cpp).
#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "rimscan/device.h"

namespace rimscan::cuda_query {

std::vector<CudaDeviceInfo> devices(std::string* error) {
  std::vector<CudaDeviceInfo> out;
  int n = 0;
  cudaError_t err = cudaGetDeviceCount(&n);
  if (err != cudaSuccess) {
    if (error) {
      if (err == cudaErrorNoDevice || err == cudaErrorInsufficientDriver)
        *error = std::string("no usable NVIDIA GPU or driver on this machine (CUDA runtime: ") +
                 cudaGetErrorString(err) + ")";
      else
        *error = std::string("CUDA runtime: ") + cudaGetErrorString(err);
    }
    cudaGetLastError();  // clear the sticky-free error so later queries start clean
    return out;
  }
  for (int i = 0; i < n; ++i) {
    cudaDeviceProp p{};
    if (cudaGetDeviceProperties(&p, i) != cudaSuccess) continue;
    CudaDeviceInfo info;
    info.index = i;
    info.name = p.name;
    info.compute_major = p.major;
    info.compute_minor = p.minor;
    info.memory_gib = static_cast<double>(p.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0);
    info.multiprocessors = p.multiProcessorCount;
    out.push_back(info);
  }
  if (out.empty() && error) *error = "no CUDA device found";
  return out;
}

}  // namespace rimscan::cuda_query
