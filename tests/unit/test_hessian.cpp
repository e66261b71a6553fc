// Hessian eigenvalues on a quadratic (whose finite-difference Hessian is exact everywhere,
// faces included), the tube / blob / plate measures on synthetic shapes, the multi-scale
// tubularity, and thread-count independence.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "reference/reference_hessian.h"
#include "rimscan/engine.h"
#include "rimscan/kernels/hessian.h"
#include "rimscan/par/cpu_backend.h"

using namespace rimscan;

namespace {
// f(x, y, z) on physical coordinates centred in the grid.
template <class F>
ImageF sample(Size3 size, Vec3 sp, F f) {
  ImageF img(Geometry::make(size, sp));
  for (int64_t k = 0; k < size[2]; ++k)
    for (int64_t j = 0; j < size[1]; ++j)
      for (int64_t i = 0; i < size[0]; ++i)
        img.at(i, j, k) = static_cast<float>(f((i - (size[0] - 1) / 2.0) * sp[0], (j - (size[1] - 1) / 2.0) * sp[1],
                                               (k - (size[2] - 1) / 2.0) * sp[2]));
  return img;
}
}  // namespace

TEST(HessianCpu, QuadraticGivesItsConstantHessianEverywhere) {
  const Vec3 sp{1.0, 2.0, 0.5};
  ImageF f = sample({5, 5, 7}, sp, [](double x, double y, double z) {
    return 2 * x * x - 3 * y * y + 0.5 * z * z + x * y + 0.25 * y * z;
  });
  // H = [[4, 1, 0], [1, -6, 0.25], [0, 0.25, 1]].
  reference::Mat h{{{4, 1, 0}, {1, -6, 0.25L}, {0, 0.25L, 1}}};
  const auto want = reference::eigenvalues(h);
  auto ev = make_cpu_engine(2)->hessian_eigenvalues(f);
  for (int64_t v = 0; v < f.num_voxels(); ++v) {
    ASSERT_LE(std::fabs(ev[0].voxels[v]), std::fabs(ev[1].voxels[v]));
    ASSERT_LE(std::fabs(ev[1].voxels[v]), std::fabs(ev[2].voxels[v]));
    for (int e = 0; e < 3; ++e) ASSERT_NEAR(ev[e].voxels[v], static_cast<double>(want[e]), 2e-3) << v << " l" << e;
  }
  // The known spectrum: one eigenvalue near -6.1, one near 4.1, one near 1.
  EXPECT_NEAR(ev[2].voxels[0], -6.1, 0.05);
}

TEST(HessianCpu, ShapeMeasuresTellTubesBlobsAndPlatesApart) {
  const Size3 size{21, 21, 21};
  const Vec3 sp{1, 1, 1};
  const int64_t c = 10 + 21 * (10 + 21 * 10);
  ImageF tube = sample(size, sp, [](double x, double y, double) { return 100 * std::exp(-(x * x + y * y) / 4.5); });
  ImageF blob = sample(size, sp, [](double x, double y, double z) { return 100 * std::exp(-(x * x + y * y + z * z) / 8); });
  ImageF plate = sample(size, sp, [](double, double, double z) { return 100 * std::exp(-z * z / 4.5); });
  auto e = make_cpu_engine(2);
  auto t = e->hessian_shape(tube, 1.5), b = e->hessian_shape(blob, 1.5), p = e->hessian_shape(plate, 1.5);
  // [0] tube, [1] blob, [2] plate.
  EXPECT_GT(t[0].voxels[c], 0.2f);
  EXPECT_GT(t[0].voxels[c], 2 * t[2].voxels[c]);
  EXPECT_EQ(t[1].voxels[c], 0.0f);  // l1 = 0 along the tube's axis: not a blob
  EXPECT_GT(b[1].voxels[c], 0.2f);
  EXPECT_GT(b[1].voxels[c], 2 * b[0].voxels[c]);
  EXPECT_GT(b[1].voxels[c], 2 * b[2].voxels[c]);
  EXPECT_GT(p[2].voxels[c], 0.2f);
  EXPECT_EQ(p[0].voxels[c], 0.0f);
  EXPECT_EQ(p[1].voxels[c], 0.0f);
  // Dark structures are not bright ones.
  ImageF dark = tube;
  for (float& v : dark.voxels) v = -v;
  EXPECT_EQ(e->hessian_shape(dark, 1.5)[0].voxels[c], 0.0f);
}

TEST(HessianCpu, TubularityIsHighOnVesselsAndLowOnBlobs) {
  const Size3 size{25, 25, 25};
  const int64_t c = 12 + 25 * (12 + 25 * 12);
  ImageF tube = sample(size, {1, 1, 1}, [](double x, double y, double) { return 100 * std::exp(-(x * x + y * y) / 2.0); });
  ImageF blob = sample(size, {1, 1, 1}, [](double x, double y, double z) { return 100 * std::exp(-(x * x + y * y + z * z) / 8); });
  // A common contrast scale so that the two are comparable.
  kernels::VesselnessParams prm;
  prm.c = 20.0;
  auto e = make_cpu_engine(2);
  ImageF vt = e->tubularity(tube, {1.0, 2.0, 3.0}, prm), vb = e->tubularity(blob, {1.0, 2.0, 3.0}, prm);
  EXPECT_GT(vt.voxels[c], 0.3f);
  EXPECT_LT(vb.voxels[c], 0.5f * vt.voxels[c]);
  for (float v : vt.voxels) ASSERT_TRUE(v >= 0.0f && v < 1.0f);
  EXPECT_THROW(e->tubularity(tube, {}), Error);
  EXPECT_THROW(e->tubularity(tube, {-1.0}), Error);
}

TEST(HessianCpu, IdenticalForOneTwoAndFourThreads) {
  ImageF img = sample({19, 17, 11}, {0.9, 1.1, 2.0}, [](double x, double y, double z) {
    return std::sin(0.7 * x) * std::cos(0.4 * y) + 0.1 * z * x;
  });
  const int64_t n = img.num_voxels();
  std::vector<float> r1(n), r2(n), r3(n), a(n), b(n), t0(n), t(n);
  par::CpuBackend one(1);
  kernels::hessian_eigenvalues(one, img.data(), r1.data(), r2.data(), r3.data(), img.geom.size, img.geom.spacing);
  kernels::tubularity(one, img.data(), t0.data(), a.data(), b.data(), img.geom.size, img.geom.spacing, {1.0, 2.0});
  for (int threads : {2, 4}) {
    par::CpuBackend be(threads);
    std::vector<float> l1(n), l2(n), l3(n);
    kernels::hessian_eigenvalues(be, img.data(), l1.data(), l2.data(), l3.data(), img.geom.size, img.geom.spacing);
    EXPECT_EQ(l1, r1);
    EXPECT_EQ(l2, r2);
    EXPECT_EQ(l3, r3);
    kernels::tubularity(be, img.data(), t.data(), a.data(), b.data(), img.geom.size, img.geom.spacing, {1.0, 2.0});
    EXPECT_EQ(t, t0);
  }
}
