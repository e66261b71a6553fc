// The CPU instantiation of the generic engine.
#include "engine/engine_impl.h"
#include "rimscan/par/cpu_backend.h"

namespace rimscan {

std::unique_ptr<Engine> make_cpu_engine(int threads) {
  return std::make_unique<engine_detail::EngineImpl<par::CpuBackend>>(DeviceKind::kCpu, threads);
}

}  // namespace rimscan
