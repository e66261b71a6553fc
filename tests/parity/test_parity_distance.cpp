// Distance transforms and morphology: every engine against the brute-force oracles
// (tests/reference/reference_distance.h). Tolerance: none. The distance is, by definition,
// float(sqrt(((di sx)^2 + (dj sy)^2) + (dk sz)^2)) in double at a nearest feature, which the
// oracle evaluates the same way, so floats must be equal; masks are binary.
#include <gtest/gtest.h>

#include "common/kernel_volumes.h"
#include "common/test_data.h"
#include "reference/reference_distance.h"

using namespace rimscan;
using kernels::Connectivity;
using kernels::MorphOp;

class DistanceParity : public ::testing::TestWithParam<test::EngineCase> {};

namespace {
std::vector<ImageU8> test_masks() {
  std::vector<ImageU8> out;
  unsigned seed = 700;
  const Vec3 spacings[] = {{1, 1, 1}, {0.7, 1.3, 3.1}, {2.0, 0.5, 0.9}};
  int s = 0;
  for (Size3 size : {Size3{17, 13, 9}, Size3{1, 23, 1}, Size3{19, 1, 1}, Size3{1, 1, 17}, Size3{1, 1, 1},
                     Size3{11, 1, 13}, Size3{8, 9, 10}})
    for (double p : {0.02, 0.15, 0.6}) {
      ImageU8 m = test::random_mask(size, p, ++seed);
      m.geom.spacing = spacings[s++ % 3];
      out.push_back(std::move(m));
    }
  ImageU8 shell = test::shell_mask({15, 14, 13}, {7, 7, 6}, 3.0, 5.0);
  shell.geom.spacing = {0.9, 0.9, 2.5};
  out.push_back(shell);
  out.push_back(ImageU8(Geometry::make({6, 5, 4}, {1, 1, 2}), 0));
  out.push_back(ImageU8(Geometry::make({6, 5, 4}, {1, 1, 2}), 1));
  return out;
}
}  // namespace

TEST_P(DistanceParity, TransformAndDistanceToOutsideEqualBruteForce) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  const auto masks = test_masks();
  for (size_t t = 0; t < masks.size(); ++t) {
    const ImageU8& m = masks[t];
    ImageF got = e->distance_transform(m), want = reference::distance_transform(m);
    for (int64_t v = 0; v < m.num_voxels(); ++v) ASSERT_EQ(got.voxels[v], want.voxels[v]) << "mask " << t << " v " << v;
    got = e->distance_to_outside(m);
    want = reference::distance_to_outside(m);
    for (int64_t v = 0; v < m.num_voxels(); ++v) ASSERT_EQ(got.voxels[v], want.voxels[v]) << "mask " << t << " v " << v;
  }
}

TEST_P(DistanceParity, BallMorphologyEqualsDefinition) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  const auto masks = test_masks();
  for (size_t t = 0; t < masks.size(); t += 3)
    for (double r : {1.0, 2.6}) {
      const ImageU8& m = masks[t];
      ImageU8 dil = reference::dilate_mm(m, r);
      ASSERT_EQ(e->morphology_mm(m, MorphOp::kDilate, r).voxels, dil.voxels) << t << " r " << r;
      for (bool obg : {false, true}) {
        ImageU8 ero = reference::erode_mm(m, r, obg);
        ASSERT_EQ(e->morphology_mm(m, MorphOp::kErode, r, obg).voxels, ero.voxels) << t << " r " << r;
        ASSERT_EQ(e->morphology_mm(m, MorphOp::kOpen, r, obg).voxels, reference::dilate_mm(ero, r).voxels) << t;
        ASSERT_EQ(e->morphology_mm(m, MorphOp::kClose, r, obg).voxels, reference::erode_mm(dil, r, obg).voxels) << t;
      }
    }
  // Radius 0: dilation and erosion are the identity.
  const ImageU8& m = masks[4];
  EXPECT_EQ(e->morphology_mm(m, MorphOp::kDilate, 0.0).voxels, m.voxels);
  EXPECT_EQ(e->morphology_mm(m, MorphOp::kErode, 0.0).voxels, m.voxels);
}

TEST_P(DistanceParity, VoxelMorphologyAndBoundary) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  const auto masks = test_masks();
  for (size_t t = 0; t < masks.size(); t += 2)
    for (bool obg : {false, true}) {
      const ImageU8& m = masks[t];
      for (Connectivity c : {Connectivity::k6, Connectivity::k18, Connectivity::k26}) {
        ASSERT_EQ(e->morphology_voxel(m, MorphOp::kDilate, c).voxels,
                  reference::voxel_morph(m, false, static_cast<int>(c), false).voxels);
        ASSERT_EQ(e->morphology_voxel(m, MorphOp::kErode, c, obg).voxels,
                  reference::voxel_morph(m, true, static_cast<int>(c), obg).voxels);
      }
      ASSERT_EQ(e->boundary(m, obg).voxels, reference::boundary(m, obg).voxels);
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, DistanceParity, ::testing::ValuesIn(test::engine_cases()),
                         [](const auto& info) { return info.param.label; });
