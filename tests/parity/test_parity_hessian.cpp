// Hessian eigenvalues, shape measures and tubularity: every engine against the long-double
// oracle (tests/reference/reference_hessian.h) on smoothed random volumes with odd sizes and
// anisotropic spacing. Tolerances: eigenvalues 1e-5 relative to the voxel's largest |l|;
// shape measures (in [0, 1)) 1e-5 absolute. The oracle works on the engine's own Gaussian
// smoothing (checked separately by GaussianParity), since second differences would magnify
// float rounding of a different smoothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/kernel_volumes.h"
#include "common/test_data.h"
#include "reference/reference_hessian.h"

using namespace rimscan;

class HessianParity : public ::testing::TestWithParam<test::EngineCase> {};

namespace {
struct Case {
  Size3 size;
  Vec3 spacing;
};
const Case kCases[] = {{{17, 13, 9}, {1, 1, 1}}, {{15, 11, 7}, {0.8, 1.2, 3.0}}, {{1, 12, 9}, {1, 1, 2}},
                       {{9, 2, 1}, {1, 1, 1}},   {{1, 1, 1}, {1, 1, 1}}};
}  // namespace

TEST_P(HessianParity, EigenvaluesMatchOracle) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  unsigned seed = 900;
  for (const Case& c : kCases) {
    ImageF sm = e->gaussian(test::random_image(c.size, ++seed, c.spacing), 1.5);
    auto ev = e->hessian_eigenvalues(sm);
    for (int64_t k = 0; k < c.size[2]; ++k)
      for (int64_t j = 0; j < c.size[1]; ++j)
        for (int64_t i = 0; i < c.size[0]; ++i) {
          const auto want = reference::eigenvalues(reference::hessian(sm, i, j, k));
          const double tol = 1e-5 * static_cast<double>(std::fabs(want[2])) + 1e-30;
          for (int l = 0; l < 3; ++l)
            ASSERT_NEAR(ev[l].at(i, j, k), static_cast<double>(want[l]), tol) << i << "," << j << "," << k << " l" << l;
        }
  }
}

TEST_P(HessianParity, ShapeMeasuresAndTubularityMatchOracle) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  unsigned seed = 950;
  for (const Case& c : kCases) {
    ImageF img = test::random_image(c.size, ++seed, c.spacing);
    for (double cc : {0.0, 50.0}) {
      kernels::VesselnessParams p;
      p.c = cc;
      auto got = e->hessian_shape(img, 1.2, p);
      auto want = reference::shape_measures(e->gaussian(img, 1.2), 1.2, p.alpha, p.beta, p.c);
      for (int m = 0; m < 3; ++m)
        for (int64_t v = 0; v < img.num_voxels(); ++v)
          ASSERT_NEAR(got[m].voxels[v], want[m].voxels[v], 1e-5) << "measure " << m << " v " << v;
      ImageF tub = e->tubularity(img, {1.0, 2.0}, p);
      auto w1 = reference::shape_measures(e->gaussian(img, 1.0), 1.0, p.alpha, p.beta, p.c);
      auto w2 = reference::shape_measures(e->gaussian(img, 2.0), 2.0, p.alpha, p.beta, p.c);
      for (int64_t v = 0; v < img.num_voxels(); ++v)
        ASSERT_NEAR(tub.voxels[v], std::max(w1[0].voxels[v], w2[0].voxels[v]), 1e-5) << v;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, HessianParity, ::testing::ValuesIn(test::engine_cases()),
                         [](const auto& info) { return info.param.label; });

TEST(HessianParity, CpuAndCudaAgreeOnEigenvaluesAndTubularity) {
  // Same smoothed input on both; eigenvalues use acos/cos, whose last bit may differ between
  // the host and device libraries: 1e-5 relative to the voxel's largest |l|.
  if (cuda_unavailable_reason() != "") {
    if (test::cuda_required()) FAIL() << cuda_unavailable_reason();
    GTEST_SKIP() << "no CUDA device here";
  }
  ImageF img = test::random_image({33, 20, 9}, 5, {1, 1, 2.5});
  auto cpu = make_engine(DeviceRequest::parse("cpu"));
  auto gpu = make_engine(DeviceRequest::parse("cuda"));
  ImageF sm = cpu->gaussian(img, 2.0);
  auto a = cpu->hessian_eigenvalues(sm), b = gpu->hessian_eigenvalues(sm);
  for (int64_t v = 0; v < img.num_voxels(); ++v)
    for (int l = 0; l < 3; ++l)
      ASSERT_NEAR(a[l].voxels[v], b[l].voxels[v], 1e-5 * std::fabs(a[2].voxels[v]) + 1e-30) << v << " l" << l;
  ImageF ta = cpu->tubularity(img, {1.0, 2.0}), tb = gpu->tubularity(img, {1.0, 2.0});
  for (int64_t v = 0; v < img.num_voxels(); ++v) ASSERT_NEAR(ta.voxels[v], tb.voxels[v], 1e-5) << v;
}
