#pragma once
// Per-voxel math of the radiomics matrices, shared by the CPU and CUDA backends.
#include <cmath>
#include <cstdint>

#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail {

// Grey level (1-based) of intensity x. Fixed width: floor((x - low) / width) + 1, the bin rule of
// pyradiomics (numpy.digitize on edges low + k * width) and of IBSI (with low = the ROI minimum).
// Fixed count: floor(count (x - min) / (max - min)) + 1, the maximum falling in bin `count`
// (pyradiomics' histogram edges with the last edge widened; IBSI 3.4.1). Double precision, so
// both backends agree exactly.
RIMSCAN_HD inline int32_t grey_level(float x, bool fixed_count, double low, double width, double min, double max,
                                     int32_t count) {
  const double xd = static_cast<double>(x);
  if (!fixed_count) return static_cast<int32_t>(floor((xd - low) / width)) + 1;
  if (!(max > min)) return count / 2 + 1;  // flat region: pyradiomics centres a unit range
  int32_t l = static_cast<int32_t>(floor(static_cast<double>(count) * (xd - min) / (max - min))) + 1;
  return l > count ? count : (l < 1 ? 1 : l);
}

// Voxel coordinates of linear index v in a grid of nx * ny * nz.
RIMSCAN_HD inline void unravel(int64_t v, int64_t nx, int64_t ny, int64_t* i, int64_t* j, int64_t* k) {
  *i = v % nx;
  *j = (v / nx) % ny;
  *k = v / (nx * ny);
}

// Linear index of (i, j, k) + offset, or -1 outside the grid.
RIMSCAN_HD inline int64_t neighbour(int64_t i, int64_t j, int64_t k, const int32_t* off, int64_t nx, int64_t ny,
                                    int64_t nz) {
  const int64_t a = i + off[0], b = j + off[1], c = k + off[2];
  if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) return -1;
  return a + nx * (b + ny * c);
}

// Union-find root with the parent array (roots point to themselves).
RIMSCAN_HD inline int32_t uf_find(const int32_t* parent, int32_t x) {
  int32_t p = par::atomic_load(parent + x);
  while (p != x) {
    x = p;
    p = par::atomic_load(parent + x);
  }
  return x;
}

// Joins the sets of a and b, linking the larger root under the smaller one, so that every root
// ends as the smallest index of its component whatever the order of the unions.
RIMSCAN_HD inline void uf_union(int32_t* parent, int32_t a, int32_t b) {
  for (;;) {
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a == b) return;
    const int32_t hi = a > b ? a : b, lo = a > b ? b : a;
    const int32_t old = par::atomic_cas(parent + hi, hi, lo);
    if (old == hi) return;
    a = old;
    b = lo;
  }
}

}  // namespace rimscan::kernels::detail
