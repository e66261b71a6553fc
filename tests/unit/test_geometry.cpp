#include <gtest/gtest.h>

#include <cmath>

#include "rimscan/error.h"
#include "rimscan/geometry.h"
#include "rimscan/image.h"

using namespace rimscan;

TEST(Geometry, IndexToPhysicalRoundTripWithRotationAndAnisotropy) {
  Geometry g = Geometry::make({10, 20, 5}, {0.5, 0.8, 5.0}, {-10, 20, 30});
  // A rotation of 30 degrees about z: columns are the axis directions.
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
  Vec3 idx{3.0, 7.5, 2.0};
  Vec3 p = g.index_to_physical(idx);
  // Hand computation: origin + D * (1.5, 6.0, 10.0).
  EXPECT_NEAR(p[0], -10 + c * 1.5 - s * 6.0, 1e-12);
  EXPECT_NEAR(p[1], 20 + s * 1.5 + c * 6.0, 1e-12);
  EXPECT_NEAR(p[2], 30 + 10.0, 1e-12);
  Vec3 back = g.physical_to_index(p);
  for (int a = 0; a < 3; ++a) EXPECT_NEAR(back[a], idx[a], 1e-12);
}

TEST(Geometry, OrientationCodeAndAxialAxis) {
  Geometry g = Geometry::make({4, 4, 4});
  EXPECT_EQ(g.orientation_code(), "LPS");
  EXPECT_EQ(g.axial_axis(), 2);
  // NIfTI RAS+ storage: x flipped, y flipped.
  g.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
  EXPECT_EQ(g.orientation_code(), "RAS");
  // A sagittal stack: axis 0 runs A->P, axis 1 S->I, axis 2 R->L.
  g.direction = {0, 0, 1, 1, 0, 0, 0, -1, 0};
  EXPECT_EQ(g.orientation_code(), "PIL");
  EXPECT_EQ(g.axial_axis(), 1);
}

TEST(Geometry, ValidateRejectsZeroSizeBadSpacingAndNonOrthonormal) {
  Geometry g = Geometry::make({4, 0, 4});
  EXPECT_THROW(validate_geometry(g, "x.nii"), Error);
  g = Geometry::make({4, 4, 4}, {1, -1, 1});
  try {
    validate_geometry(g, "x.nii");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInputInvalid);
    EXPECT_NE(std::string(e.what()).find("x.nii"), std::string::npos);
  }
  g = Geometry::make({4, 4, 4});
  g.direction = {1, 0, 0, 0.5, 1, 0, 0, 0, 1};
  EXPECT_THROW(validate_geometry(g, "x.nii"), Error);
  EXPECT_NO_THROW(validate_geometry(Geometry::make({4, 4, 4}), "x.nii"));
}

TEST(Geometry, RequireSameGridReportsDistance) {
  Geometry a = Geometry::make({10, 10, 10}, {1, 1, 1}, {0, 0, 0});
  Geometry b = a;
  b.origin = {2.5, 0, 0};
  EXPECT_NO_THROW(require_same_grid(a, "image", b, "mask", 3.0));
  try {
    require_same_grid(a, "image", b, "mask", 0.1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kGeometryMismatch);
    EXPECT_NE(std::string(e.what()).find("2.5 mm"), std::string::npos) << e.what();
  }
  b = Geometry::make({10, 10, 11});
  EXPECT_THROW(require_same_grid(a, "image", b, "mask", 100.0), Error);
}

TEST(Image, RequireFiniteNamesFirstBadVoxel) {
  ImageF img(Geometry::make({3, 3, 3}), 1.0f);
  EXPECT_NO_THROW(require_finite(img, "t1c.nii.gz"));
  img.at(1, 2, 0) = NAN;
  img.at(2, 2, 2) = INFINITY;
  try {
    require_finite(img, "t1c.nii.gz");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "t1c.nii.gz: 2 NaN/Inf voxel(s), first at (1,2,0)");
  }
}
