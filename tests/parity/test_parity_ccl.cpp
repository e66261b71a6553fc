// Connected components: every engine against the BFS oracle (tests/reference/reference_labels.h).
// Tolerance: none. Labels are integers with canonical numbering, so they must be equal.
#include <gtest/gtest.h>

#include "common/kernel_volumes.h"
#include "common/test_data.h"
#include "reference/reference_labels.h"

using namespace rimscan;
using kernels::Connectivity;

class CclParity : public ::testing::TestWithParam<test::EngineCase> {};

namespace {
void expect_same_labels(Engine& e, const ImageU8& m, Connectivity conn, const char* what) {
  int32_t n = -1, n_ref = -2;
  ImageI32 got = e.label_components(m, conn, &n);
  ImageI32 want = reference::label_bfs(m, reference::offsets_3d(static_cast<int>(conn)), &n_ref);
  ASSERT_EQ(n, n_ref) << what << " conn " << static_cast<int>(conn);
  for (int64_t v = 0; v < m.num_voxels(); ++v)
    ASSERT_EQ(got.voxels[v], want.voxels[v]) << what << " conn " << static_cast<int>(conn) << " voxel " << v;
}
}  // namespace

TEST_P(CclParity, RandomMasksAllConnectivities) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  unsigned seed = 100;
  for (Size3 size : {Size3{17, 13, 9}, Size3{32, 29, 21}, Size3{1, 41, 1}, Size3{37, 1, 1}, Size3{1, 1, 33},
                     Size3{1, 1, 1}, Size3{5, 1, 7}})
    for (double p : {0.12, 0.3, 0.55, 0.8})
      for (Connectivity conn : {Connectivity::k6, Connectivity::k18, Connectivity::k26})
        expect_same_labels(*e, test::random_mask(size, p, ++seed), conn, "random");
}

TEST_P(CclParity, BlobsEmptyAndFull) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  for (Connectivity conn : {Connectivity::k6, Connectivity::k26}) {
    expect_same_labels(*e, test::blob_mask({31, 27, 19}, 12, 3.0, 0.25, 5), conn, "blobs");
    expect_same_labels(*e, ImageU8(Geometry::make({9, 8, 7}), 0), conn, "empty");
    expect_same_labels(*e, ImageU8(Geometry::make({9, 8, 7}), 1), conn, "full");
  }
}

TEST_P(CclParity, TwoDAllAxes) {
  auto e = test::make_engine_or_skip(GetParam());
  if (!e) return;
  unsigned seed = 300;
  for (Size3 size : {Size3{17, 13, 9}, Size3{1, 19, 11}, Size3{23, 1, 5}, Size3{1, 1, 1}})
    for (double p : {0.3, 0.6})
      for (int axis = 0; axis < 3; ++axis)
        for (bool eight : {false, true}) {
          ImageU8 m = test::random_mask(size, p, ++seed);
          int32_t n = -1, n_ref = -2;
          ImageI32 got = e->label_components_2d(m, axis, eight, &n);
          ImageI32 want = reference::label_bfs(m, reference::offsets_2d(axis, eight), &n_ref);
          ASSERT_EQ(n, n_ref) << "axis " << axis << " eight " << eight;
          ASSERT_EQ(got.voxels, want.voxels) << "axis " << axis << " eight " << eight;
        }
}

INSTANTIATE_TEST_SUITE_P(Engines, CclParity, ::testing::ValuesIn(test::engine_cases()),
                         [](const auto& info) { return info.param.label; });
