// Per-label statistics on hand-computed cases (quantiles by linear interpolation, empty
// labels, include masks, ignored labels), segments longer than one summation block, and
// bitwise independence of the thread count and of the order of parallel work.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "common/kernel_volumes.h"
#include "common/shuffled_backend.h"
#include "reference/reference_label_stats.h"
#include "rimscan/engine.h"
#include "rimscan/kernels/label_stats.h"
#include "rimscan/par/cpu_backend.h"

using namespace rimscan;

TEST(LabelStatsCpu, HandComputedQuantilesSumsBoxAndCentroid) {
  // Label 1: values 4, 1, 3, 2 at x = 0..3 of row y = 1; label 2: one voxel; label 3: absent;
  // label 7 (> n_labels) and 0 ignored.
  ImageF val(Geometry::make({4, 2, 1}));
  ImageI32 lab(val.geom, 0);
  const float v1[4] = {4, 1, 3, 2};
  for (int i = 0; i < 4; ++i) {
    val.at(i, 1, 0) = v1[i];
    lab.at(i, 1, 0) = 1;
  }
  val.at(2, 0, 0) = -5.5f;
  lab.at(2, 0, 0) = 2;
  val.at(0, 0, 0) = 100.0f;
  lab.at(0, 0, 0) = 7;
  auto st = make_cpu_engine(2)->label_statistics(val, lab, 3);
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].count, 4);
  EXPECT_EQ(st[0].sum, 10.0);
  EXPECT_EQ(st[0].sum_sq, 30.0);
  EXPECT_EQ(st[0].min, 1.0f);
  EXPECT_EQ(st[0].max, 4.0f);
  EXPECT_EQ(st[0].median, 2.5f);  // h = 1.5
  EXPECT_EQ(st[0].q25, 1.75f);    // h = 0.75
  EXPECT_EQ(st[0].q75, 3.25f);    // h = 2.25
  EXPECT_EQ(st[0].bbox_min[0], 0);
  EXPECT_EQ(st[0].bbox_max[0], 3);
  EXPECT_EQ(st[0].bbox_min[1], 1);
  EXPECT_EQ(st[0].bbox_max[1], 1);
  EXPECT_EQ(st[0].centroid_index[0], 1.5);
  EXPECT_EQ(st[0].centroid_index[1], 1.0);
  EXPECT_DOUBLE_EQ(st[0].mean(), 2.5);
  EXPECT_DOUBLE_EQ(st[0].sd(), std::sqrt(1.25));
  EXPECT_EQ(st[1].count, 1);
  EXPECT_EQ(st[1].median, -5.5f);
  EXPECT_EQ(st[1].q25, -5.5f);
  EXPECT_EQ(st[2].count, 0);
  EXPECT_TRUE(std::isnan(st[2].median));
  EXPECT_EQ(st[2].bbox_min[0], -1);
  // With an include mask that drops the value 4: median of {1, 3, 2} = 2.
  ImageU8 inc(val.geom, 1);
  inc.at(0, 1, 0) = 0;
  auto st2 = make_cpu_engine(1)->label_statistics(val, lab, 3, &inc);
  EXPECT_EQ(st2[0].count, 3);
  EXPECT_EQ(st2[0].median, 2.0f);
  EXPECT_EQ(st2[0].bbox_min[0], 1);
  EXPECT_TRUE(make_cpu_engine(1)->label_statistics(val, lab, 0).empty());
}

TEST(LabelStatsCpu, MismatchedSizesAreRejected) {
  ImageF val(Geometry::make({4, 2, 1}));
  ImageI32 lab(Geometry::make({4, 2, 2}), 0);
  try {
    make_cpu_engine(1)->label_statistics(val, lab, 1);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kGeometryMismatch);
  }
}

TEST(LabelStatsCpu, LongSegmentsAndBitwiseIdenticalForAnyThreadCountOrOrder) {
  // Label 1 spans several summation blocks; labels 2..40 small; random values with ties.
  const Size3 size{97, 61, 3};
  ImageF val = test::random_image(size, 3);
  for (size_t i = 0; i < val.voxels.size(); i += 7) val.voxels[i] = 12.5f;  // ties
  ImageI32 lab(val.geom, 0);
  std::mt19937 rng(4);
  for (auto& l : lab.voxels) l = (rng() % 3 == 0) ? static_cast<int32_t>(1 + rng() % 40) : 1;
  const int64_t n = val.num_voxels();
  auto ref = kernels::label_statistics(par::CpuBackend(1), val.data(), lab.data(), 40, size);
  auto want = reference::label_stats(val, lab, 40, nullptr);
  ASSERT_GT(ref[0].count, 2 * 4096);
  for (int l = 0; l < 40; ++l) {
    EXPECT_EQ(ref[l].count, want[l].count);
    EXPECT_NEAR(ref[l].sum, static_cast<double>(want[l].sum), 1e-12 * std::fabs(static_cast<double>(want[l].sum)));
    EXPECT_EQ(ref[l].median, want[l].median);
  }
  auto same = [&](const std::vector<kernels::LabelStats>& a) {
    for (int l = 0; l < 40; ++l) {
      EXPECT_EQ(a[l].count, ref[l].count);
      EXPECT_EQ(a[l].sum, ref[l].sum);  // bitwise
      EXPECT_EQ(a[l].sum_sq, ref[l].sum_sq);
      EXPECT_EQ(a[l].q25, ref[l].q25);
      EXPECT_EQ(a[l].centroid_index[2], ref[l].centroid_index[2]);
    }
  };
  for (int t : {2, 4}) same(kernels::label_statistics(par::CpuBackend(t), val.data(), lab.data(), 40, size));
  for (unsigned seed = 0; seed < 3; ++seed)
    same(kernels::label_statistics(test::ShuffledBackend(seed, 3), val.data(), lab.data(), 40, size));
  (void)n;
}
