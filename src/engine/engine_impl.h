#pragma once
// The one generic implementation of rimscan::Engine, templated on the backend. Included by
// engine_cpu.cpp (CpuBackend) and cuda/engine/engine_cuda.cu (CudaBackend) only.
#include <string>

#include "rimscan/engine.h"
#include "rimscan/features/radiomics/device_pipeline.h"
#include "rimscan/kernels/ccl.h"
#include "rimscan/kernels/distance.h"
#include "rimscan/kernels/fill_holes.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/kernels/hessian.h"
#include "rimscan/kernels/label_stats.h"
#include "rimscan/kernels/morphology.h"
#include "rimscan/par/hd.h"
#include "pipeline/analyse_case.h"

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

  ImageU8 fill_holes_3d(const ImageU8& mask) override { return fill_holes(mask, -1); }
  ImageU8 fill_holes_2d(const ImageU8& mask, int axis) override { return fill_holes(mask, axis); }

  ImageF distance_transform(const ImageU8& feature) override { return distance(feature, false); }
  ImageF distance_to_outside(const ImageU8& mask) override { return distance(mask, true); }

  ImageU8 morphology_mm(const ImageU8& mask, kernels::MorphOp op, double radius_mm,
                        bool outside_is_background) override {
    return map_mask(mask, [&](const uint8_t* in, uint8_t* out) {
      kernels::morphology_mm(be_, op, in, out, mask.geom.size, mask.geom.spacing, radius_mm, outside_is_background);
    });
  }

  ImageU8 morphology_voxel(const ImageU8& mask, kernels::MorphOp op, kernels::Connectivity conn,
                           bool outside_is_background) override {
    if (op != kernels::MorphOp::kDilate && op != kernels::MorphOp::kErode)
      throw Error(ErrorCode::kUsage, "one-voxel morphology supports dilation and erosion only");
    return map_mask(mask, [&](const uint8_t* in, uint8_t* out) {
      if (op == kernels::MorphOp::kDilate)
        kernels::dilate_voxel(be_, in, out, mask.geom.size, conn);
      else
        kernels::erode_voxel(be_, in, out, mask.geom.size, conn, outside_is_background);
    });
  }

  ImageU8 boundary(const ImageU8& mask, bool outside_is_background) override {
    return map_mask(mask, [&](const uint8_t* in, uint8_t* out) {
      kernels::boundary(be_, in, out, mask.geom.size, outside_is_background);
    });
  }

  std::array<ImageF, 3> hessian_eigenvalues(const ImageF& smoothed) override {
    const int64_t n = smoothed.num_voxels();
    par::ArrayOf<B, float> d_in(be_, n), d1(be_, n), d2(be_, n), d3(be_, n);
    be_.upload(smoothed.data(), d_in.data(), n);
    kernels::hessian_eigenvalues(be_, d_in.data(), d1.data(), d2.data(), d3.data(), smoothed.geom.size,
                                 smoothed.geom.spacing);
    std::array<ImageF, 3> out{ImageF(smoothed.geom), ImageF(smoothed.geom), ImageF(smoothed.geom)};
    be_.download(d1.data(), out[0].data(), n);
    be_.download(d2.data(), out[1].data(), n);
    be_.download(d3.data(), out[2].data(), n);
    return out;
  }

  std::array<ImageF, 3> hessian_shape(const ImageF& image, double sigma_mm,
                                      const kernels::VesselnessParams& params) override {
    const int64_t n = image.num_voxels();
    par::ArrayOf<B, float> d_in(be_, n), d_sm(be_, n), d1(be_, n), d2(be_, n), d3(be_, n);
    be_.upload(image.data(), d_in.data(), n);
    // d1 is the smoothing scratch before it receives the tube measure.
    kernels::gaussian_filter(be_, d_in.data(), d_sm.data(), d1.data(), image.geom.size, image.geom.spacing, sigma_mm);
    kernels::hessian_shape_measures(be_, d_sm.data(), d1.data(), d2.data(), d3.data(), image.geom.size,
                                    image.geom.spacing, sigma_mm, params);
    std::array<ImageF, 3> out{ImageF(image.geom), ImageF(image.geom), ImageF(image.geom)};
    be_.download(d1.data(), out[0].data(), n);
    be_.download(d2.data(), out[1].data(), n);
    be_.download(d3.data(), out[2].data(), n);
    return out;
  }

  ImageF tubularity(const ImageF& image, const std::vector<double>& sigmas_mm,
                    const kernels::VesselnessParams& params) override {
    const int64_t n = image.num_voxels();
    par::ArrayOf<B, float> d_in(be_, n), d_out(be_, n), d_a(be_, n), d_b(be_, n);
    be_.upload(image.data(), d_in.data(), n);
    kernels::tubularity(be_, d_in.data(), d_out.data(), d_a.data(), d_b.data(), image.geom.size, image.geom.spacing,
                        sigmas_mm, params);
    ImageF out(image.geom);
    be_.download(d_out.data(), out.data(), n);
    return out;
  }

  std::vector<kernels::LabelStats> label_statistics(const ImageF& values, const ImageI32& labels, int32_t n_labels,
                                                    const ImageU8* include) override {
    if (values.geom.size != labels.geom.size || (include && include->geom.size != values.geom.size))
      throw Error(ErrorCode::kGeometryMismatch, "label statistics: image, label map and mask sizes differ (" +
                                                    values.geom.describe() + " vs " + labels.geom.describe() + ")");
    const int64_t n = values.num_voxels();
    par::ArrayOf<B, float> d_val(be_, n);
    par::ArrayOf<B, int32_t> d_lab(be_, n);
    par::ArrayOf<B, uint8_t> d_inc(be_, include ? n : 0);
    be_.upload(values.data(), d_val.data(), n);
    be_.upload(labels.data(), d_lab.data(), n);
    if (include) be_.upload(include->data(), d_inc.data(), n);
    return kernels::label_statistics(be_, d_val.data(), d_lab.data(), n_labels, values.geom.size,
                                     include ? d_inc.data() : nullptr);
  }

  radiomics::DeviceOutput radiomics(const radiomics::RoiCrop& crop, const radiomics::BinningRule& rule,
                                    const radiomics::MatrixRequest& req) override {
    return radiomics::run_radiomics_device(be_, crop, rule, req);
  }

  CaseResult analyse(const CaseInput& in, const AnalysisParams& params) override {
    return pipeline::analyse_case(be_, in, params);
  }

 private:
  // Uploads a mask, runs op(device_in, device_out), downloads the result.
  template <class Op>
  ImageU8 map_mask(const ImageU8& mask, Op op) {
    const int64_t n = mask.num_voxels();
    par::ArrayOf<B, uint8_t> d_in(be_, n), d_out(be_, n);
    be_.upload(mask.data(), d_in.data(), n);
    op(d_in.data(), d_out.data());
    ImageU8 out(mask.geom);
    be_.download(d_out.data(), out.data(), n);
    return out;
  }

  ImageF distance(const ImageU8& mask, bool to_outside) {
    const int64_t n = mask.num_voxels();
    par::ArrayOf<B, uint8_t> d_mask(be_, n);
    par::ArrayOf<B, float> d_dist(be_, n);
    be_.upload(mask.data(), d_mask.data(), n);
    if (to_outside)
      kernels::distance_to_outside(be_, d_mask.data(), d_dist.data(), mask.geom.size, mask.geom.spacing);
    else
      kernels::distance_transform(be_, d_mask.data(), d_dist.data(), mask.geom.size, mask.geom.spacing);
    ImageF out(mask.geom);
    be_.download(d_dist.data(), out.data(), n);
    return out;
  }

  // axis < 0: 3D.
  ImageU8 fill_holes(const ImageU8& mask, int axis) {
    const int64_t n = mask.num_voxels();
    par::ArrayOf<B, uint8_t> d_mask(be_, n), d_out(be_, n);
    be_.upload(mask.data(), d_mask.data(), n);
    if (axis < 0)
      kernels::fill_holes_3d(be_, d_mask.data(), d_out.data(), mask.geom.size);
    else
      kernels::fill_holes_2d(be_, d_mask.data(), d_out.data(), mask.geom.size, axis);
    ImageU8 out(mask.geom);
    be_.download(d_out.data(), out.data(), n);
    return out;
  }

  DeviceKind kind_;
  B be_;
};

}  // namespace rimscan::engine_detail
