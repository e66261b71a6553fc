// Exact Euclidean distance transform on volumes whose distances are known by hand, including
// anisotropic spacing, plus the nearest-feature output and thread-count independence.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/kernel_volumes.h"
#include "common/shuffled_backend.h"
#include "reference/reference_distance.h"
#include "rimscan/engine.h"
#include "rimscan/kernels/distance.h"
#include "rimscan/par/cpu_backend.h"

using namespace rimscan;

TEST(EdtCpu, SinglePointAnisotropicSpacing) {
  ImageU8 m(Geometry::make({3, 4, 5}, {1.0, 1.0, 3.0}), 0);
  m.at(0, 0, 0) = 1;
  ImageF d = make_cpu_engine(2)->distance_transform(m);
  EXPECT_EQ(d.at(0, 0, 0), 0.0f);
  EXPECT_EQ(d.at(0, 0, 1), 3.0f);
  EXPECT_EQ(d.at(1, 0, 0), 1.0f);
  EXPECT_EQ(d.at(0, 3, 0), 3.0f);
  EXPECT_EQ(d.at(0, 0, 4), 12.0f);
  EXPECT_EQ(d.at(2, 3, 4), static_cast<float>(std::sqrt(4.0 + 9.0 + 144.0)));
  EXPECT_EQ(d.at(1, 1, 1), static_cast<float>(std::sqrt(11.0)));
}

TEST(EdtCpu, NearestOfTwoFeaturesAndTieValues) {
  // Features at x = 0 and x = 6 on a 7x1x1 line with spacing 0.5: distances 0 .5 1 1.5 1 .5 0.
  ImageU8 m(Geometry::make({7, 1, 1}, {0.5, 1, 1}), 0);
  m.at(0, 0, 0) = m.at(6, 0, 0) = 1;
  ImageF d = make_cpu_engine(1)->distance_transform(m);
  EXPECT_EQ(d.voxels, (std::vector<float>{0.0f, 0.5f, 1.0f, 1.5f, 1.0f, 0.5f, 0.0f}));
}

TEST(EdtCpu, EmptyGivesFarDistanceAndFullGivesZero) {
  auto e = make_cpu_engine(2);
  ImageU8 none(Geometry::make({4, 3, 2}), 0);
  for (float v : e->distance_transform(none).voxels) EXPECT_EQ(v, kernels::kFarDistance);
  ImageU8 all(Geometry::make({4, 3, 2}), 1);
  for (float v : e->distance_transform(all).voxels) EXPECT_EQ(v, 0.0f);
  // distance_to_outside is the transform of the complement.
  for (float v : e->distance_to_outside(none).voxels) EXPECT_EQ(v, 0.0f);
  for (float v : e->distance_to_outside(all).voxels) EXPECT_EQ(v, kernels::kFarDistance);
}

TEST(EdtCpu, DistanceToOutsideOfABox) {
  // A 5x5x3 box of ones inside a 7x7x5 grid, spacing (1, 1, 2): the centre voxel (3,3,2) is
  // 3 voxels from the x/y faces' outside (3 mm) and 2 voxels along z (4 mm): distance 3.
  ImageU8 m(Geometry::make({7, 7, 5}, {1, 1, 2}), 0);
  for (int k = 1; k <= 3; ++k)
    for (int j = 1; j <= 5; ++j)
      for (int i = 1; i <= 5; ++i) m.at(i, j, k) = 1;
  ImageF d = make_cpu_engine(2)->distance_to_outside(m);
  EXPECT_EQ(d.at(3, 3, 2), 3.0f);
  EXPECT_EQ(d.at(1, 1, 1), 1.0f);
  EXPECT_EQ(d.at(3, 3, 1), 2.0f);  // z neighbour outside at 2 mm, x/y at 3 mm
  EXPECT_EQ(d.at(0, 0, 0), 0.0f);
}

TEST(EdtCpu, NearestFeatureIndexIsANearestFeature) {
  ImageU8 m = test::random_mask({13, 11, 7}, 0.05, 42, {0.8, 1.1, 2.5});
  m.geom.spacing = {0.8, 1.1, 2.5};
  const int64_t n = m.num_voxels();
  par::CpuBackend be(2);
  std::vector<float> d(n);
  std::vector<int32_t> near(n);
  kernels::distance_transform(be, m.data(), d.data(), m.geom.size, m.geom.spacing, near.data());
  ImageF want = reference::distance_transform(m);
  for (int64_t v = 0; v < n; ++v) {
    ASSERT_GE(near[v], 0);
    ASSERT_TRUE(m.voxels[near[v]]) << v;
    EXPECT_EQ(static_cast<float>(std::sqrt(reference::sq_mm(m.geom, v, near[v]))), want.voxels[v]) << v;
    EXPECT_EQ(d[v], want.voxels[v]) << v;
  }
}

TEST(EdtCpu, IdenticalForOneTwoAndFourThreadsAndAnyOrder) {
  ImageU8 m = test::random_mask({23, 19, 17}, 0.03, 5);
  const Vec3 sp{0.7, 1.3, 3.1};
  const int64_t n = m.num_voxels();
  std::vector<float> ref(n), d(n);
  kernels::distance_transform(par::CpuBackend(1), m.data(), ref.data(), m.geom.size, sp);
  for (int t : {2, 4}) {
    kernels::distance_transform(par::CpuBackend(t), m.data(), d.data(), m.geom.size, sp);
    EXPECT_EQ(d, ref) << t << " threads";
  }
  for (unsigned seed = 0; seed < 4; ++seed) {
    kernels::distance_transform(test::ShuffledBackend(seed, 3), m.data(), d.data(), m.geom.size, sp);
    EXPECT_EQ(d, ref) << "seed " << seed;
  }
}

TEST(EdtCpu, RejectsBadSpacing) {
  std::vector<uint8_t> m(8, 1);
  std::vector<float> d(8);
  EXPECT_THROW(kernels::distance_transform(par::CpuBackend(1), m.data(), d.data(), {2, 2, 2}, {1, 0, 1}), Error);
}

namespace {
// Runs the CUDA code path's memory layout (envelope scratch interleaved across lines, chosen
// by B::kIsCuda) on the CPU, in shuffled order, so that CI covers it.
struct CudaLayoutBackend : test::ShuffledBackend {
  static constexpr bool kIsCuda = true;
  using test::ShuffledBackend::ShuffledBackend;
};
}  // namespace

TEST(EdtCpu, CudaMemoryLayoutGivesTheSameDistances) {
  ImageU8 m = test::random_mask({21, 18, 13}, 0.04, 17);
  const Vec3 sp{1.1, 0.6, 2.7};
  const int64_t n = m.num_voxels();
  std::vector<float> ref(n), d(n), out_ref(n), out(n);
  std::vector<int32_t> near(n);
  kernels::distance_transform(par::CpuBackend(2), m.data(), ref.data(), m.geom.size, sp);
  kernels::distance_transform(CudaLayoutBackend(3, 3), m.data(), d.data(), m.geom.size, sp, near.data());
  EXPECT_EQ(d, ref);
  kernels::distance_to_outside(par::CpuBackend(2), m.data(), out_ref.data(), m.geom.size, sp);
  kernels::distance_to_outside(CudaLayoutBackend(4, 2), m.data(), out.data(), m.geom.size, sp);
  EXPECT_EQ(out, out_ref);
}
