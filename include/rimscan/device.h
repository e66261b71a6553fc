#pragma once
// Choosing where computation runs: --device auto|cpu|cuda[:N] and --threads.
// Asking for CUDA where there is none is an error (ErrorCode::kDeviceUnavailable), never a
// silent fallback; "auto" picks CUDA when a device is present.
#include <string>
#include <vector>

namespace rimscan {

enum class DeviceKind { kCpu, kCuda };

struct DeviceRequest {
  enum class Mode { kAuto, kCpu, kCuda } mode = Mode::kAuto;
  int cuda_index = 0;  // for cuda:N
  int threads = 0;     // CPU threads; 0 = OpenMP default

  // Parses "auto", "cpu", "cuda" or "cuda:N"; throws Error(kUsage) otherwise.
  static DeviceRequest parse(const std::string& text, int threads = 0);
};

struct CudaDeviceInfo {
  int index = 0;
  std::string name;
  int compute_major = 0, compute_minor = 0;
  double memory_gib = 0;
  int multiprocessors = 0;
};

// True when this binary was built with the CUDA backend.
bool built_with_cuda();
// CUDA devices visible to this process (empty without the backend or without a driver/GPU).
std::vector<CudaDeviceInfo> list_cuda_devices();
// Why no CUDA device is usable ("built without CUDA", the runtime's error), or "" when one is.
std::string cuda_unavailable_reason();

// Resolves auto to a concrete kind; throws Error(kDeviceUnavailable) when CUDA is requested
// explicitly and unusable.
DeviceKind resolve_device(const DeviceRequest& req);

}  // namespace rimscan
