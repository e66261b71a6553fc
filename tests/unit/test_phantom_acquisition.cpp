// Acquisition: the same head on other grids (anisotropic, reoriented), intensity scale,
// Rician noise statistics.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "rimscan/phantom/phantom.h"

using namespace rimscan;
using namespace rimscan::phantom;

namespace {

PhantomCase make(const PhantomParams& p, uint64_t seed, int index, bool tissue = false) {
  GenerateOptions o;
  o.threads = 2;
  o.tissue_map = tissue;
  return generate_case(p, seed, index, o);
}

double mask_volume_ml(const ImageU8& m) {
  return std::accumulate(m.voxels.begin(), m.voxels.end(), 0.0) * m.geom.voxel_volume_mm3() / 1000.0;
}

}  // namespace

TEST(PhantomAcquisition, AnisotropicAndReorientedGridsShowTheSameHeadInPhysicalSpace) {
  PhantomParams p = preset("ci");
  p.kinds = {CaseKind::kSolid};
  p.lesion_radius_mm = {8, 9};
  p.pv_step_mm = 2.0;  // one sample per 2 mm voxel, three through a 5 mm slice
  p.spacings = {{2, 2, 2}};
  p.orientations = {"LPS"};
  const PhantomCase iso = make(p, 31, 2);
  p.spacings = {{1.5, 1.5, 5}};
  p.orientations = {"RAS"};
  const PhantomCase thick = make(p, 31, 2);
  p.spacings = {{2, 2, 2}};
  p.orientations = {"PIL"};
  const PhantomCase sag = make(p, 31, 2);
  EXPECT_EQ(thick.t1c.geom.orientation_code(), "RAS");
  EXPECT_EQ(sag.t1c.geom.orientation_code(), "PIL");
  EXPECT_EQ(thick.t1c.geom.spacing[2], 5.0);
  for (const PhantomCase* c : {&thick, &sag}) {
    ASSERT_EQ(c->measured.lesions.size(), 1u);
    for (int a = 0; a < 3; ++a) {
      EXPECT_EQ(c->plan.lesions[0].centre_mm[a], iso.plan.lesions[0].centre_mm[a]);
      EXPECT_NEAR(c->measured.lesions[0].centroid_mm[a], iso.measured.lesions[0].centroid_mm[a], 2.0);
    }
    EXPECT_NEAR(c->measured.lesions[0].volume_ml, iso.measured.lesions[0].volume_ml,
                0.25 * iso.measured.lesions[0].volume_ml);
    EXPECT_NEAR(mask_volume_ml(c->intracranial), mask_volume_ml(iso.intracranial), 0.03 * mask_volume_ml(iso.intracranial));
  }
  // The anatomy's physical centre sits at the grid centre for every orientation.
  const Vec3 centre_iso = iso.t1c.geom.index_to_physical({(iso.t1c.geom.size[0] - 1) / 2.0,
                                                          (iso.t1c.geom.size[1] - 1) / 2.0,
                                                          (iso.t1c.geom.size[2] - 1) / 2.0});
  for (int a = 0; a < 3; ++a) EXPECT_NEAR(centre_iso[a], 0.0, 1e-9);
}

TEST(PhantomAcquisition, IntensityScaleScalesTheImage) {
  PhantomParams p = preset("tiny");
  p.intensity_scale = {100, 100};
  const PhantomCase a = make(p, 4, 0);
  p.intensity_scale = {1000, 1000};
  const PhantomCase b = make(p, 4, 0);
  ASSERT_EQ(a.t1c.voxels.size(), b.t1c.voxels.size());
  double worst = 0;
  for (size_t v = 0; v < a.t1c.voxels.size(); ++v)
    if (a.t1c.voxels[v] > 1.0f) worst = std::max(worst, std::fabs(b.t1c.voxels[v] / (10.0 * a.t1c.voxels[v]) - 1.0));
  EXPECT_LT(worst, 1e-5);
  EXPECT_EQ(a.truth.voxels, b.truth.voxels);
}

TEST(PhantomAcquisition, RicianNoiseMatchesTheRequestedSnr) {
  PhantomParams p = preset("tiny");
  p.snr = {20, 20};
  p.intensity_scale = {1000, 1000};
  p.bias_strength = {0, 0};
  const PhantomCase c = make(p, 12, 0, true);
  const double sigma = 1000.0 / 20.0;
  // Air: the magnitude of pure complex Gaussian noise is Rayleigh(sigma).
  double sum = 0, sum2 = 0;
  int64_t n = 0;
  const auto& g = c.t1c.geom;
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const Vec3 pt = g.index_to_physical({double(i), double(j), double(k)});
        // Corners of the field of view, well outside the head.
        if (std::fabs(pt[0]) < 70 || std::fabs(pt[1]) < 85) continue;
        if (c.tissue.at(i, j, k) != static_cast<uint8_t>(Tissue::kAir)) continue;
        const double x = c.t1c.at(i, j, k);
        sum += x;
        sum2 += x * x;
        ++n;
      }
  ASSERT_GT(n, 2000);
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, sigma * std::sqrt(M_PI / 2), 0.05 * sigma * std::sqrt(M_PI / 2));
  EXPECT_NEAR(sd, sigma * std::sqrt((4 - M_PI) / 2), 0.08 * sigma * std::sqrt((4 - M_PI) / 2));
  // White matter away from other tissues: mean ~ scale, spread ~ sigma (plus mild texture).
  double wsum = 0, wsum2 = 0;
  int64_t wn = 0;
  const uint8_t wm = static_cast<uint8_t>(Tissue::kWhiteMatter);
  for (int64_t k = 1; k + 1 < g.size[2]; ++k)
    for (int64_t j = 1; j + 1 < g.size[1]; ++j)
      for (int64_t i = 1; i + 1 < g.size[0]; ++i) {
        bool inner = true;
        for (int d = -1; d <= 1 && inner; d += 2)
          inner = c.tissue.at(i + d, j, k) == wm && c.tissue.at(i, j + d, k) == wm && c.tissue.at(i, j, k + d) == wm;
        if (!inner || c.tissue.at(i, j, k) != wm) continue;
        const double x = c.t1c.at(i, j, k);
        wsum += x;
        wsum2 += x * x;
        ++wn;
      }
  ASSERT_GT(wn, 500);
  const double wmean = wsum / wn, wsd = std::sqrt(wsum2 / wn - wmean * wmean);
  EXPECT_NEAR(wmean, 1000.0, 60.0);
  EXPECT_GT(wsd, 0.9 * sigma);
  EXPECT_LT(wsd, 1.5 * sigma);
}
