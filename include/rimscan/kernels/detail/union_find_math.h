#pragma once
// Lock-free union-find on a parent array of voxel indices, shared by the CPU and CUDA backends
// (connected components, hole filling). Algorithm after Playne & Hawick (IEEE TPDS 2018) and
// Allegretti et al. (IEEE TPDS 2020):
//   * invariant p[x] <= x, and p[x] only ever decreases (atomic_min); a root has p[x] == x;
//   * the special node -1 ("outside", used by hole filling) is smaller than every voxel, so it
//     is always a root and p[x] == -1 links x to it;
//   * unite links the larger root under the smaller one with atomic_min and retries when
//     another thread got there first, so every root is the smallest index of its tree and the
//     final partition does not depend on the order in which threads run.
// Reads during the merge use atomic loads (volatile on CUDA) so that no stale cached value
// is relied on for correctness; atomic_min's return value decides.
#include <cstdint>

#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail::union_find {

RIMSCAN_HD inline int32_t uf_find(const int32_t* p, int32_t x) {
  while (x >= 0) {
    const int32_t q = par::atomic_load(p + x);
    if (q == x) return x;
    x = q;
  }
  return x;
}

RIMSCAN_HD inline void uf_unite(int32_t* p, int32_t a, int32_t b) {
  for (;;) {
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a == b) return;
    if (a < b) {
      const int32_t old = par::atomic_min(p + b, a);
      if (old == b) return;
      b = old;  // b was no longer a root: its former parent must still be joined with a
    } else {
      const int32_t old = par::atomic_min(p + a, b);
      if (old == a) return;
      a = old;
    }
  }
}

// How voxels are joined. Runs along `run_axis` are linked to their first voxel at
// initialisation (one pass per line); the merge then joins each foreground voxel with
// foreground voxels of the "backward rows": lines parallel to run_axis displaced by
// row_delta, at run-axis offsets row_lo..row_hi. Every pair of adjacent lines appears in
// exactly one direction, so every adjacent pair of voxels is considered by one of its two ends.
struct UfPlan {
  int64_t n[3];
  int64_t stride[3];
  int run_axis;
  int nrows;
  int row_delta[4][3];
  int row_lo[4], row_hi[4];
  uint8_t invert;       // foreground = (mask != 0) != invert
  uint8_t border_axes;  // bit a set: foreground on the faces of axis a joins node -1
};

RIMSCAN_HD inline bool uf_fg(const uint8_t* mask, int64_t v, uint8_t invert) {
  return (mask[v] != 0) != (invert != 0);
}

// Voxels per work item of the merge: a short piece of one line along the run axis, so that
// coordinates are computed once per piece (integer division is slow on both backends) while
// pieces still give a GPU millions of independent items.
inline constexpr int64_t kUfChunk = 32;

// The merge of one piece of a line. A union is skipped when the same join already follows
// from another one (the neighbour's predecessor along the run axis is foreground and already
// joined, directly or through voxel v - 1), which leaves about one union per pair of touching
// runs.
RIMSCAN_HD inline void uf_merge_chunk(const uint8_t* mask, int32_t* p, const UfPlan& pl, int64_t item) {
  const int ra = pl.run_axis;
  const int o1 = ra == 0 ? 1 : 0;
  const int o2 = ra == 2 ? 1 : 2;
  const int64_t len = pl.n[ra], rs = pl.stride[ra];
  const int64_t chunks = (len + kUfChunk - 1) / kUfChunk;
  const int64_t line = item / chunks;
  const int64_t x0 = (item - line * chunks) * kUfChunk;
  const int64_t x1 = x0 + kUfChunk < len ? x0 + kUfChunk : len;
  const int64_t c1 = line % pl.n[o1];
  const int64_t c2 = line / pl.n[o1];
  const int64_t base = c1 * pl.stride[o1] + c2 * pl.stride[o2];
  // Start of each backward row on this line's neighbour, or -1 when it lies outside.
  int64_t row_base[4];
  for (int r = 0; r < pl.nrows; ++r) {
    const int64_t d1 = c1 + pl.row_delta[r][o1], d2 = c2 + pl.row_delta[r][o2];
    row_base[r] = (d1 < 0 || d1 >= pl.n[o1] || d2 < 0 || d2 >= pl.n[o2])
                      ? -1
                      : base + pl.row_delta[r][o1] * pl.stride[o1] + pl.row_delta[r][o2] * pl.stride[o2];
  }
  bool prev_fg = x0 > 0 && uf_fg(mask, base + (x0 - 1) * rs, pl.invert);
  for (int64_t x = x0; x < x1; ++x) {
    const int64_t v = base + x * rs;
    const bool fg = uf_fg(mask, v, pl.invert);
    if (fg) {
      for (int r = 0; r < pl.nrows; ++r) {
        if (row_base[r] < 0) continue;
        for (int dx = pl.row_lo[r]; dx <= pl.row_hi[r]; ++dx) {
          const int64_t cc = x + dx;
          if (cc < 0 || cc >= len) continue;
          const int64_t w = row_base[r] + cc * rs;
          if (!uf_fg(mask, w, pl.invert)) continue;
          const bool w_prev_fg = cc > 0 && uf_fg(mask, w - rs, pl.invert);
          if (w_prev_fg && (dx > pl.row_lo[r] || prev_fg)) continue;
          uf_unite(p, static_cast<int32_t>(v), static_cast<int32_t>(w));
        }
      }
    }
    prev_fg = fg;
  }
}

// Initialisation of one line along the run axis: every foreground voxel points at the first
// voxel of its run; a run touching a border face (when border_axes asks for it) is linked to
// node -1 through its first voxel.
RIMSCAN_HD inline void uf_init_line(const uint8_t* mask, int32_t* p, const UfPlan& pl, int64_t line) {
  const int ra = pl.run_axis;
  const int o1 = ra == 0 ? 1 : 0;
  const int o2 = ra == 2 ? 1 : 2;
  const int64_t c1 = line % pl.n[o1];
  const int64_t c2 = line / pl.n[o1];
  const int64_t base = c1 * pl.stride[o1] + c2 * pl.stride[o2];
  const int64_t rs = pl.stride[ra], len = pl.n[ra];
  bool line_border = false;
  if (pl.border_axes & (1u << o1)) line_border = line_border || c1 == 0 || c1 == pl.n[o1] - 1;
  if (pl.border_axes & (1u << o2)) line_border = line_border || c2 == 0 || c2 == pl.n[o2] - 1;
  const bool run_axis_border = (pl.border_axes & (1u << ra)) != 0;
  int64_t start = -1;
  bool touches = false;
  for (int64_t x = 0; x <= len; ++x) {
    const int64_t v = base + x * rs;
    const bool fg = x < len && uf_fg(mask, v, pl.invert);
    if (fg) {
      if (start < 0) {
        start = v;
        touches = line_border || (run_axis_border && x == 0);
      }
      if (run_axis_border && x == len - 1) touches = true;
      p[v] = static_cast<int32_t>(start);
    } else if (start >= 0) {
      if (touches) p[start] = -1;
      start = -1;
    }
  }
}

}  // namespace rimscan::kernels::detail::union_find
