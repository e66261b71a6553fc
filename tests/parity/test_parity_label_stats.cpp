// Per-label statistics: every engine against the naive sort-per-label oracle
// (tests/reference/reference_label_stats.h). Counts, min/max, quantiles (same interpolation
// formula in double), bounding boxes and centroids (integer sums / count) must be equal; sums
// are double in a fixed order and must match the long-double oracle to 1e-12 relative.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/kernel_volumes.h"
#include "common/test_data.h"
#include "reference/reference_label_stats.h"

using namespace rimscan;

class LabelStatsParity : public ::testing::TestWithParam<test::EngineCase> {};

namespace {
void expect_match(const std::vector<kernels::LabelStats>& got, const std::vector<reference::Stats>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t l = 0; l < got.size(); ++l) {
    const auto& g = got[l];
    const auto& w = want[l];
    ASSERT_EQ(g.count, w.count) << "label " << l + 1;
    if (w.count == 0) {
      EXPECT_TRUE(std::isnan(g.median) && std::isnan(g.min) && g.bbox_min[0] == -1) << l + 1;
      continue;
    }
    EXPECT_NEAR(g.sum, static_cast<double>(w.sum), 1e-12 * std::fabs(static_cast<double>(w.sum)) + 1e-9) << l + 1;
    EXPECT_NEAR(g.sum_sq, static_cast<double>(w.sum_sq), 1e-12 * static_cast<double>(w.sum_sq) + 1e-9) << l + 1;
    EXPECT_EQ(g.min, w.min) << l + 1;
    EXPECT_EQ(g.max, w.max) << l + 1;
    EXPECT_EQ(g.q25, w.q25) << l + 1;
    EXPECT_EQ(g.median, w.median) << l + 1;
    EXPECT_EQ(g.q75, w.q75) << l + 1;
    for (int a = 0; a < 3; ++a) {
      EXPECT_EQ(g.bbox_min[a], w.lo[a]) << l + 1;
      EXPECT_EQ(g.bbox_max[a], w.hi[a]) << l + 1;
      EXPECT_EQ(g.centroid_index[a], w.centroid[a]) << l + 1;
    }
  }
}
}  // namespace

TEST_P(LabelStatsParity, ComponentsOfRandomMasksWithAndWithoutInclude) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  unsigned seed = 1200;
  for (Size3 size : {Size3{17, 13, 9}, Size3{1, 31, 1}, Size3{1, 1, 1}, Size3{41, 37, 5}}) {
    ImageU8 m = test::random_mask(size, 0.35, ++seed);
    int32_t k = 0;
    ImageI32 lab = e->label_components(m, kernels::Connectivity::k6, &k);
    ImageF val = test::random_image(size, ++seed);
    // Some negative values, exact ties and -0.0.
    for (size_t i = 0; i < val.voxels.size(); i += 5) val.voxels[i] = -val.voxels[i];
    for (size_t i = 1; i < val.voxels.size(); i += 9) val.voxels[i] = 7.0f;
    for (size_t i = 2; i < val.voxels.size(); i += 23) val.voxels[i] = -0.0f;
    ImageU8 inc = test::random_mask(size, 0.7, ++seed);
    for (int32_t nl : {k, k + 3}) {  // k + 3: labels with no voxel
      expect_match(e->label_statistics(val, lab, nl), reference::label_stats(val, lab, nl, nullptr));
      expect_match(e->label_statistics(val, lab, nl, &inc), reference::label_stats(val, lab, nl, &inc));
    }
  }
}

TEST_P(LabelStatsParity, FewLargeLabels) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  const Size3 size{67, 59, 7};
  ImageF val = test::random_image(size, 77);
  ImageI32 lab(val.geom, 0);
  std::mt19937 rng(78);
  for (auto& l : lab.voxels) l = static_cast<int32_t>(rng() % 4);  // 0..3, ~7000 voxels each
  expect_match(e->label_statistics(val, lab, 3), reference::label_stats(val, lab, 3, nullptr));
}

// Empty and full label maps and include masks, labels that select nothing, on an odd
// anisotropic grid (5 mm slices).
TEST_P(LabelStatsParity, EmptyFullAndAbsentLabels) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  const Size3 size{13, 7, 5};
  ImageF val = test::random_image(size, 91, {0.8, 1.1, 5.0});
  ImageI32 none(val.geom, 0), all(val.geom, 2);  // labels 1 and 3 select nothing
  ImageU8 inc_none(val.geom, 0), inc_all(val.geom, 1);
  expect_match(e->label_statistics(val, none, 3), reference::label_stats(val, none, 3, nullptr));
  expect_match(e->label_statistics(val, all, 3), reference::label_stats(val, all, 3, nullptr));
  expect_match(e->label_statistics(val, all, 3, &inc_none), reference::label_stats(val, all, 3, &inc_none));
  expect_match(e->label_statistics(val, all, 3, &inc_all), reference::label_stats(val, all, 3, &inc_all));
}

INSTANTIATE_TEST_SUITE_P(Engines, LabelStatsParity, ::testing::ValuesIn(test::engine_cases()),
                         [](const auto& info) { return info.param.label; });
