#pragma once
// Separable Gaussian convolution: the per-voxel math shared by the CPU and CUDA backends.
// Boundary rule: replicate the edge voxel (clamp the index). Taps are summed in order
// -r..r in float, without FMA contraction, so both backends produce identical bits.
#include <cstdint>

#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail {

// One output sample of a 1D convolution along a line: the line starts at `base` and steps by
// `stride`; `pos` is the position along it (0..len-1); w has 2r+1 taps.
RIMSCAN_HD inline float convolve_line_at(const float* in, int64_t base, int64_t stride, int64_t len,
                                         int64_t pos, const float* w, int r) {
  float acc = 0.0f;
  for (int t = -r; t <= r; ++t) {
    int64_t q = pos + t;
    q = q < 0 ? 0 : (q >= len ? len - 1 : q);
    acc += w[t + r] * in[base + q * stride];
  }
  return acc;
}

}  // namespace rimscan::kernels::detail
