// The CUDA instantiation of the generic engine (src/engine/engine_impl.h).
#include "cuda/par/cuda_backend.cuh"
#include "engine/engine_impl.h"

namespace rimscan {

std::unique_ptr<Engine> make_cuda_engine(int device_index) {
  return std::make_unique<engine_detail::EngineImpl<par::CudaBackend>>(DeviceKind::kCuda, device_index);
}

}  // namespace rimscan
