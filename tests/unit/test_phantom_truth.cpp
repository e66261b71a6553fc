// measure_truth on hand-made label maps whose answers are computed by hand below, and the naive
// oracle (tests/reference/reference_truth.h) on the same maps.
#include <gtest/gtest.h>

#include <cmath>

#include "reference/reference_truth.h"
#include "rimscan/phantom/phantom.h"

using namespace rimscan;
using phantom::measure_truth;

namespace {

void fill_box(ImageU8& im, int i0, int i1, int j0, int j1, int k0, int k1, uint8_t v) {
  for (int k = k0; k <= k1; ++k)
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) im.at(i, j, k) = v;
}

}  // namespace

TEST(PhantomTruth, EmptyMapHasNoLesionAndNoLmd) {
  ImageU8 lab(Geometry::make({8, 8, 8}));
  const auto t = measure_truth(lab);
  EXPECT_TRUE(t.lesions.empty());
  EXPECT_FALSE(t.pce);
  EXPECT_FALSE(t.lmd);
}

TEST(PhantomTruth, CubeShellWithSmallCoreIsBelowTheCoreFraction) {
  ImageU8 lab(Geometry::make({20, 20, 20}));
  fill_box(lab, 4, 15, 4, 15, 4, 15, 1);  // 12^3 = 1728
  fill_box(lab, 8, 11, 8, 11, 8, 11, 2);  // 4^3 = 64
  const auto t = measure_truth(lab);
  ASSERT_EQ(t.lesions.size(), 1u);
  const auto& L = t.lesions[0];
  EXPECT_EQ(L.core_voxels, 64);
  EXPECT_EQ(L.enhancing_voxels, 1728 - 64);
  EXPECT_NEAR(L.core_fraction, 64.0 / 1728.0, 1e-12);
  EXPECT_NEAR(L.ring_completeness, 1.0, 1e-12);
  // Mesh vertices lie half a voxel outside the centres across a face: (3.5, 4, 4) to (15.5, 15, 15).
  EXPECT_NEAR(L.diameter_mm, std::sqrt(12.0 * 12.0 + 11.0 * 11.0 + 11.0 * 11.0), 1e-9);
  EXPECT_NEAR(L.volume_ml, 1.728, 1e-12);
  EXPECT_FALSE(L.rim);
  EXPECT_FALSE(t.pce);
}

TEST(PhantomTruth, ClosedRingWithLargeCoreIsARim) {
  ImageU8 lab(Geometry::make({20, 20, 20}));
  fill_box(lab, 4, 15, 4, 15, 4, 15, 1);
  fill_box(lab, 6, 13, 6, 13, 6, 13, 2);  // 8^3 = 512
  const auto t = measure_truth(lab);
  ASSERT_EQ(t.lesions.size(), 1u);
  EXPECT_NEAR(t.lesions[0].core_fraction, 512.0 / 1728.0, 1e-12);
  EXPECT_NEAR(t.lesions[0].ring_completeness, 1.0, 1e-12);
  EXPECT_TRUE(t.pce);
  // Centroid of a symmetric cube: its centre voxel (9.5, 9.5, 9.5) in physical mm.
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(t.lesions[0].centroid_mm[c], 9.5, 1e-9);
}

TEST(PhantomTruth, OpeningOneFaceOfTheRingLowersCompletenessByHand) {
  ImageU8 lab(Geometry::make({20, 20, 20}));
  fill_box(lab, 4, 15, 4, 15, 4, 15, 1);
  fill_box(lab, 6, 13, 6, 13, 6, 13, 2);
  fill_box(lab, 4, 5, 6, 13, 6, 13, 0);  // remove the shell in front of the i = 6 face
  const auto t = measure_truth(lab);
  ASSERT_EQ(t.lesions.size(), 1u);
  // Core boundary: 8^3 - 6^3 = 296 voxels; the 6x6 interior of the opened face has no
  // enhancing 26-neighbour left.
  EXPECT_NEAR(t.lesions[0].ring_completeness, (296.0 - 36.0) / 296.0, 1e-12);
  EXPECT_NEAR(t.lesions[0].core_fraction, 512.0 / (1728.0 - 128.0), 1e-12);
  EXPECT_TRUE(t.pce);
  // Removing the shell on all six faces leaves only edges: completeness well below 0.5.
  fill_box(lab, 14, 15, 6, 13, 6, 13, 0);
  fill_box(lab, 6, 13, 4, 5, 6, 13, 0);
  fill_box(lab, 6, 13, 14, 15, 6, 13, 0);
  fill_box(lab, 6, 13, 6, 13, 4, 5, 0);
  fill_box(lab, 6, 13, 6, 13, 14, 15, 0);
  const auto t2 = measure_truth(lab);
  ASSERT_EQ(t2.lesions.size(), 1u);
  EXPECT_NEAR(t2.lesions[0].ring_completeness, (296.0 - 6 * 36.0) / 296.0, 1e-12);
  EXPECT_FALSE(t2.pce);
}

