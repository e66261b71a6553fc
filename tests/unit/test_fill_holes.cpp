// Hole filling on hand-checkable shapes: a closed spherical shell (its inside is filled), the
// same shell with one opening (not filled in 3D, but filled in the slices the opening misses),
// masks touching the border, and independence of the order of parallel work.
#include <gtest/gtest.h>

#include <vector>

#include "common/kernel_volumes.h"
#include "common/shuffled_backend.h"
#include "reference/reference_labels.h"
#include "rimscan/engine.h"
#include "rimscan/kernels/fill_holes.h"
#include "rimscan/par/cpu_backend.h"

using namespace rimscan;

namespace {
int64_t count(const ImageU8& m) {
  int64_t c = 0;
  for (uint8_t v : m.voxels) c += v ? 1 : 0;
  return c;
}
}  // namespace

TEST(FillHolesCpu, ClosedShellIsFilledToABall) {
  ImageU8 shell = test::shell_mask({21, 21, 21}, {10, 10, 10}, 5.0, 7.0);
  auto e = make_cpu_engine(2);
  ImageU8 filled = e->fill_holes_3d(shell);
  for (int64_t k = 0; k < 21; ++k)
    for (int64_t j = 0; j < 21; ++j)
      for (int64_t i = 0; i < 21; ++i) {
        const double d2 = (i - 10.0) * (i - 10.0) + (j - 10.0) * (j - 10.0) + (k - 10.0) * (k - 10.0);
        ASSERT_EQ(filled.at(i, j, k), d2 <= 49.0 ? 1 : 0) << i << "," << j << "," << k;
      }
}

TEST(FillHolesCpu, ShellWithOneOpeningIsNotFilledIn3DButIn2DSlices) {
  ImageU8 shell = test::shell_mask({21, 21, 21}, {10, 10, 10}, 5.0, 7.0);
  // Drill a 3x3 channel from the top pole (k = 15..17) into the cavity.
  for (int64_t k = 14; k < 21; ++k)
    for (int64_t j = 9; j <= 11; ++j)
      for (int64_t i = 9; i <= 11; ++i) shell.at(i, j, k) = 0;
  auto e = make_cpu_engine(2);
  ImageU8 f3 = e->fill_holes_3d(shell);
  EXPECT_EQ(f3.voxels, shell.voxels);  // the cavity leaks through the channel
  // Axial slices (perpendicular to z): every slice below the channel encloses its part of the
  // cavity, and slices through the shell's pole are rings around the channel, so the channel
  // is filled there too.
  ImageU8 f2 = e->fill_holes_2d(shell, 2);
  EXPECT_EQ(f2.at(10, 10, 10), 1);  // centre of the cavity
  EXPECT_EQ(f2.at(10, 10, 6), 1);
  EXPECT_EQ(f2.at(10, 10, 19), 0);  // above the shell: outside in every sense
  // Slices perpendicular to x through the centre are cut by the channel: the cavity connects
  // to the top border through it, so x = 10 is not filled at the centre, while slice x = 6
  // (beyond the channel's reach) is.
  ImageU8 f0 = e->fill_holes_2d(shell, 0);
  EXPECT_EQ(f0.at(10, 10, 10), 0);
  EXPECT_EQ(f0.at(6, 10, 10), 1);
  EXPECT_EQ(f0.voxels, reference::fill_holes_2d(shell, 0).voxels);
  EXPECT_EQ(f2.voxels, reference::fill_holes_2d(shell, 2).voxels);
}

TEST(FillHolesCpu, DiagonalGapDoesNotLeakBecauseBackgroundIs6Connected) {
  // A 2D ring in one slice of a 5x5x3 volume whose corner is only diagonally closed: with
  // 4-connected background in the slice, the inside is a hole.
  ImageU8 m(Geometry::make({5, 5, 3}), 0);
  const int ring[][2] = {{1, 2}, {2, 1}, {3, 2}, {2, 3}};  // a diamond around (2,2)
  for (const auto& r : ring) m.at(r[0], r[1], 1) = 1;
  auto e = make_cpu_engine(1);
  ImageU8 f2 = e->fill_holes_2d(m, 2);
  EXPECT_EQ(f2.at(2, 2, 1), 1);
  EXPECT_EQ(count(f2), 5);
  // In 3D, (2,2,1) touches (2,2,0) and (2,2,2) which are border voxels: not a hole.
  EXPECT_EQ(count(e->fill_holes_3d(m)), 4);
}

TEST(FillHolesCpu, HoleTouchingTheBorderIsNotFilledAndThinVolumesWork) {
  ImageU8 m(Geometry::make({5, 5, 1}), 1);
  m.at(2, 2, 0) = 0;  // in a one-voxel-thick volume every voxel is on the z faces
  auto e = make_cpu_engine(2);
  EXPECT_EQ(e->fill_holes_3d(m).voxels, m.voxels);
  ImageU8 f2 = e->fill_holes_2d(m, 2);  // but in the z slice it is an enclosed hole
  EXPECT_EQ(count(f2), 25);
  ImageU8 one(Geometry::make({1, 1, 1}), 0);
  EXPECT_EQ(e->fill_holes_3d(one).voxels, std::vector<uint8_t>{0});
  EXPECT_EQ(e->fill_holes_2d(one, 1).voxels, std::vector<uint8_t>{0});
}

TEST(FillHolesCpu, IdenticalForOneTwoAndFourThreadsAndAnyOrder) {
  ImageU8 m = test::blob_mask({31, 27, 19}, 14, 3.0, 0.2, 9);
  ImageU8 want3 = reference::fill_holes_3d(m);
  for (int t : {1, 2, 4}) {
    par::CpuBackend be(t);
    std::vector<uint8_t> out(m.voxels.size());
    kernels::fill_holes_3d(be, m.data(), out.data(), m.geom.size);
    EXPECT_EQ(out, want3.voxels) << t << " threads";
  }
  ImageU8 r = test::random_mask({19, 17, 13}, 0.6, 10);
  for (unsigned seed = 0; seed < 10; ++seed) {
    test::ShuffledBackend be(seed, 3);
    std::vector<uint8_t> out(r.voxels.size());
    kernels::fill_holes_3d(be, r.data(), out.data(), r.geom.size);
    ASSERT_EQ(out, reference::fill_holes_3d(r).voxels) << "seed " << seed;
    for (int axis = 0; axis < 3; ++axis) {
      kernels::fill_holes_2d(be, r.data(), out.data(), r.geom.size, axis);
      ASSERT_EQ(out, reference::fill_holes_2d(r, axis).voxels) << "seed " << seed << " axis " << axis;
    }
  }
}
