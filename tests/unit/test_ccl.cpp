// Connected-component labelling on tiny volumes whose answer is checked by hand, the
// canonical (raster-order) numbering, and independence of the CPU thread count.
#include <gtest/gtest.h>

#include <vector>

#include "common/kernel_volumes.h"
#include "common/shuffled_backend.h"
#include "reference/reference_labels.h"
#include "rimscan/engine.h"
#include "rimscan/kernels/ccl.h"
#include "rimscan/par/cpu_backend.h"

using namespace rimscan;
using kernels::Connectivity;

namespace {
ImageU8 mask_from(Size3 size, const std::vector<int>& v) {
  ImageU8 m(Geometry::make(size));
  for (size_t i = 0; i < v.size(); ++i) m.voxels[i] = static_cast<uint8_t>(v[i]);
  return m;
}
}  // namespace

TEST(CclCpu, SingleVoxelAndEmpty) {
  auto e = make_cpu_engine(2);
  int32_t n = -1;
  ImageU8 one(Geometry::make({1, 1, 1}), 1);
  EXPECT_EQ(e->label_components(one, Connectivity::k6, &n).voxels, std::vector<int32_t>{1});
  EXPECT_EQ(n, 1);
  ImageU8 none(Geometry::make({3, 2, 2}), 0);
  ImageI32 lab = e->label_components(none, Connectivity::k26, &n);
  EXPECT_EQ(n, 0);
  for (int32_t v : lab.voxels) EXPECT_EQ(v, 0);
}

TEST(CclCpu, DiagonalPairDependsOnConnectivity) {
  // Two voxels touching by an edge: (0,0,0) and (1,1,0); and a corner pair (0,0,1),(1,1,2)
  // lies in another place of a 2x2x3 volume.
  ImageU8 m(Geometry::make({2, 2, 3}), 0);
  m.at(0, 0, 0) = 1;
  m.at(1, 1, 0) = 1;
  auto e = make_cpu_engine(2);
  int32_t n = 0;
  ImageI32 l6 = e->label_components(m, Connectivity::k6, &n);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(l6.at(0, 0, 0), 1);
  EXPECT_EQ(l6.at(1, 1, 0), 2);
  e->label_components(m, Connectivity::k18, &n);
  EXPECT_EQ(n, 1);

  ImageU8 c(Geometry::make({2, 2, 2}), 0);
  c.at(0, 0, 0) = 1;
  c.at(1, 1, 1) = 1;
  e->label_components(c, Connectivity::k18, &n);
  EXPECT_EQ(n, 2);
  ImageI32 l26 = e->label_components(c, Connectivity::k26, &n);
  EXPECT_EQ(n, 1);
  EXPECT_EQ(l26.at(1, 1, 1), 1);
}

TEST(CclCpu, NumberingFollowsFirstVoxelInRasterOrder) {
  // 5x3x1: component A starts at (3,0) but reaches (0,2); component B starts at (0,0).
  // Raster order of first voxels: B (index 0), then A (index 3).
  ImageU8 m = mask_from({5, 3, 1}, {1, 0, 0, 1, 0,   //
                                    1, 0, 0, 1, 0,   //
                                    0, 1, 1, 1, 0});  // 4-connected: A = right column + bottom row
  auto e = make_cpu_engine(2);
  int32_t n = 0;
  ImageI32 l = e->label_components(m, Connectivity::k6, &n);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(l.voxels, (std::vector<int32_t>{1, 0, 0, 2, 0, 1, 0, 0, 2, 0, 0, 2, 2, 2, 0}));
  // With 26-connectivity (1,2) touches (0,1) diagonally: one component.
  e->label_components(m, Connectivity::k26, &n);
  EXPECT_EQ(n, 1);
}

TEST(CclCpu, RingIsOneComponentAndUShapeMergesLate) {
  // A U whose arms are separate until the last row: the union of two trees rooted at 0 and 4.
  ImageU8 u = mask_from({5, 4, 1}, {1, 0, 0, 0, 1,  //
                                    1, 0, 0, 0, 1,  //
                                    1, 0, 0, 0, 1,  //
                                    1, 1, 1, 1, 1});
  auto e = make_cpu_engine(2);
  int32_t n = 0;
  ImageI32 l = e->label_components(u, Connectivity::k6, &n);
  EXPECT_EQ(n, 1);
  for (size_t i = 0; i < u.voxels.size(); ++i) EXPECT_EQ(l.voxels[i], u.voxels[i] ? 1 : 0);
}

