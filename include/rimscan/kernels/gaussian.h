#pragma once
// Gaussian smoothing with a physical (mm) sigma on an anisotropic grid. Written once against the
// backend interface (include/rimscan/par/cpu_backend.h); instantiated for the CPU in the core
// and for CUDA in cuda/. Definition in docs/kernels.md.
#include <cmath>
#include <vector>

#include "rimscan/geometry.h"
#include "rimscan/kernels/detail/gaussian_math.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

// Normalised taps of a sampled Gaussian with sigma in voxels, truncated at `truncate` sigmas
// (at least one tap each side when sigma > 0). Computed on the host only, so both backends use
// the very same weights.
inline std::vector<float> gaussian_taps(double sigma_vox, double truncate = 3.0) {
  if (!(sigma_vox > 0)) return {1.0f};
  int r = static_cast<int>(std::ceil(truncate * sigma_vox));
  if (r < 1) r = 1;
  std::vector<double> w(static_cast<size_t>(2 * r + 1));
  double sum = 0;
  for (int t = -r; t <= r; ++t) {
    w[static_cast<size_t>(t + r)] = std::exp(-0.5 * (t * t) / (sigma_vox * sigma_vox));
    sum += w[static_cast<size_t>(t + r)];
  }
  std::vector<float> out(w.size());
  for (size_t i = 0; i < w.size(); ++i) out[i] = static_cast<float>(w[i] / sum);
  return out;
}

// One separable pass along `axis`: out = in (*) taps. Along x, one work item per voxel (the row
// is decoded with one division); along y and z, one work item per line, walking it with no
// index arithmetic (neighbouring items are neighbouring x, so memory access stays coalesced on
// the GPU and cache-friendly on the CPU). Every output sums its taps in the same order.
template <class B>
void convolve_axis(const B& be, const float* in, float* out, Size3 size, int axis, const float* taps_dev,
                   int radius) {
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  if (axis == 0) {
    be.for_each(nx * ny * nz, RIMSCAN_LAMBDA(int64_t v) {
      const int64_t row = v / nx, i = v - row * nx;
      out[v] = detail::convolve_line_at(in, row * nx, 1, nx, i, taps_dev, radius);
    });
    return;
  }
  const int64_t stride = axis == 1 ? nx : nx * ny;
  const int64_t len = axis == 1 ? ny : nz;
  // Lines along y: (i, k) pairs; along z: (i, j) pairs. base = first voxel of the line.
  const int64_t lines = axis == 1 ? nx * nz : nx * ny;
  be.for_each(lines, RIMSCAN_LAMBDA(int64_t l) {
    const int64_t outer = l / nx, i = l - outer * nx;
    const int64_t base = axis == 1 ? i + outer * nx * ny : i + outer * nx;
    for (int64_t pos = 0; pos < len; ++pos)
      out[base + pos * stride] = detail::convolve_line_at(in, base, stride, len, pos, taps_dev, radius);
  });
}

// out = in smoothed by a Gaussian of sigma_mm along each axis (sigma_mm / spacing voxels).
// `tmp` holds one volume of scratch. in and out must not alias.
template <class B>
void gaussian_filter(const B& be, const float* in, float* out, float* tmp, Size3 size, Vec3 spacing,
                     double sigma_mm, double truncate = 3.0) {
  const int64_t n = size[0] * size[1] * size[2];
  if (!(sigma_mm > 0)) {
    be.copy(in, out, n);
    return;
  }
  // x: in -> out, y: out -> tmp, z: tmp -> out.
  const float* src[3] = {in, out, tmp};
  float* dst[3] = {out, tmp, out};
  for (int axis = 0; axis < 3; ++axis) {
    std::vector<float> taps = gaussian_taps(sigma_mm / spacing[axis], truncate);
    const int radius = static_cast<int>(taps.size() / 2);
    par::ArrayOf<B, float> taps_dev(be, static_cast<int64_t>(taps.size()));
    be.upload(taps.data(), taps_dev.data(), static_cast<int64_t>(taps.size()));
    convolve_axis(be, src[axis], dst[axis], size, axis, taps_dev.data(), radius);
  }
}

}  // namespace rimscan::kernels
