// Binary morphology on hand-checked shapes: ball dilation/erosion radii on anisotropic grids,
// opening/closing properties, one-voxel stencils and boundaries, and the grid-outside rule.
#include <gtest/gtest.h>

#include <vector>

#include "common/kernel_volumes.h"
#include "reference/reference_distance.h"
#include "rimscan/engine.h"
#include "rimscan/kernels/morphology.h"
#include "rimscan/par/cpu_backend.h"

using namespace rimscan;
using kernels::Connectivity;
using kernels::MorphOp;

namespace {
int64_t count(const ImageU8& m) {
  int64_t c = 0;
  for (uint8_t v : m.voxels) c += v ? 1 : 0;
  return c;
}
}  // namespace

TEST(MorphologyCpu, DilatingAPointByTwoMillimetresOnAnisotropicGrid) {
  // Spacing (1, 1, 2): a ball of 2 mm around a point covers |di|,|dj| up to 2 in-plane and
  // one slice above and below (2 mm away) only at the centre column.
  ImageU8 m(Geometry::make({7, 7, 5}, {1, 1, 2}), 0);
  m.at(3, 3, 2) = 1;
  ImageU8 d = make_cpu_engine(2)->morphology_mm(m, MorphOp::kDilate, 2.0);
  // In-plane: points with di^2 + dj^2 <= 4: 13 voxels; slices k = 1, 3: only (3,3).
  EXPECT_EQ(count(d), 13 + 2);
  EXPECT_EQ(d.at(3, 3, 1), 1);
  EXPECT_EQ(d.at(4, 3, 1), 0);
  EXPECT_EQ(d.at(5, 3, 2), 1);  // exactly 2 mm: inside (<= r + epsilon)
  EXPECT_EQ(d.at(5, 4, 2), 0);
}

TEST(MorphologyCpu, ErosionOfABoxAndTheGridOutsideRule) {
  ImageU8 box(Geometry::make({9, 9, 9}), 0);
  for (int k = 2; k <= 6; ++k)
    for (int j = 2; j <= 6; ++j)
      for (int i = 2; i <= 6; ++i) box.at(i, j, k) = 1;
  auto e = make_cpu_engine(2);
  ImageU8 er = e->morphology_mm(box, MorphOp::kErode, 1.0);
  EXPECT_EQ(count(er), 27);  // 5^3 box eroded by 1 mm -> 3^3
  EXPECT_EQ(er.at(3, 3, 3), 1);
  EXPECT_EQ(er.at(2, 4, 4), 0);
  // A mask filling the grid is not eroded unless the outside counts as background.
  ImageU8 full(Geometry::make({5, 5, 5}), 1);
  EXPECT_EQ(count(e->morphology_mm(full, MorphOp::kErode, 1.0)), 125);
  EXPECT_EQ(count(e->morphology_mm(full, MorphOp::kErode, 1.0, true)), 27);
  EXPECT_EQ(count(e->morphology_voxel(full, MorphOp::kErode, Connectivity::k6)), 125);
  EXPECT_EQ(count(e->morphology_voxel(full, MorphOp::kErode, Connectivity::k6, true)), 27);
  EXPECT_EQ(count(e->boundary(full)), 0);
  EXPECT_EQ(count(e->boundary(full, true)), 125 - 27);
}

TEST(MorphologyCpu, ClosingFillsAGapAndOpeningRemovesASpur) {
  // Two slabs separated by a one-voxel gap: closing by 1 mm bridges it.
  ImageU8 m(Geometry::make({11, 7, 7}), 0);
  for (int k = 1; k <= 5; ++k)
    for (int j = 1; j <= 5; ++j)
      for (int i = 1; i <= 9; ++i)
        if (i != 5) m.at(i, j, k) = 1;
  auto e = make_cpu_engine(2);
  ImageU8 c = e->morphology_mm(m, MorphOp::kClose, 1.0);
  EXPECT_EQ(c.at(5, 3, 3), 1);
  for (size_t v = 0; v < m.voxels.size(); ++v) ASSERT_GE(c.voxels[v], m.voxels[v]);  // extensive
  // A one-voxel-thin spur on a cube disappears with opening by 1 mm; the cube stays.
  ImageU8 s(Geometry::make({12, 7, 7}), 0);
  for (int k = 1; k <= 5; ++k)
    for (int j = 1; j <= 5; ++j)
      for (int i = 1; i <= 5; ++i) s.at(i, j, k) = 1;
  for (int i = 6; i <= 10; ++i) s.at(i, 3, 3) = 1;
  ImageU8 o = e->morphology_mm(s, MorphOp::kOpen, 1.0);
  EXPECT_EQ(o.at(8, 3, 3), 0);
  EXPECT_EQ(o.at(3, 3, 3), 1);
  for (size_t v = 0; v < s.voxels.size(); ++v) ASSERT_LE(o.voxels[v], s.voxels[v]);  // anti-extensive
}

TEST(MorphologyCpu, OneVoxelStencilsAndBoundaryOfASingleVoxel) {
  ImageU8 m(Geometry::make({3, 3, 3}), 0);
  m.at(1, 1, 1) = 1;
  auto e = make_cpu_engine(1);
  EXPECT_EQ(count(e->morphology_voxel(m, MorphOp::kDilate, Connectivity::k6)), 7);
  EXPECT_EQ(count(e->morphology_voxel(m, MorphOp::kDilate, Connectivity::k18)), 19);
  EXPECT_EQ(count(e->morphology_voxel(m, MorphOp::kDilate, Connectivity::k26)), 27);
  EXPECT_EQ(count(e->morphology_voxel(m, MorphOp::kErode, Connectivity::k6)), 0);
  EXPECT_EQ(e->boundary(m).voxels, m.voxels);
  EXPECT_THROW(e->morphology_voxel(m, MorphOp::kOpen, Connectivity::k6), Error);
  EXPECT_THROW(e->morphology_mm(m, MorphOp::kDilate, -1.0), Error);
}

TEST(MorphologyCpu, IdenticalForOneTwoAndFourThreads) {
  ImageU8 m = test::random_mask({23, 19, 11}, 0.4, 33);
  const Vec3 sp{0.9, 1.2, 2.5};
  const int64_t n = m.num_voxels();
  auto run = [&](int threads) {
    par::CpuBackend be(threads);
    std::vector<uint8_t> a(n), b(n), c(n), d(n);
    kernels::close_mm(be, m.data(), a.data(), m.geom.size, sp, 2.0);
    kernels::open_mm(be, m.data(), b.data(), m.geom.size, sp, 1.5, true);
    kernels::erode_voxel(be, m.data(), c.data(), m.geom.size, Connectivity::k18);
    kernels::boundary(be, m.data(), d.data(), m.geom.size);
    a.insert(a.end(), b.begin(), b.end());
    a.insert(a.end(), c.begin(), c.end());
    a.insert(a.end(), d.begin(), d.end());
    return a;
  };
  const auto ref = run(1);
  EXPECT_EQ(run(2), ref);
  EXPECT_EQ(run(4), ref);
}