TEST(PhantomTruth, DiameterUsesPhysicalSpacingAndGatesSmallLesions) {
  ImageU8 lab(Geometry::make({10, 10, 10}, {1, 1, 3}));
  fill_box(lab, 2, 4, 2, 4, 2, 4, 1);
  lab.at(3, 3, 3) = 2;  // a one-voxel core, fully enclosed: CF = 1/27
  auto t = measure_truth(lab);
  ASSERT_EQ(t.lesions.size(), 1u);
  // Vertices (2, 2, 1.5) and (4, 4, 4.5) in index units: 2 mm, 2 mm and 3 slices of 3 mm apart.
  EXPECT_NEAR(t.lesions[0].diameter_mm, std::sqrt(2.0 * 2.0 + 2.0 * 2.0 + 9.0 * 9.0), 1e-9);
  // A 3x3x3 core in a 5x5x5 shell at 1 mm is a rim by CF and RC, but only sqrt(57) = 7.5 mm.
  ImageU8 small(Geometry::make({10, 10, 10}));
  fill_box(small, 2, 6, 2, 6, 2, 6, 1);
  fill_box(small, 3, 5, 3, 5, 3, 5, 2);
  t = measure_truth(small);
  ASSERT_EQ(t.lesions.size(), 1u);
  EXPECT_NEAR(t.lesions[0].diameter_mm, std::sqrt(57.0), 1e-9);
  EXPECT_GT(t.lesions[0].core_fraction, 0.15);
  EXPECT_FALSE(t.pce);
  phantom::TruthRule lenient;
  lenient.min_diameter_mm = 5;
  EXPECT_TRUE(measure_truth(small, lenient).pce);
}

TEST(PhantomTruth, ComponentsAreSeparateLesionsInRasterOrderAndLmdCountsLabelThree) {
  ImageU8 lab(Geometry::make({30, 10, 10}, {2, 2, 2}));
  fill_box(lab, 20, 25, 2, 7, 2, 7, 1);
  fill_box(lab, 2, 4, 2, 4, 2, 4, 1);
  lab.at(10, 9, 9) = 3;
  lab.at(11, 9, 9) = 3;
  const auto t = measure_truth(lab);
  ASSERT_EQ(t.lesions.size(), 2u);
  // Raster order of the first voxel: (2,2,2) comes before (20,2,2).
  EXPECT_EQ(t.lesions[0].enhancing_voxels, 27);
  EXPECT_EQ(t.lesions[1].enhancing_voxels, 216);
  EXPECT_EQ(t.lme_voxels, 2);
  EXPECT_NEAR(t.lme_volume_ml, 2 * 8.0 / 1000.0, 1e-12);
  EXPECT_TRUE(t.lmd);
  EXPECT_FALSE(t.pce);
}

TEST(PhantomTruth, AgreesWithTheNaiveOracleOnAnIrregularMap) {
  ImageU8 lab(Geometry::make({16, 14, 12}, {1.2, 0.9, 2.5}));
  // A deterministic pseudo-random blob pattern.
  uint32_t x = 12345;
  for (auto& v : lab.voxels) {
    x = x * 1664525u + 1013904223u;
    const uint32_t r = (x >> 24) % 10;
    v = r < 4 ? 1 : (r < 6 ? 2 : (r == 6 ? 3 : 0));
  }
  const auto t = measure_truth(lab);
  const auto ref = reference::truth_lesions(lab);
  ASSERT_EQ(t.lesions.size(), ref.size());
  for (size_t n = 0; n < ref.size(); ++n) {
    EXPECT_EQ(t.lesions[n].enhancing_voxels, ref[n].enhancing);
    EXPECT_EQ(t.lesions[n].core_voxels, ref[n].core);
    EXPECT_NEAR(t.lesions[n].core_fraction, ref[n].core_fraction, 1e-12);
    EXPECT_NEAR(t.lesions[n].ring_completeness, ref[n].ring_completeness, 1e-12);
    EXPECT_NEAR(t.lesions[n].diameter_mm, ref[n].diameter_mm, 1e-9);
  }
  EXPECT_EQ(t.pce, reference::truth_pce(lab));
  EXPECT_EQ(t.lmd, reference::truth_lmd(lab));
}