TEST(CclCpu, TwoDLabellingIsPerSliceAndUnique) {
  // 3x3x2 volume, a vertical bar through both z slices at (1,1): 3D gives 1 component, 2D
  // along z gives one per slice, numbered in raster order.
  ImageU8 m(Geometry::make({3, 3, 2}), 0);
  m.at(1, 1, 0) = m.at(1, 1, 1) = 1;
  m.at(0, 0, 1) = 1;  // diagonal neighbour of (1,1,1) in slice 1
  auto e = make_cpu_engine(2);
  int32_t n = 0;
  ImageI32 l4 = e->label_components_2d(m, 2, false, &n);
  EXPECT_EQ(n, 3);
  EXPECT_EQ(l4.at(1, 1, 0), 1);
  EXPECT_EQ(l4.at(0, 0, 1), 2);
  EXPECT_EQ(l4.at(1, 1, 1), 3);
  ImageI32 l8 = e->label_components_2d(m, 2, true, &n);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(l8.at(0, 0, 1), 2);
  EXPECT_EQ(l8.at(1, 1, 1), 2);
  // Slices perpendicular to x: slice x=1 holds (1,1,0)-(1,1,1) as one 4-connected bar.
  ImageI32 lx = e->label_components_2d(m, 0, false, &n);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(lx.at(1, 1, 0), lx.at(1, 1, 1));
  EXPECT_NE(lx.at(0, 0, 1), lx.at(1, 1, 1));
}

TEST(CclCpu, InvalidAxisIsAUsageError) {
  auto e = make_cpu_engine(1);
  ImageU8 m(Geometry::make({2, 2, 2}), 1);
  try {
    e->label_components_2d(m, 3, false);
    FAIL() << "axis 3 accepted";
  } catch (const Error& err) {
    EXPECT_EQ(err.code(), ErrorCode::kUsage);
  }
}

TEST(CclCpu, IdenticalForOneTwoAndFourThreads) {
  // Percolating random masks produce long, branching trees, so threads really race.
  for (Connectivity conn : {Connectivity::k6, Connectivity::k18, Connectivity::k26}) {
    ImageU8 m = test::random_mask({40, 37, 23}, conn == Connectivity::k6 ? 0.33 : 0.15, 11 + static_cast<int>(conn));
    std::vector<int32_t> ref;
    int32_t nref = 0;
    for (int t : {1, 2, 4}) {
      par::CpuBackend be(t);
      std::vector<int32_t> lab(m.voxels.size());
      int32_t n = kernels::label_components(be, m.data(), lab.data(), m.geom.size, conn);
      if (t == 1) {
        ref = lab;
        nref = n;
        EXPECT_GT(n, 1);
      } else {
        EXPECT_EQ(n, nref) << t << " threads";
        EXPECT_EQ(lab, ref) << t << " threads";
      }
    }
  }
}

TEST(CclCpu, ResultDoesNotDependOnTheOrderOfParallelWork) {
  // Many random visiting orders on 3 threads (as a GPU would schedule) against the oracle.
  ImageU8 m = test::blob_mask({29, 23, 17}, 10, 2.5, 0.2, 77);
  ImageU8 r = test::random_mask({21, 19, 13}, 0.32, 78);
  for (unsigned seed = 0; seed < 12; ++seed) {
    test::ShuffledBackend be(seed, 3);
    for (const ImageU8* img : {&m, &r})
      for (Connectivity conn : {Connectivity::k6, Connectivity::k18, Connectivity::k26}) {
        std::vector<int32_t> lab(img->voxels.size());
        int32_t n = kernels::label_components(be, img->data(), lab.data(), img->geom.size, conn);
        int32_t n_ref = 0;
        ImageI32 want = reference::label_bfs(*img, reference::offsets_3d(static_cast<int>(conn)), &n_ref);
        ASSERT_EQ(n, n_ref) << "seed " << seed;
        ASSERT_EQ(lab, want.voxels) << "seed " << seed;
      }
    std::vector<int32_t> lab(r.voxels.size());
    for (int axis = 0; axis < 3; ++axis) {
      int32_t n = kernels::label_components_2d(be, r.data(), lab.data(), r.geom.size, axis, true);
      int32_t n_ref = 0;
      ImageI32 want = reference::label_bfs(r, reference::offsets_2d(axis, true), &n_ref);
      ASSERT_EQ(n, n_ref);
      ASSERT_EQ(lab, want.voxels) << "seed " << seed << " axis " << axis;
    }
  }
}
