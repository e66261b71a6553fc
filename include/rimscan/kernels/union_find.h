#pragma once
// The passes of the parallel union-find shared by connected-component labelling (ccl.h) and
// hole filling (fill_holes.h), written once against the backend interface. Per-voxel math in
// detail/union_find_math.h.
#include <cstdint>
#include <string>

#include "rimscan/error.h"
#include "rimscan/geometry.h"
#include "rimscan/kernels/detail/union_find_math.h"
#include "rimscan/kernels/types.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

namespace ufd = detail::union_find;

namespace uf {

inline int64_t checked_voxels(Size3 size, const char* what) {
  for (int a = 0; a < 3; ++a)
    if (size[a] <= 0)
      throw Error(ErrorCode::kInputInvalid, std::string(what) + ": volume size must be positive on every axis");
  const int64_t n = size[0] * size[1] * size[2];
  if (n >= INT32_MAX)
    throw Error(ErrorCode::kTooLarge, std::string(what) + ": volume of " + std::to_string(n) +
                                          " voxels exceeds the 2^31-1 voxel limit of int32 labels");
  return n;
}

inline ufd::UfPlan base_plan(Size3 size) {
  ufd::UfPlan pl{};
  for (int a = 0; a < 3; ++a) pl.n[a] = size[a];
  pl.stride[0] = 1;
  pl.stride[1] = size[0];
  pl.stride[2] = size[0] * size[1];
  return pl;
}

// 3D adjacency: runs along x; backward rows (dy, dz) = (-1,0), (-1,-1), (0,-1), (1,-1).
inline ufd::UfPlan plan_3d(Size3 size, Connectivity conn) {
  ufd::UfPlan pl = base_plan(size);
  pl.run_axis = 0;
  const int rows[4][2] = {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
  int nr = 0;
  for (const auto& r : rows) {
    const int l1 = (r[0] != 0) + (r[1] != 0);  // |dy| + |dz| for these rows
    int reach;                                  // how far along x the row is adjacent
    if (conn == Connectivity::k26) reach = 1;
    else if (conn == Connectivity::k18) reach = l1 == 1 ? 1 : 0;
    else reach = l1 == 1 ? 0 : -1;
    if (reach < 0) continue;
    pl.row_delta[nr][0] = 0;
    pl.row_delta[nr][1] = r[0];
    pl.row_delta[nr][2] = r[1];
    pl.row_lo[nr] = -reach;
    pl.row_hi[nr] = reach;
    ++nr;
  }
  pl.nrows = nr;
  return pl;
}

// In-plane adjacency of the slices perpendicular to `axis`: runs along the first in-plane
// axis u, one backward row along the second in-plane axis w.
inline ufd::UfPlan plan_2d(Size3 size, int axis, bool eight_connected) {
  if (axis < 0 || axis > 2) throw Error(ErrorCode::kUsage, "slice axis must be 0, 1 or 2, got " + std::to_string(axis));
  ufd::UfPlan pl = base_plan(size);
  const int u = axis == 0 ? 1 : 0;
  const int w = axis == 2 ? 1 : 2;
  pl.run_axis = u;
  pl.nrows = 1;
  pl.row_delta[0][0] = pl.row_delta[0][1] = pl.row_delta[0][2] = 0;
  pl.row_delta[0][w] = -1;
  pl.row_lo[0] = eight_connected ? -1 : 0;
  pl.row_hi[0] = eight_connected ? 1 : 0;
  return pl;
}

// Parent array p (n entries) of the foreground of `mask` under plan pl: after this, two
// foreground voxels are connected iff uf_find gives the same root; with border_axes, roots
// of components touching those faces are -1.
template <class B>
void build_forest(const B& be, const uint8_t* mask, int32_t* p, const ufd::UfPlan& pl) {
  const int64_t n = pl.n[0] * pl.n[1] * pl.n[2];
  const int64_t lines = n / pl.n[pl.run_axis];
  const ufd::UfPlan plan = pl;
  be.for_each(lines, RIMSCAN_LAMBDA(int64_t line) { ufd::uf_init_line(mask, p, plan, line); });
  const int64_t items = lines * ((pl.n[pl.run_axis] + ufd::kUfChunk - 1) / ufd::kUfChunk);
  be.for_each(items, RIMSCAN_LAMBDA(int64_t item) { ufd::uf_merge_chunk(mask, p, plan, item); });
}

// labels[v] = 1..k for foreground voxels numbered in raster order of each component's first
// voxel (its root, the smallest index of the tree), 0 elsewhere; returns k. p is consumed.
template <class B>
int32_t canonical_labels(const B& be, const uint8_t* mask, uint8_t invert, int32_t* p, int32_t* labels, int64_t n) {
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    labels[v] = ufd::uf_fg(mask, v, invert) ? ufd::uf_find(p, static_cast<int32_t>(v)) : -1;
  });
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { p[v] = labels[v] == static_cast<int32_t>(v) ? 1 : 0; });
  const int32_t total = be.exclusive_scan(p, p, n);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const int32_t r = labels[v];
    labels[v] = r >= 0 ? p[r] + 1 : 0;
  });
  return total;
}

}  // namespace uf

}  // namespace rimscan::kernels
