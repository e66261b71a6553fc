// Marching-cubes mesh measures of binary masks (include/rimscan/features/mesh.h).
#include "rimscan/features/mesh.h"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numeric>

namespace rimscan::features {
namespace {

struct Box {
  int64_t lo[3] = {0, 0, 0}, hi[3] = {-1, -1, -1};  // inclusive; hi < lo = empty
  bool empty() const { return hi[0] < lo[0]; }
  void add(int64_t i, int64_t j, int64_t k) {
    if (empty()) {
      lo[0] = hi[0] = i;
      lo[1] = hi[1] = j;
      lo[2] = hi[2] = k;
      return;
    }
    lo[0] = std::min(lo[0], i), hi[0] = std::max(hi[0], i);
    lo[1] = std::min(lo[1], j), hi[1] = std::max(hi[1], j);
    lo[2] = std::min(lo[2], k), hi[2] = std::max(hi[2], k);
  }
};

// A binary crop with one background voxel of padding on every side: voxel (i, j, k) of the crop
// is voxel (box.lo + (i, j, k) - 1) of the source.
struct PaddedCrop {
  int64_t n[3] = {0, 0, 0};
  std::vector<uint8_t> v;
  uint8_t at(int64_t i, int64_t j, int64_t k) const { return v[static_cast<size_t>(i + n[0] * (j + n[1] * k))]; }
};

template <class Pred>
PaddedCrop make_crop(const Box& b, Size3 size, Pred inside) {
  PaddedCrop c;
  for (int a = 0; a < 3; ++a) c.n[a] = b.hi[a] - b.lo[a] + 3;
  c.v.assign(static_cast<size_t>(c.n[0] * c.n[1] * c.n[2]), 0);
  for (int64_t k = b.lo[2]; k <= b.hi[2]; ++k)
    for (int64_t j = b.lo[1]; j <= b.hi[1]; ++j) {
      const int64_t src = size[0] * (j + size[1] * k);
      uint8_t* dst = &c.v[static_cast<size_t>(1 +
                                               c.n[0] * ((j - b.lo[1] + 1) + c.n[1] * (k - b.lo[2] + 1)))];
      for (int64_t i = b.lo[0]; i <= b.hi[0]; ++i) dst[i - b.lo[0]] = inside(src + i) ? 1 : 0;
    }
  return c;
}

// Per configuration: the triangles as vertex offsets (doubled cube-local coordinates).
struct TriangleOffsets {
  std::array<std::vector<std::array<int8_t, 9>>, 256> tris;
};
const TriangleOffsets& triangle_offsets() {
  static const TriangleOffsets t = [] {
    TriangleOffsets o;
    const auto& table = marching_cubes_triangles();
    for (int c = 0; c < 256; ++c) {
      const auto& tri = table[static_cast<size_t>(c)];
      for (size_t k = 0; k + 2 < tri.size(); k += 3) {
        std::array<int8_t, 9> p{};
        for (int v = 0; v < 3; ++v) {
          int c0 = 0, c1 = 0;
          marching_cubes_edge_corners(tri[k + static_cast<size_t>(v)], &c0, &c1);
          for (int a = 0; a < 3; ++a) p[static_cast<size_t>(3 * v + a)] = static_cast<int8_t>(((c0 >> a) & 1) + ((c1 >> a) & 1));
        }
        o.tris[static_cast<size_t>(c)].push_back(p);
      }
    }
    return o;
  }();
  return t;
}

// Area and volume of the crop's mesh; sums per z-plane of cubes, combined in plane order so the
// result does not depend on the thread count.
MeshMeasures crop_measures(const PaddedCrop& c, Vec3 sp, int64_t* ntri_out) {
  const auto& offs = triangle_offsets();
  const int64_t ncz = c.n[2] - 1;
  std::vector<double> area(static_cast<size_t>(std::max<int64_t>(ncz, 0)), 0.0), vol(area.size(), 0.0);
  std::vector<int64_t> ntri(area.size(), 0);
  const double hx = 0.5 * sp[0], hy = 0.5 * sp[1], hz = 0.5 * sp[2];
#pragma omp parallel for schedule(dynamic, 1) if (ncz > 8)
  for (int64_t k = 0; k < ncz; ++k) {
    double a_sum = 0.0, v_sum = 0.0;
    int64_t t_sum = 0;
    for (int64_t j = 0; j + 1 < c.n[1]; ++j) {
      for (int64_t i = 0; i + 1 < c.n[0]; ++i) {
        const int cfg = c.at(i, j, k) | (c.at(i + 1, j, k) << 1) | (c.at(i, j + 1, k) << 2) |
                        (c.at(i + 1, j + 1, k) << 3) | (c.at(i, j, k + 1) << 4) | (c.at(i + 1, j, k + 1) << 5) |
                        (c.at(i, j + 1, k + 1) << 6) | (c.at(i + 1, j + 1, k + 1) << 7);
        if (cfg == 0 || cfg == 255) continue;
        for (const auto& p : offs.tris[static_cast<size_t>(cfg)]) {
          double q[3][3];
          for (int v = 0; v < 3; ++v) {
            q[v][0] = (2.0 * static_cast<double>(i) + p[static_cast<size_t>(3 * v)]) * hx;
            q[v][1] = (2.0 * static_cast<double>(j) + p[static_cast<size_t>(3 * v + 1)]) * hy;
            q[v][2] = (2.0 * static_cast<double>(k) + p[static_cast<size_t>(3 * v + 2)]) * hz;
          }
          const double ab[3] = {q[1][0] - q[0][0], q[1][1] - q[0][1], q[1][2] - q[0][2]};
          const double ac[3] = {q[2][0] - q[0][0], q[2][1] - q[0][1], q[2][2] - q[0][2]};
          const double cr[3] = {ab[1] * ac[2] - ab[2] * ac[1], ab[2] * ac[0] - ab[0] * ac[2],
                                ab[0] * ac[1] - ab[1] * ac[0]};
          a_sum += 0.5 * std::sqrt(cr[0] * cr[0] + cr[1] * cr[1] + cr[2] * cr[2]);
          // Signed tetrahedron (origin, a, b, c): a . (b x c) / 6.
          const double bc[3] = {q[1][1] * q[2][2] - q[1][2] * q[2][1], q[1][2] * q[2][0] - q[1][0] * q[2][2],
                                q[1][0] * q[2][1] - q[1][1] * q[2][0]};
          v_sum += (q[0][0] * bc[0] + q[0][1] * bc[1] + q[0][2] * bc[2]) / 6.0;
          ++t_sum;
        }
      }
    }
    area[static_cast<size_t>(k)] = a_sum;
    vol[static_cast<size_t>(k)] = v_sum;
    ntri[static_cast<size_t>(k)] = t_sum;
  }
  MeshMeasures m;
  int64_t nt = 0;
  for (size_t k = 0; k < area.size(); ++k) {
    m.surface_mm2 += area[k];
    m.volume_mm3 += vol[k];
    nt += ntri[k];
  }
  if (ntri_out) *ntri_out = nt;
  if (m.surface_mm2 > 0)
    m.sphericity = std::cbrt(M_PI) * std::pow(6.0 * m.volume_mm3, 2.0 / 3.0) / m.surface_mm2;
  return m;
}

// --- diameters ---------------------------------------------------------------------------------
using P3 = std::array<int32_t, 3>;  // doubled crop coordinates of a mesh vertex

int64_t cross2(const std::array<int32_t, 2>& o, const std::array<int32_t, 2>& a, const std::array<int32_t, 2>& b) {
  return static_cast<int64_t>(a[0] - o[0]) * (b[1] - o[1]) - static_cast<int64_t>(a[1] - o[1]) * (b[0] - o[0]);
}

// Indices (into pts) of the strict convex-hull vertices of 2D integer points (Andrew's monotone
// chain; collinear points are dropped). `order` holds the indices sorted by (x, y).
void hull2d(const std::vector<std::array<int32_t, 2>>& pts, std::vector<int32_t>& order, std::vector<int32_t>& hull) {
  hull.clear();
  const size_t n = order.size();
  if (n <= 2) {
    hull = order;
    return;
  }
  std::vector<int32_t> h(2 * n);
  size_t k = 0;
  for (size_t t = 0; t < n; ++t) {
    while (k >= 2 && cross2(pts[static_cast<size_t>(h[k - 2])], pts[static_cast<size_t>(h[k - 1])],
                            pts[static_cast<size_t>(order[t])]) <= 0)
      --k;
    h[k++] = order[t];
  }
  for (size_t t = n - 1, lower = k + 1; t-- > 0;) {
    while (k >= lower && cross2(pts[static_cast<size_t>(h[k - 2])], pts[static_cast<size_t>(h[k - 1])],
                                pts[static_cast<size_t>(order[t])]) <= 0)
      --k;
    h[k++] = order[t];
  }
  hull.assign(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(k - 1));
}

double dist2_mm(const P3& a, const P3& b, Vec3 sp) {
  // Doubled coordinates: half the difference times the spacing.
  const double dx = 0.5 * (a[0] - b[0]) * sp[0], dy = 0.5 * (a[1] - b[1]) * sp[1], dz = 0.5 * (a[2] - b[2]) * sp[2];
  return dx * dx + dy * dy + dz * dz;
}

MeshDiameters crop_diameters(const PaddedCrop& c, Vec3 sp, int64_t* nvert_out) {
  // Vertices: midpoints of lattice edges whose two voxels differ.
  std::vector<P3> verts;
  for (int64_t k = 0; k < c.n[2]; ++k)
    for (int64_t j = 0; j < c.n[1]; ++j)
      for (int64_t i = 0; i < c.n[0]; ++i) {
        const uint8_t v = c.at(i, j, k);
        const int32_t x = static_cast<int32_t>(2 * i), y = static_cast<int32_t>(2 * j), z = static_cast<int32_t>(2 * k);
        if (i + 1 < c.n[0] && c.at(i + 1, j, k) != v) verts.push_back({x + 1, y, z});
        if (j + 1 < c.n[1] && c.at(i, j + 1, k) != v) verts.push_back({x, y + 1, z});
        if (k + 1 < c.n[2] && c.at(i, j, k + 1) != v) verts.push_back({x, y, z + 1});
      }
  if (nvert_out) *nvert_out = static_cast<int64_t>(verts.size());
  MeshDiameters d;
  if (verts.size() < 2) return d;
  std::vector<uint8_t> on_hull(verts.size(), 0);
  double plane_max[3] = {0, 0, 0};
  for (int axis = 0; axis < 3; ++axis) {
    const int u = (axis + 1) % 3, w = (axis + 2) % 3;
    std::vector<int32_t> order(verts.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      const P3 &p = verts[static_cast<size_t>(a)], &q = verts[static_cast<size_t>(b)];
      if (p[axis] != q[axis]) return p[axis] < q[axis];
      if (p[u] != q[u]) return p[u] < q[u];
      return p[w] < q[w];
    });
    std::vector<std::array<int32_t, 2>> pts(verts.size());
    for (size_t t = 0; t < verts.size(); ++t) pts[t] = {verts[t][u], verts[t][w]};
    std::vector<int32_t> plane, hull;
    for (size_t s = 0; s < order.size();) {
      size_t e = s;
      while (e < order.size() && verts[static_cast<size_t>(order[e])][axis] == verts[static_cast<size_t>(order[s])][axis]) ++e;
      plane.assign(order.begin() + static_cast<std::ptrdiff_t>(s), order.begin() + static_cast<std::ptrdiff_t>(e));
      hull2d(pts, plane, hull);
      for (int32_t h : hull) on_hull[static_cast<size_t>(h)] |= static_cast<uint8_t>(1 << axis);
      for (size_t a = 0; a < hull.size(); ++a)
        for (size_t b = a + 1; b < hull.size(); ++b)
          plane_max[axis] = std::max(plane_max[axis], dist2_mm(verts[static_cast<size_t>(hull[a])], verts[static_cast<size_t>(hull[b])], sp));
      s = e;
    }
  }
  // A vertex of the 3D hull is a vertex of the 2D hull of each of its three axis planes.
  std::vector<P3> cand;
  for (size_t t = 0; t < verts.size(); ++t)
    if (on_hull[t] == 7) cand.push_back(verts[t]);
  double best = 0.0;
  const int64_t m = static_cast<int64_t>(cand.size());
#pragma omp parallel for schedule(dynamic, 64) reduction(max : best) if (m > 2000)
  for (int64_t a = 0; a < m; ++a)
    for (int64_t b = a + 1; b < m; ++b) best = std::max(best, dist2_mm(cand[static_cast<size_t>(a)], cand[static_cast<size_t>(b)], sp));
  d.max_3d = std::sqrt(best);
  d.max_2d_row = std::sqrt(plane_max[0]);     // same x
  d.max_2d_column = std::sqrt(plane_max[1]);  // same y
  d.max_2d_slice = std::sqrt(plane_max[2]);   // same z
  return d;
}

Box mask_box(const uint8_t* mask, Size3 size) {
  Box b;
  for (int64_t k = 0; k < size[2]; ++k)
    for (int64_t j = 0; j < size[1]; ++j) {
      const uint8_t* row = mask + size[0] * (j + size[1] * k);
      for (int64_t i = 0; i < size[0]; ++i)
        if (row[i]) b.add(i, j, k);
    }
  return b;
}

}  // namespace

