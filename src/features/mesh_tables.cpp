// Marching-cubes triangle table, derived from first principles at start-up rather than typed
// in: for each of the 256 corner configurations, every face of the cube is cut by segments
// joining its edge crossings, the segments are chained into closed loops around the cube, and
// each loop is fanned into triangles.
//
// Geometry of one cube: corner c = x + 2y + 4z (x, y, z in {0, 1}); edge e = 4 * axis + u + 2v
// joins the two corners that differ along `axis`, (u, v) being the corner's coordinates on the
// other two axes in increasing axis order.
//
// Orientation: faces are walked counter-clockwise as seen from outside the cube; on each face a
// segment runs from the crossing where the walk enters the inside to the one where it leaves.
// A cube edge is walked in opposite directions by its two faces, so every crossing is the head
// of one segment and the tail of the next: the loops close and all triangles share one
// orientation, then flipped once so that normals point out of the mask.
// Ambiguous faces (two diagonal corners inside) separate the inside corners, the choice that
// keeps adjacent cubes consistent (it depends only on the face's four corners), so the whole
// mesh is closed.
#include <array>
#include <limits>
#include <vector>

#include "rimscan/error.h"
#include "rimscan/features/mesh.h"

namespace rimscan::features {
namespace {

int corner_coord(int c, int axis) { return (c >> axis) & 1; }

// +1 or -1: which way the walk orientation encloses the inside (set from the one-corner case).
long kVolumeSign = 1;

int edge_between(int a, int b) {
  const int diff = a ^ b;
  const int axis = diff == 1 ? 0 : (diff == 2 ? 1 : 2);
  const int lo = a & ~diff;
  int u = 0, v = 0, k = 0;
  for (int ax = 0; ax < 3; ++ax) {
    if (ax == axis) continue;
    (k == 0 ? u : v) = corner_coord(lo, ax);
    ++k;
  }
  return 4 * axis + u + 2 * v;
}

// The four corners of face (axis, side), counter-clockwise seen from outside.
std::array<int, 4> face_corners(int axis, int side) {
  const int b = (axis + 1) % 3, c = (axis + 2) % 3;
  const int uv[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  std::array<int, 4> q{};
  for (int t = 0; t < 4; ++t) q[t] = (side << axis) | (uv[t][0] << b) | (uv[t][1] << c);
  if (side == 0) std::swap(q[1], q[3]);  // seen from the -axis side the order reverses
  return q;
}

// Doubled coordinates of the midpoint of edge e.
std::array<int, 3> edge_mid2(int e) {
  int c0 = 0, c1 = 0;
  marching_cubes_edge_corners(e, &c0, &c1);
  return {corner_coord(c0, 0) + corner_coord(c1, 0), corner_coord(c0, 1) + corner_coord(c1, 1),
          corner_coord(c0, 2) + corner_coord(c1, 2)};
}

// Six times the signed volume of the tetrahedron (origin, a, b, c), doubled coordinates.
long tet6(const std::array<int, 3>& a, const std::array<int, 3>& b, const std::array<int, 3>& c) {
  return static_cast<long>(a[0]) * (b[1] * c[2] - b[2] * c[1]) - static_cast<long>(a[1]) * (b[0] * c[2] - b[2] * c[0]) +
         static_cast<long>(a[2]) * (b[0] * c[1] - b[1] * c[0]);
}

// Triangulates a closed loop of edge crossings (in walk order) so that the enclosed signed
// volume is largest: of the ways to split a non-planar polygon, the one that bulges towards the
// outside corners (dynamic programming over the polygon's diagonals; ties take the first split).
// The walk orientation of build_table() is inside-on-the-left; the global flip happens later, so
// "largest" is taken in the walk's own sign convention and checked by the unit tests.
void triangulate_loop(const std::vector<int>& loop, std::vector<int>& tris) {
  const int k = static_cast<int>(loop.size());
  if (k < 3) return;
  std::vector<std::array<int, 3>> p;
  for (int e : loop) p.push_back(edge_mid2(e));
  const long kNone = std::numeric_limits<long>::min();
  std::vector<long> best(static_cast<size_t>(k * k), 0);
  std::vector<int> split(static_cast<size_t>(k * k), -1);
  for (int len = 2; len < k; ++len)
    for (int i = 0; i + len < k; ++i) {
      const int j = i + len;
      long b = kNone;
      for (int m = i + 1; m < j; ++m) {
        const long v = best[static_cast<size_t>(i * k + m)] + best[static_cast<size_t>(m * k + j)] +
                       kVolumeSign * tet6(p[static_cast<size_t>(i)], p[static_cast<size_t>(m)], p[static_cast<size_t>(j)]);
        if (v > b) b = v, split[static_cast<size_t>(i * k + j)] = m;
      }
      best[static_cast<size_t>(i * k + j)] = b;
    }
  std::vector<std::pair<int, int>> stack = {{0, k - 1}};
  while (!stack.empty()) {
    auto [i, j] = stack.back();
    stack.pop_back();
    if (j - i < 2) continue;
    const int m = split[static_cast<size_t>(i * k + j)];
    tris.push_back(loop[static_cast<size_t>(i)]);
    tris.push_back(loop[static_cast<size_t>(m)]);
    tris.push_back(loop[static_cast<size_t>(j)]);
    stack.push_back({i, m});
    stack.push_back({m, j});
  }
}

std::vector<int> triangles_for(int config) {
  auto inside = [config](int c) { return (config >> c) & 1; };
  int next[12];
  for (int& n : next) n = -1;
  for (int axis = 0; axis < 3; ++axis) {
    for (int side = 0; side < 2; ++side) {
      const auto q = face_corners(axis, side);
      int enter[2], leave[2], ne = 0, nl = 0;
      int enter_pos[2], leave_pos[2];
      for (int t = 0; t < 4; ++t) {
        const int a = q[t], b = q[(t + 1) % 4];
        if (inside(a) == inside(b)) continue;
        if (inside(b)) {
          enter_pos[ne] = t;
          enter[ne++] = edge_between(a, b);
        } else {
          leave_pos[nl] = t;
          leave[nl++] = edge_between(a, b);
        }
      }
      if (ne == 1) {
        next[enter[0]] = leave[0];
      } else if (ne == 2) {
        // Separate the inside corners: each entering crossing joins the leaving crossing just
        // after it along the walk (the pair that encloses one inside corner).
        for (int s = 0; s < 2; ++s) {
          const int want = (enter_pos[s] + 1) % 4;
          next[enter[s]] = leave_pos[0] == want ? leave[0] : leave[1];
        }
      }
    }
  }
  std::vector<int> tris;
  bool used[12] = {false};
  for (int start = 0; start < 12; ++start) {
    if (next[start] < 0 || used[start]) continue;
    std::vector<int> loop;
    for (int e = start; !used[e]; e = next[e]) {
      used[e] = true;
      loop.push_back(e);
      RIMSCAN_ASSERT(next[e] >= 0, "marching cubes: open loop");
    }
    triangulate_loop(loop, tris);
  }
  return tris;
}

// +1 when the walk orientation makes the one-corner triangle face away from its inside corner.
long walk_outward_sign() {
  const std::vector<int> t = triangles_for(1);
  const auto a = edge_mid2(t[0]), b = edge_mid2(t[1]), c = edge_mid2(t[2]);
  const long ab[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
  const long ac[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
  const long n[3] = {ab[1] * ac[2] - ab[2] * ac[1], ab[2] * ac[0] - ab[0] * ac[2], ab[0] * ac[1] - ab[1] * ac[0]};
  const long outward = n[0] * a[0] + n[1] * a[1] + n[2] * a[2];  // corner 0 is the origin
  return outward < 0 ? -1 : 1;
}

std::vector<std::vector<int>> build_table() {
  kVolumeSign = walk_outward_sign();
  std::vector<std::vector<int>> table(256);
  for (int c = 0; c < 256; ++c) table[static_cast<size_t>(c)] = triangles_for(c);
  // Normals point out of the mask.
  if (kVolumeSign < 0)
    for (auto& tri : table)
      for (size_t k = 0; k + 2 < tri.size(); k += 3) std::swap(tri[k + 1], tri[k + 2]);
  return table;
}

}  // namespace

void marching_cubes_edge_corners(int e, int* c0, int* c1) {
  const int axis = e / 4, u = e & 1, v = (e >> 1) & 1;
  int lo = 0, k = 0;
  for (int ax = 0; ax < 3; ++ax) {
    if (ax == axis) continue;
    lo |= (k == 0 ? u : v) << ax;
    ++k;
  }
  *c0 = lo;
  *c1 = lo | (1 << axis);
}

const std::vector<std::vector<int>>& marching_cubes_triangles() {
  static const std::vector<std::vector<int>> table = build_table();
  return table;
}

}  // namespace rimscan::features
