#pragma once
// The one generic implementation of rimscan::Engine, templated on the backend. Included by
// engine_cpu.cpp (CpuBackend) and cuda/engine/engine_cuda.cu (CudaBackend) only.
#include <string>

#include "rimscan/engine.h"
#include "rimscan/features/radiomics/device_pipeline.h"
#include "rimscan/kernels/ccl.h"
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

  ImageI32 label_components(const ImageU8& mask, kernels::Connectivity conn, int32_t* n_components) override {
    const int64_t n = mask.num_voxels();
    par::ArrayOf<B, uint8_t> d_mask(be_, n);
    par::ArrayOf<B, int32_t> d_labels(be_, n);
    be_.upload(mask.data(), d_mask.data(), n);
    const int32_t k = kernels::label_components(be_, d_mask.data(), d_labels.data(), mask.geom.size, conn);
    ImageI32 out(mask.geom);
    be_.download(d_labels.data(), out.data(), n);
    if (n_components) *n_components = k;
    return out;
  }

  ImageI32 label_components_2d(const ImageU8& mask, int axis, bool eight_connected, int32_t* n_components) override {
    const int64_t n = mask.num_voxels();
    par::ArrayOf<B, uint8_t> d_mask(be_, n);
    par::ArrayOf<B, int32_t> d_labels(be_, n);
    be_.upload(mask.data(), d_mask.data(), n);
    const int32_t k =
        kernels::label_components_2d(be_, d_mask.data(), d_labels.data(), mask.geom.size, axis, eight_connected);
    ImageI32 out(mask.geom);
    be_.download(d_labels.data(), out.data(), n);
    if (n_components) *n_components = k;
    return out;
  }

  radiomics::DeviceOutput radiomics(const radiomics::RoiCrop& crop, const radiomics::BinningRule& rule,
                                    const radiomics::MatrixRequest& req) override {
    return radiomics::run_radiomics_device(be_, crop, rule, req);
  }

 private:
  DeviceKind kind_;
  B be_;
};

}  // namespace rimscan::engine_detail