MeshResult mesh_analyse(const uint8_t* mask, Size3 size, Vec3 spacing, bool with_diameters) {
  MeshResult r;
  const Box b = mask_box(mask, size);
  if (b.empty()) return r;
  const PaddedCrop c = make_crop(b, size, [mask](int64_t v) { return mask[v] != 0; });
  r.measures = crop_measures(c, spacing, &r.num_triangles);
  if (with_diameters) r.diameters = crop_diameters(c, spacing, &r.num_vertices);
  return r;
}

MeshMeasures mesh_measures(const uint8_t* mask, Size3 size, Vec3 spacing) {
  return mesh_analyse(mask, size, spacing, false).measures;
}

std::vector<MeshMeasures> mesh_measures_per_label(const int32_t* labels, int32_t n, Size3 size, Vec3 spacing) {
  std::vector<MeshMeasures> out(static_cast<size_t>(std::max(n, 0)));
  if (n <= 0) return out;
  std::vector<Box> boxes(static_cast<size_t>(n));
  for (int64_t k = 0; k < size[2]; ++k)
    for (int64_t j = 0; j < size[1]; ++j) {
      const int32_t* row = labels + size[0] * (j + size[1] * k);
      for (int64_t i = 0; i < size[0]; ++i)
        if (row[i] >= 1 && row[i] <= n) boxes[static_cast<size_t>(row[i] - 1)].add(i, j, k);
    }
#pragma omp parallel for schedule(dynamic, 1)
  for (int32_t l = 1; l <= n; ++l) {
    const Box& b = boxes[static_cast<size_t>(l - 1)];
    if (b.empty()) continue;
    const PaddedCrop c = make_crop(b, size, [labels, l](int64_t v) { return labels[v] == l; });
    out[static_cast<size_t>(l - 1)] = crop_measures(c, spacing, nullptr);
  }
  return out;
}

}  // namespace rimscan::features
