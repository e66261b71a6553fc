// Mid-sagittal plane of a mask (src/pipeline/mid_sagittal.h): a mirror-symmetric head-shaped
// ellipsoid, off-centre and turned in the scanner, on an anisotropic grid with a rotated
// direction matrix; the fitted plane must be the ellipsoid's symmetry plane, and the same for
// any thread count.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "pipeline/mid_sagittal.h"
#include "rimscan/par/cpu_backend.h"

using namespace rimscan;

namespace {

struct Frame {
  Geometry g;
  // Physical (LPS mm) position of voxel (i, j, k).
  std::array<double, 3> at(int64_t i, int64_t j, int64_t k) const {
    const double idx[3] = {static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)};
    std::array<double, 3> p{};
    for (int r = 0; r < 3; ++r) {
      p[static_cast<size_t>(r)] = g.origin[static_cast<size_t>(r)];
      for (int a = 0; a < 3; ++a)
        p[static_cast<size_t>(r)] += g.direction[static_cast<size_t>(r * 3 + a)] * g.spacing[static_cast<size_t>(a)] * idx[a];
    }
    return p;
  }
};

// Ellipsoid with semi-axes (60, 80, 55) mm around `centre`, turned by `yaw` about the S axis:
// its symmetry plane has normal (cos yaw, sin yaw, 0) through the centre.
std::vector<uint8_t> head(const Frame& f, std::array<double, 3> centre, double yaw) {
  const Size3 s = f.g.size;
  std::vector<uint8_t> m(static_cast<size_t>(s[0] * s[1] * s[2]), 0);
  for (int64_t k = 0; k < s[2]; ++k)
    for (int64_t j = 0; j < s[1]; ++j)
      for (int64_t i = 0; i < s[0]; ++i) {
        const auto p = f.at(i, j, k);
        const double dx = p[0] - centre[0], dy = p[1] - centre[1], dz = p[2] - centre[2];
        const double u = std::cos(yaw) * dx + std::sin(yaw) * dy;   // left-right in the head
        const double w = -std::sin(yaw) * dx + std::cos(yaw) * dy;  // anterior-posterior
        const double e = (u * u) / (60.0 * 60.0) + (w * w) / (80.0 * 80.0) + (dz * dz) / (55.0 * 55.0);
        m[static_cast<size_t>(i + s[0] * (j + s[1] * k))] = e <= 1.0 ? 1 : 0;
      }
  return m;
}

}  // namespace

TEST(MidSagittal, RecoversTheSymmetryPlaneOfATurnedHeadOnARotatedAnisotropicGrid) {
  Frame f;
  f.g = Geometry::make({110, 130, 50}, {1.6, 1.7, 2.5}, {-85, -105, -60});
  // Grid axes rotated by 5 degrees about S (an oblique acquisition).
  const double t = 5.0 * M_PI / 180.0;
  f.g.direction = {std::cos(t), -std::sin(t), 0, std::sin(t), std::cos(t), 0, 0, 0, 1};
  const std::array<double, 3> centre{8.0, -3.0, 2.0};
  const double yaw = 9.0 * M_PI / 180.0;
  const std::vector<uint8_t> m = head(f, centre, yaw);
  const pipeline::MidSagittalPlane pl = pipeline::fit_mid_sagittal(par::CpuBackend(2), m.data(), f.g.size, f.g);
  ASSERT_TRUE(pl.valid);
  // Unit normal, along the head's left-right axis (sign: +x).
  EXPECT_NEAR(pl.a * pl.a + pl.b * pl.b + pl.c * pl.c, 1.0, 1e-12);
  EXPECT_NEAR(pl.a, std::cos(yaw), 0.01);
  EXPECT_NEAR(pl.b, std::sin(yaw), 0.02);
  EXPECT_NEAR(pl.c, 0.0, 0.02);
  // Through the centre, and 20 mm from a point 20 mm to the head's left of it.
  EXPECT_NEAR(pl.a * centre[0] + pl.b * centre[1] + pl.c * centre[2] + pl.d, 0.0, 0.5);
  const double px = centre[0] + 20 * std::cos(yaw), py = centre[1] + 20 * std::sin(yaw);
  EXPECT_NEAR(pl.a * px + pl.b * py + pl.c * centre[2] + pl.d, 20.0, 0.6);
}

TEST(MidSagittal, SameForAnyThreadCountAndInvalidForAnAlmostEmptyMask) {
  Frame f;
  f.g = Geometry::make({64, 72, 40}, {2, 2, 3}, {-64, -72, -60});
  const std::vector<uint8_t> m = head(f, {3.0, 1.0, 0.0}, 0.1);
  const auto one = pipeline::fit_mid_sagittal(par::CpuBackend(1), m.data(), f.g.size, f.g);
  for (int threads : {2, 3, 7}) {
    const auto other = pipeline::fit_mid_sagittal(par::CpuBackend(threads), m.data(), f.g.size, f.g);
    EXPECT_EQ(one.a, other.a);
    EXPECT_EQ(one.b, other.b);
    EXPECT_EQ(one.c, other.c);
    EXPECT_EQ(one.d, other.d);
  }
  std::vector<uint8_t> few(m.size(), 0);
  few[100] = few[200] = 1;
  EXPECT_FALSE(pipeline::fit_mid_sagittal(par::CpuBackend(1), few.data(), f.g.size, f.g).valid);
}
