#include "rimscan/device.h"

#include <memory>

#include "rimscan/engine.h"
#include "rimscan/error.h"

#if defined(RIMSCAN_HAVE_CUDA)
namespace rimscan::cuda_query {
std::vector<CudaDeviceInfo> devices(std::string* error);
}
#endif

namespace rimscan {

DeviceRequest DeviceRequest::parse(const std::string& text, int threads) {
  DeviceRequest r;
  r.threads = threads;
  if (text == "auto") {
    r.mode = Mode::kAuto;
  } else if (text == "cpu") {
    r.mode = Mode::kCpu;
  } else if (text == "cuda") {
    r.mode = Mode::kCuda;
  } else if (text.rfind("cuda:", 0) == 0) {
    r.mode = Mode::kCuda;
    try {
      size_t used = 0;
      r.cuda_index = std::stoi(text.substr(5), &used);
      if (used != text.size() - 5 || r.cuda_index < 0) throw std::invalid_argument(text);
    } catch (const std::exception&) {
      throw Error(ErrorCode::kUsage, "--device " + text + ": expected auto, cpu, cuda or cuda:N");
    }
  } else {
    throw Error(ErrorCode::kUsage, "--device " + text + ": expected auto, cpu, cuda or cuda:N");
  }
  return r;
}

bool built_with_cuda() {
#if defined(RIMSCAN_HAVE_CUDA)
  return true;
#else
  return false;
#endif
}

std::vector<CudaDeviceInfo> list_cuda_devices() {
#if defined(RIMSCAN_HAVE_CUDA)
  return cuda_query::devices(nullptr);
#else
  return {};
#endif
}

std::string cuda_unavailable_reason() {
#if defined(RIMSCAN_HAVE_CUDA)
  std::string err;
  auto devs = cuda_query::devices(&err);
  return devs.empty() ? err : std::string();
#else
  return "this rimscan was built without the CUDA backend";
#endif
}

DeviceKind resolve_device(const DeviceRequest& req) {
  switch (req.mode) {
    case DeviceRequest::Mode::kCpu:
      return DeviceKind::kCpu;
    case DeviceRequest::Mode::kAuto:
      return list_cuda_devices().empty() ? DeviceKind::kCpu : DeviceKind::kCuda;
    case DeviceRequest::Mode::kCuda: {
      std::string why = cuda_unavailable_reason();
      if (!why.empty()) throw Error(ErrorCode::kDeviceUnavailable, "--device cuda: " + why);
      int n = static_cast<int>(list_cuda_devices().size());
      if (req.cuda_index >= n)
        throw Error(ErrorCode::kDeviceUnavailable, "--device cuda:" + std::to_string(req.cuda_index) +
                                                       ": only " + std::to_string(n) + " CUDA device(s)");
      return DeviceKind::kCuda;
    }
  }
  return DeviceKind::kCpu;
}

std::unique_ptr<Engine> make_engine(const DeviceRequest& req) {
  if (resolve_device(req) == DeviceKind::kCpu) return make_cpu_engine(req.threads);
#if defined(RIMSCAN_HAVE_CUDA)
  return make_cuda_engine(req.cuda_index);
#else
  throw Error(ErrorCode::kDeviceUnavailable, "--device cuda: this rimscan was built without the CUDA backend");
#endif
}

}  // namespace rimscan
