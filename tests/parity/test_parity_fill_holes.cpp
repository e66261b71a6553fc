// Hole filling: every engine against the border flood-fill oracle
// (tests/reference/reference_labels.h). Tolerance: none (binary output).
#include <gtest/gtest.h>

#include "common/kernel_volumes.h"
#include "common/test_data.h"
#include "reference/reference_labels.h"

using namespace rimscan;

class FillHolesParity : public ::testing::TestWithParam<test::EngineCase> {};

TEST_P(FillHolesParity, RandomAndBlobMasks3DAnd2D) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  unsigned seed = 500;
  std::vector<ImageU8> masks;
  for (Size3 size : {Size3{17, 13, 9}, Size3{24, 22, 20}, Size3{1, 15, 1}, Size3{1, 1, 1}, Size3{9, 1, 11},
                     Size3{3, 3, 3}})
    for (double p : {0.3, 0.55, 0.75}) masks.push_back(test::random_mask(size, p, ++seed));
  masks.push_back(test::blob_mask({29, 25, 21}, 14, 3.0, 0.2, 31));
  masks.push_back(test::shell_mask({15, 15, 15}, {7, 7, 7}, 3.0, 5.0));
  masks.push_back(ImageU8(Geometry::make({6, 5, 4}), 0));
  masks.push_back(ImageU8(Geometry::make({6, 5, 4}), 1));
  for (size_t t = 0; t < masks.size(); ++t) {
    const ImageU8& m = masks[t];
    ASSERT_EQ(e->fill_holes_3d(m).voxels, reference::fill_holes_3d(m).voxels) << "mask " << t;
    for (int axis = 0; axis < 3; ++axis)
      ASSERT_EQ(e->fill_holes_2d(m, axis).voxels, reference::fill_holes_2d(m, axis).voxels)
          << "mask " << t << " axis " << axis;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, FillHolesParity, ::testing::ValuesIn(test::engine_cases()),
                         [](const auto& info) { return info.param.label; });
