#pragma once
// The one generic implementation of rimscan::Engine, templated on the backend. Included by
// engine_cpu.cpp (CpuBackend) and cuda/engine/engine_cuda.cu (CudaBackend) only.
#include <string>

#include "rimscan/engine.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/par/hd.h"

namespace rimscan::engine_detail {

template <class B>
class EngineImpl final : public Engine {
 public:
  template <class... Args>
  explicit EngineImpl(DeviceKind kind, Args&&... args) : kind_(kind), be_(std::forward<Args>(args)...) {}

  DeviceKind kind() const override { return kind_; }
  std::string name() const override { return be_.name(); }
  B& backend() { return be_; }

  ImageF gaussian(const ImageF& in, double sigma_mm) override {
    const int64_t n = in.num_voxels();
    par::ArrayOf<B, float> d_in(be_, n), d_out(be_, n), d_tmp(be_, n);
    be_.upload(in.data(), d_in.data(), n);
    kernels::gaussian_filter(be_, d_in.data(), d_out.data(), d_tmp.data(), in.geom.size, in.geom.spacing,
                             sigma_mm);
    ImageF out(in.geom);
    be_.download(d_out.data(), out.data(), n);
    return out;
  }

 private:
  DeviceKind kind_;
  B be_;
};

}  // namespace rimscan::engine_detail
