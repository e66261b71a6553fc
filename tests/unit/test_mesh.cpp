// Marching-cubes mesh: the derived table gives closed, consistently oriented surfaces; volumes and
// areas of shapes known by hand; per-label crops agree with single masks.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <tuple>

#include "rimscan/features/mesh.h"

using namespace rimscan;
using namespace rimscan::features;

namespace {

// Every directed edge of every triangle, in doubled global coordinates, over all cubes of a mask
// (padded by one). A closed, consistently oriented mesh uses each edge as often in one direction
// as in the other (fan diagonals lying in a shared cube face may appear in both cubes).
using Key = std::tuple<int, int, int, int, int, int>;
std::map<Key, int> directed_edges(const std::vector<uint8_t>& m, int nx, int ny, int nz) {
  auto in = [&](int i, int j, int k) {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
    return static_cast<int>(m[static_cast<size_t>(i + nx * (j + ny * k))]);
  };
  const auto& table = marching_cubes_triangles();
  std::map<Key, int> edges;
  for (int k = -1; k < nz; ++k)
    for (int j = -1; j < ny; ++j)
      for (int i = -1; i < nx; ++i) {
        int cfg = 0;
        for (int c = 0; c < 8; ++c) cfg |= in(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1)) << c;
        const auto& tri = table[static_cast<size_t>(cfg)];
        for (size_t t = 0; t < tri.size(); t += 3) {
          int p[3][3];
          for (int v = 0; v < 3; ++v) {
            int c0, c1;
            marching_cubes_edge_corners(tri[t + static_cast<size_t>(v)], &c0, &c1);
            p[v][0] = 2 * i + (c0 & 1) + (c1 & 1);
            p[v][1] = 2 * j + ((c0 >> 1) & 1) + ((c1 >> 1) & 1);
            p[v][2] = 2 * k + ((c0 >> 2) & 1) + ((c1 >> 2) & 1);
          }
          for (int v = 0; v < 3; ++v) {
            const int* a = p[v];
            const int* b = p[(v + 1) % 3];
            ++edges[Key{a[0], a[1], a[2], b[0], b[1], b[2]}];
          }
        }
      }
  return edges;
}

}  // namespace

TEST(MarchingCubes, EveryConfigurationHasCrossingCountConsistentTriangles) {
  const auto& table = marching_cubes_triangles();
  ASSERT_EQ(table.size(), 256u);
  EXPECT_TRUE(table[0].empty());
  EXPECT_TRUE(table[255].empty());
  EXPECT_EQ(table[1].size(), 3u);  // one corner: one triangle
  EXPECT_EQ(table[3].size(), 6u);  // one edge: a quad
  for (int c = 1; c < 255; ++c) EXPECT_FALSE(table[static_cast<size_t>(c)].empty()) << c;
}

TEST(MarchingCubes, RandomMasksGiveClosedConsistentlyOrientedMeshes) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    const int nx = 5, ny = 4, nz = 6;
    std::vector<uint8_t> m(static_cast<size_t>(nx * ny * nz));
    std::bernoulli_distribution d(0.3 + 0.02 * trial);
    for (auto& v : m) v = d(rng) ? 1 : 0;
    const auto edges = directed_edges(m, nx, ny, nz);
    ASSERT_FALSE(edges.empty());
    for (const auto& [k, count] : edges) {
      const Key rev{std::get<3>(k), std::get<4>(k), std::get<5>(k), std::get<0>(k), std::get<1>(k), std::get<2>(k)};
      auto it = edges.find(rev);
      ASSERT_TRUE(it != edges.end()) << "open edge (trial " << trial << ")";
      ASSERT_EQ(it->second, count) << "inconsistent orientation (trial " << trial << ")";
    }
  }
}

TEST(MeshMeasures, SingleVoxelIsAnOctahedron) {
  // Vertices at the six face centres: an octahedron of half-diagonal 0.5 voxel,
  // volume 4/3 * 0.5^3 = 1/6 voxel, area 8 * sqrt(3)/4 * (0.5 sqrt 2)^2 = sqrt(3).
  std::vector<uint8_t> m(27, 0);
  m[13] = 1;
  MeshMeasures r = mesh_measures(m.data(), {3, 3, 3}, {1, 1, 1});
  EXPECT_NEAR(r.volume_mm3, 1.0 / 6.0, 1e-12);
  EXPECT_NEAR(r.surface_mm2, std::sqrt(3.0), 1e-12);
  // Anisotropic spacing scales the volume by the voxel volume.
  MeshMeasures s = mesh_measures(m.data(), {3, 3, 3}, {0.5, 2.0, 3.0});
  EXPECT_NEAR(s.volume_mm3, 3.0 / 6.0, 1e-12);
}

TEST(MeshMeasures, VoxelAtTheVolumeEdgeIsPadded) {
  std::vector<uint8_t> m(8, 0);
  m[0] = 1;
  EXPECT_NEAR(mesh_measures(m.data(), {2, 2, 2}, {1, 1, 1}).volume_mm3, 1.0 / 6.0, 1e-12);
}

