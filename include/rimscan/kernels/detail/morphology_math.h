#pragma once
// One-voxel binary morphology: the per-voxel neighbourhood test shared by the CPU and CUDA
// backends (docs/kernels.md#morphology).
#include <cstdint>

#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail::morph {

// Counts, for voxel (i, j, k), its in-grid neighbours under connectivity `conn` (6, 18, 26)
// that are in the mask, and whether any neighbour falls outside the grid.
struct Neighbourhood {
  int in_mask;
  int in_grid;
  bool touches_outside;
};

RIMSCAN_HD inline Neighbourhood scan_neighbours(const uint8_t* mask, int64_t nx, int64_t ny, int64_t nz, int64_t i,
                                                int64_t j, int64_t k, int conn) {
  Neighbourhood r{0, 0, false};
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int l1 = (dx != 0) + (dy != 0) + (dz != 0);
        if (l1 == 0 || (conn == 6 && l1 > 1) || (conn == 18 && l1 > 2)) continue;
        const int64_t a = i + dx, b = j + dy, c = k + dz;
        if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) {
          r.touches_outside = true;
          continue;
        }
        ++r.in_grid;
        if (mask[a + nx * (b + ny * c)] != 0) ++r.in_mask;
      }
  return r;
}

// OR over the given rows at column i (false outside the grid).
RIMSCAN_HD inline bool column_any(const uint8_t* const* rows, int nrows, int64_t nx, int64_t i) {
  if (i < 0 || i >= nx) return false;
  uint8_t a = 0;
  for (int r = 0; r < nrows; ++r) a |= rows[r][i];
  return a != 0;
}

// 26-neighbour dilation of voxels i0..i1-1 of the x row (j, k): out[v] = 1 where any in-grid
// voxel of the 3x3x3 block centred on v is in the mask (v included), exactly what
// scan_neighbours gives for conn 26. The OR of each column over the (up to) nine rows of the
// block is shared by three neighbouring outputs, so every mask byte is read about 9 times per
// row piece instead of 27 times, with no per-neighbour bounds tests.
RIMSCAN_HD inline void dilate26_row_piece(const uint8_t* mask, uint8_t* out, int64_t nx, int64_t ny, int64_t nz,
                                          int64_t i0, int64_t i1, int64_t j, int64_t k) {
  const uint8_t* rows[9];
  int nrows = 0;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy) {
      const int64_t b = j + dy, c = k + dz;
      if (b < 0 || c < 0 || b >= ny || c >= nz) continue;
      rows[nrows++] = mask + nx * (b + ny * c);
    }
  uint8_t* o = out + nx * (j + ny * k);
  bool left = column_any(rows, nrows, nx, i0 - 1), mid = column_any(rows, nrows, nx, i0);
  for (int64_t i = i0; i < i1; ++i) {
    const bool right = column_any(rows, nrows, nx, i + 1);
    o[i] = (left || mid || right) ? uint8_t{1} : uint8_t{0};
    left = mid;
    mid = right;
  }
}

// Distance (mm) from voxel centre (i, j, k) to the nearest voxel centre just outside the grid.
RIMSCAN_HD inline double distance_to_grid_outside(const int64_t n[3], const double sp[3], int64_t i, int64_t j,
                                                  int64_t k) {
  const int64_t c[3] = {i, j, k};
  double best = 1e300;
  for (int a = 0; a < 3; ++a) {
    const double lo = static_cast<double>(c[a] + 1) * sp[a];
    const double hi = static_cast<double>(n[a] - c[a]) * sp[a];
    best = lo < best ? lo : best;
    best = hi < best ? hi : best;
  }
  return best;
}

}  // namespace rimscan::kernels::detail::morph
