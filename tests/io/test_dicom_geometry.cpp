// Stack geometry from slice headers (src/io/dicom_geometry.h) on synthetic stacks whose answer
// is known by construction: order from positions, spacing, and each refusal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "io/dicom_geometry.h"
#include "io/io_test_util.h"

namespace rimscan::test {
namespace {

using io::detail::DicomSlice;
using io::detail::stack_geometry;

// n axial-ish slices of an oblique stack: rows along `row`, columns along `col`, spaced `gap`
// mm along row x col, starting at `origin`.
std::vector<DicomSlice> oblique_stack(int n, double gap) {
  const double a = 0.3;  // 17 degrees about x
  Vec3 row{1, 0, 0}, col{0, std::cos(a), std::sin(a)};
  Vec3 normal{0, -std::sin(a), std::cos(a)};  // row x col
  std::vector<DicomSlice> s(n);
  for (int k = 0; k < n; ++k) {
    s[k].has_position = s[k].has_orientation = true;
    s[k].row = row;
    s[k].col = col;
    for (int c = 0; c < 3; ++c) s[k].position[c] = (c == 0 ? -50.0 : 20.0) + k * gap * normal[c];
    s[k].pixel_spacing_row = 0.8;
    s[k].pixel_spacing_col = 0.6;
    s[k].rows = 10;
    s[k].columns = 12;
    s[k].slice_thickness = gap;
  }
  return s;
}

TEST(DicomStackGeometry, SortsByPositionAlongTheNormal) {
  std::vector<DicomSlice> s = oblique_stack(7, 2.5);
  std::vector<int> perm{3, 0, 6, 1, 5, 2, 4};  // files in arbitrary order
  std::vector<DicomSlice> shuffled;
  for (int p : perm) shuffled.push_back(s[p]);
  auto g = stack_geometry(shuffled, "t");
  ASSERT_EQ(g.order.size(), 7u);
  for (int k = 0; k < 7; ++k) EXPECT_EQ(perm[g.order[k]], k);  // grid slice k is original slice k
  EXPECT_EQ(g.geom.size, (Size3{12, 10, 7}));
  EXPECT_NEAR(g.geom.spacing[0], 0.6, 1e-12);  // PixelSpacing[1]: between columns, along the row
  EXPECT_NEAR(g.geom.spacing[1], 0.8, 1e-12);
  EXPECT_NEAR(g.geom.spacing[2], 2.5, 1e-9);
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(g.geom.origin[c], s[0].position[c], 1e-12);
  // Voxel (0,0,k) is slice k's position.
  Vec3 p = g.geom.index_to_physical({0, 0, 6});
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(p[c], s[6].position[c], 1e-9);
}

TEST(DicomStackGeometry, DescendingPositionsGiveTheSameGrid) {
  std::vector<DicomSlice> s = oblique_stack(5, 3.0);
  std::reverse(s.begin(), s.end());
  auto g = stack_geometry(s, "t");
  EXPECT_EQ(g.order.front(), 4);
  EXPECT_NEAR(g.geom.spacing[2], 3.0, 1e-9);
}

TEST(DicomStackGeometry, SingleSliceUsesThickness) {
  auto g = stack_geometry(oblique_stack(1, 4.0), "t");
  EXPECT_EQ(g.geom.size[2], 1);
  EXPECT_NEAR(g.geom.spacing[2], 4.0, 1e-12);
}

TEST(DicomStackGeometry, SmallPositionNoiseIsAccepted) {
  std::vector<DicomSlice> s = oblique_stack(20, 1.0);
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(-0.004, 0.004);  // 4 micrometres: DS rounding
  for (auto& sl : s)
    for (double& v : sl.position) v += u(rng);
  auto g = stack_geometry(s, "t");
  EXPECT_NEAR(g.geom.spacing[2], 1.0, 0.01);
}

TEST(DicomStackGeometry, MissingSliceIsCorrupt) {
  std::vector<DicomSlice> s = oblique_stack(10, 2.0);
  s.erase(s.begin() + 4);
  EXPECT_TRUE(fails_with([&] { stack_geometry(s, "series X"); }, ErrorCode::kInputCorrupt, "missing slice"));
}

TEST(DicomStackGeometry, InconsistentSpacingIsRefused) {
  std::vector<DicomSlice> s = oblique_stack(10, 2.0);
  for (int k = 5; k < 10; ++k)
    for (int c = 0; c < 3; ++c) s[k].position[c] += 0.7 * (s[5].position[c] - s[4].position[c]) / 2.0;
  EXPECT_TRUE(fails_with([&] { stack_geometry(s, "series X"); }, ErrorCode::kInputUnsupported, "inconsistent slice spacing"));
}

TEST(DicomStackGeometry, DuplicatePositionsAreRefused) {
  std::vector<DicomSlice> s = oblique_stack(6, 2.0);
  std::vector<DicomSlice> two_echoes = s;
  two_echoes.insert(two_echoes.end(), s.begin(), s.end());
  EXPECT_TRUE(fails_with([&] { stack_geometry(two_echoes, "series X"); }, ErrorCode::kInputUnsupported,
                         "share a slice position"));
}

TEST(DicomStackGeometry, MixedOrientationsAreRefused) {
  std::vector<DicomSlice> s = oblique_stack(6, 2.0);
  s[2].row = {0, 1, 0};
  s[2].col = {0, 0, -1};
  EXPECT_TRUE(fails_with([&] { stack_geometry(s, "series X"); }, ErrorCode::kInputUnsupported, "mixed orientations"));
  std::vector<DicomSlice> m = oblique_stack(6, 2.0);
  m[3].rows = 11;
  EXPECT_TRUE(fails_with([&] { stack_geometry(m, "series X"); }, ErrorCode::kInputUnsupported, "mixed matrix sizes"));
}

TEST(DicomStackGeometry, GantryTiltIsRefused) {
  // CT-style tilt: the table moves along z while the slice plane is tilted by 17 degrees, so
  // consecutive slice origins drift within the plane.
  std::vector<DicomSlice> s = oblique_stack(6, 2.0);
  for (int k = 0; k < 6; ++k) s[k].position = {-50.0, 20.0, 10.0 + 2.0 * k};
  EXPECT_TRUE(fails_with([&] { stack_geometry(s, "series X"); }, ErrorCode::kInputUnsupported, "gantry tilt"));
}

TEST(DicomStackGeometry, MissingPositionIsRefused) {
  std::vector<DicomSlice> s = oblique_stack(3, 2.0);
  s[1].has_position = false;
  EXPECT_TRUE(fails_with([&] { stack_geometry(s, "series X"); }, ErrorCode::kInputUnsupported, "ImagePositionPatient"));
}

}  // namespace
}  // namespace rimscan::test
