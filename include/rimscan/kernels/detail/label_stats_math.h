#pragma once
// Per-label statistics: the per-segment math shared by the CPU and CUDA backends
// (docs/kernels.md#label-statistics). Voxels are sorted by the 64-bit key
// (label << 32) | float_order_key(value), so each label is one contiguous segment in
// increasing value order; statistics are then read off the segments.
#include <cstdint>

#include "rimscan/kernels/types.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail::label_stats {

// Values summed in blocks of this many sorted positions per label, blocks combined in order:
// the summation order is fixed by the data alone, so sums are identical on every backend and
// for any thread count.
inline constexpr int64_t kSumBlock = 4096;

RIMSCAN_HD inline uint64_t make_key(int32_t label, float value) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(label)) << 32) | par::float_order_key(value);
}
RIMSCAN_HD inline int32_t key_label(uint64_t key) { return static_cast<int32_t>(key >> 32); }
RIMSCAN_HD inline float key_value(uint64_t key) {
  return par::float_from_order_key(static_cast<uint32_t>(key & 0xffffffffu));
}

// Quantile q of the sorted segment keys[first .. first+count-1]: linear interpolation at
// h = q (count - 1) between the neighbouring order statistics (numpy's default "linear"
// method), a + (b - a) (h - floor h) in double, rounded to float.
RIMSCAN_HD inline float segment_quantile(const uint64_t* keys, int64_t first, int64_t count, double q) {
  const double h = q * static_cast<double>(count - 1);
  int64_t lo = static_cast<int64_t>(h);  // h >= 0
  if (lo > count - 1) lo = count - 1;
  const int64_t hi = lo + 1 < count ? lo + 1 : count - 1;
  const double a = key_value(keys[first + lo]), b = key_value(keys[first + hi]);
  return static_cast<float>(a + (b - a) * (h - static_cast<double>(lo)));
}

// Partial sums over one block of sorted positions of one label.
struct Partial {
  double sum, sum_sq;
  int64_t sum_idx[3];
  int32_t lo[3], hi[3];
};

RIMSCAN_HD inline Partial block_partial(const uint64_t* keys, const int64_t* voxel, int64_t begin, int64_t end,
                                        int64_t nx, int64_t ny) {
  Partial p{0.0, 0.0, {0, 0, 0}, {INT32_MAX, INT32_MAX, INT32_MAX}, {-1, -1, -1}};
  for (int64_t s = begin; s < end; ++s) {
    const double x = key_value(keys[s]);
    p.sum += x;
    p.sum_sq += x * x;
    const int64_t v = voxel[s];
    const int32_t c[3] = {static_cast<int32_t>(v % nx), static_cast<int32_t>((v / nx) % ny),
                          static_cast<int32_t>(v / (nx * ny))};
    for (int a = 0; a < 3; ++a) {
      p.sum_idx[a] += c[a];
      p.lo[a] = c[a] < p.lo[a] ? c[a] : p.lo[a];
      p.hi[a] = c[a] > p.hi[a] ? c[a] : p.hi[a];
    }
  }
  return p;
}

// Index of the label (0-based) owning work item `item`, given block_start[l] = first item
// of label l (l = 0..n_labels, non-decreasing, block_start[n_labels] = total items).
RIMSCAN_HD inline int32_t owner_of(const int64_t* block_start, int32_t n_labels, int64_t item) {
  int32_t lo = 0, hi = n_labels;  // answer in [lo, hi)
  while (hi - lo > 1) {
    const int32_t mid = lo + (hi - lo) / 2;
    if (block_start[mid] <= item) lo = mid;
    else hi = mid;
  }
  return lo;
}

}  // namespace rimscan::kernels::detail::label_stats