TEST(MeshMeasures, BallVolumeAndSphericity) {
  const int n = 41;
  const double r = 15.0, c = 20.0;
  std::vector<uint8_t> m(static_cast<size_t>(n * n * n), 0);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i)
        if ((i - c) * (i - c) + (j - c) * (j - c) + (k - c) * (k - c) <= r * r) m[static_cast<size_t>(i + n * (j + n * k))] = 1;
  MeshMeasures res = mesh_measures(m.data(), {n, n, n}, {1, 1, 1});
  const double v = 4.0 / 3.0 * M_PI * r * r * r;
  EXPECT_NEAR(res.volume_mm3, v, 0.03 * v);
  EXPECT_GT(res.sphericity, 0.85);
  EXPECT_LE(res.sphericity, 1.0);
}

TEST(MeshMeasures, EmptyMaskIsZero) {
  std::vector<uint8_t> m(8, 0);
  MeshMeasures r = mesh_measures(m.data(), {2, 2, 2}, {1, 1, 1});
  EXPECT_EQ(r.volume_mm3, 0.0);
  EXPECT_EQ(r.surface_mm2, 0.0);
  EXPECT_EQ(r.sphericity, 0.0);
}

TEST(MeshMeasures, PerLabelMatchesSingleMasks) {
  const int nx = 12, ny = 9, nz = 7;
  std::vector<int32_t> labels(static_cast<size_t>(nx * ny * nz), 0);
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> d(0, 3);
  for (int k = 1; k < nz - 1; ++k)
    for (int j = 1; j < ny - 1; ++j)
      for (int i = 1; i < nx - 1; ++i) labels[static_cast<size_t>(i + nx * (j + ny * k))] = d(rng);
  const Vec3 sp{0.8, 1.1, 2.5};
  auto per = mesh_measures_per_label(labels.data(), 4, {nx, ny, nz}, sp);
  ASSERT_EQ(per.size(), 4u);
  for (int l = 1; l <= 3; ++l) {
    std::vector<uint8_t> m(labels.size());
    for (size_t v = 0; v < m.size(); ++v) m[v] = labels[v] == l;
    MeshMeasures one = mesh_measures(m.data(), {nx, ny, nz}, sp);
    EXPECT_NEAR(per[static_cast<size_t>(l - 1)].volume_mm3, one.volume_mm3, 1e-9 * one.volume_mm3);
    EXPECT_NEAR(per[static_cast<size_t>(l - 1)].surface_mm2, one.surface_mm2, 1e-9 * one.surface_mm2);
  }
  EXPECT_EQ(per[3].volume_mm3, 0.0);  // label 4 absent
}

TEST(MeshDiameters, MatchBruteForceOverVertices) {
  const int nx = 9, ny = 8, nz = 6;
  std::vector<uint8_t> m(static_cast<size_t>(nx * ny * nz), 0);
  std::mt19937 rng(3);
  std::bernoulli_distribution d(0.5);
  for (int k = 1; k < nz - 1; ++k)
    for (int j = 1; j < ny - 1; ++j)
      for (int i = 1; i < nx - 1; ++i) m[static_cast<size_t>(i + nx * (j + ny * k))] = d(rng);
  const Vec3 sp{0.7, 1.3, 2.0};
  MeshResult r = mesh_analyse(m.data(), {nx, ny, nz}, sp, true);
  // Brute force over all edge midpoints.
  std::vector<std::array<double, 3>> v;
  auto in = [&](int i, int j, int k) {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
    return static_cast<int>(m[static_cast<size_t>(i + nx * (j + ny * k))]);
  };
  for (int k = -1; k < nz; ++k)
    for (int j = -1; j < ny; ++j)
      for (int i = -1; i < nx; ++i) {
        if (in(i, j, k) != in(i + 1, j, k)) v.push_back({(i + 0.5) * sp[0], j * sp[1], k * sp[2]});
        if (in(i, j, k) != in(i, j + 1, k)) v.push_back({i * sp[0], (j + 0.5) * sp[1], k * sp[2]});
        if (in(i, j, k) != in(i, j, k + 1)) v.push_back({i * sp[0], j * sp[1], (k + 0.5) * sp[2]});
      }
  double d3 = 0, dz = 0, dy = 0, dx = 0;
  for (size_t a = 0; a < v.size(); ++a)
    for (size_t b = a + 1; b < v.size(); ++b) {
      double dd = 0;
      for (int t = 0; t < 3; ++t) dd += (v[a][t] - v[b][t]) * (v[a][t] - v[b][t]);
      dd = std::sqrt(dd);
      d3 = std::max(d3, dd);
      if (v[a][2] == v[b][2]) dz = std::max(dz, dd);
      if (v[a][1] == v[b][1]) dy = std::max(dy, dd);
      if (v[a][0] == v[b][0]) dx = std::max(dx, dd);
    }
  EXPECT_NEAR(r.diameters.max_3d, d3, 1e-9);
  EXPECT_NEAR(r.diameters.max_2d_slice, dz, 1e-9);
  EXPECT_NEAR(r.diameters.max_2d_column, dy, 1e-9);
  EXPECT_NEAR(r.diameters.max_2d_row, dx, 1e-9);
}
