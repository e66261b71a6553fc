#pragma once
// Intensity normalisation to normal-appearing white matter (docs/pipeline.md#normalisation).
//   1. A 4-component Gaussian mixture on the histogram of the T1c inside the mask (lesions
//      excluded when a mask of them is known) finds the white-matter class: the brightest
//      component holding at least 15 % of the voxels (the brightest of all is usually the
//      enhancing/vessel tail).
//   2. A smooth white-matter reference field W(x) is estimated on a coarse grid by normalised
//      convolution (Gaussian of T1c*wm over Gaussian of wm), which absorbs a multiplicative
//      bias field; twice, the second time from voxels within 15 % of the first field.
//   3. I_n = T1c / W, rescaled so that the median of I_n over the white-matter voxels is 1.
// Independent of scanner scaling (a ratio) and robust to smooth bias (the field follows it).
#include <algorithm>
#include <cmath>
#include <vector>

#include "pipeline/device_ops.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/par/hd.h"
#include "rimscan/pipeline/params.h"

namespace rimscan::pipeline {

struct NormalisationResult {
  double nawm_median_raw = 0;
  int64_t nawm_voxels = 0;
  double field_p5 = 1, field_p95 = 1;  // of W / median(W) over the mask
  double wm_class_fraction = 0;
  bool ok = false;
};

// Trilinear sample of a coarse grid at continuous coarse index (x, y, z), clamped at edges.
RIMSCAN_HD inline float trilinear_clamped(const float* g, int64_t cx, int64_t cy, int64_t cz, double x, double y,
                                          double z) {
  x = x < 0 ? 0 : (x > cx - 1 ? cx - 1 : x);
  y = y < 0 ? 0 : (y > cy - 1 ? cy - 1 : y);
  z = z < 0 ? 0 : (z > cz - 1 ? cz - 1 : z);
  const int64_t x0 = static_cast<int64_t>(x), y0 = static_cast<int64_t>(y), z0 = static_cast<int64_t>(z);
  const int64_t x1 = x0 + 1 < cx ? x0 + 1 : x0, y1 = y0 + 1 < cy ? y0 + 1 : y0, z1 = z0 + 1 < cz ? z0 + 1 : z0;
  const double fx = x - x0, fy = y - y0, fz = z - z0;
  auto at = [&](int64_t i, int64_t j, int64_t k) { return static_cast<double>(g[i + cx * (j + cy * k)]); };
  const double c00 = at(x0, y0, z0) * (1 - fx) + at(x1, y0, z0) * fx;
  const double c10 = at(x0, y1, z0) * (1 - fx) + at(x1, y1, z0) * fx;
  const double c01 = at(x0, y0, z1) * (1 - fx) + at(x1, y0, z1) * fx;
  const double c11 = at(x0, y1, z1) * (1 - fx) + at(x1, y1, z1) * fx;
  const double c0 = c00 * (1 - fy) + c10 * fy, c1 = c01 * (1 - fy) + c11 * fy;
  return static_cast<float>(c0 * (1 - fz) + c1 * fz);
}

// field[v] = smooth white-matter reference at v: normalised convolution of img over the wm
// voxels on a coarse grid (blocks of about grid_mm), blended towards `fallback` where there is
// little white matter nearby.
template <class B>
void wm_reference_field(const B& be, const float* img, const uint8_t* wm, float* field, Size3 size, Vec3 spacing,
                        double grid_mm, double sigma_mm, float fallback) {
  const int64_t n = size[0] * size[1] * size[2];
  int64_t f[3], cs[3];
  Vec3 cspacing;
  for (int a = 0; a < 3; ++a) {
    f[a] = std::max<int64_t>(1, static_cast<int64_t>(std::lround(grid_mm / spacing[a])));
    cs[a] = (size[a] + f[a] - 1) / f[a];
    cspacing[a] = spacing[a] * static_cast<double>(f[a]);
  }
  const int64_t nc = cs[0] * cs[1] * cs[2];
  F32<B> num(be, nc), den(be, nc), num_s(be, nc), den_s(be, nc), tmp(be, nc);
  float* pn = num.data();
  float* pd = den.data();
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const int64_t fx = f[0], fy = f[1], fz = f[2], cx = cs[0], cy = cs[1], cz = cs[2];
  // Block sums in a fixed order (deterministic), as means over the block's voxels.
  be.for_each(nc, RIMSCAN_LAMBDA(int64_t c) {
    const int64_t bi = c % cx, bj = (c / cx) % cy, bk = c / (cx * cy);
    double sn = 0, sd = 0;
    int64_t cnt = 0;
    for (int64_t k = bk * fz; k < (bk + 1) * fz && k < nz; ++k)
      for (int64_t j = bj * fy; j < (bj + 1) * fy && j < ny; ++j)
        for (int64_t i = bi * fx; i < (bi + 1) * fx && i < nx; ++i) {
          const int64_t v = i + nx * (j + ny * k);
          ++cnt;
          if (wm[v]) {
            sn += img[v];
            sd += 1.0;
          }
        }
    pn[c] = static_cast<float>(sn / static_cast<double>(cnt));
    pd[c] = static_cast<float>(sd / static_cast<double>(cnt));
  });
  const Size3 csize{cx, cy, cz};
  kernels::gaussian_filter(be, num.data(), num_s.data(), tmp.data(), csize, cspacing, sigma_mm);
  kernels::gaussian_filter(be, den.data(), den_s.data(), tmp.data(), csize, cspacing, sigma_mm);
  // Where the smoothed wm density falls towards 0 the ratio blends into the global level.
  const float eps = 0.02f;
  float* pns = num_s.data();
  const float* pds = den_s.data();
  be.for_each(nc, RIMSCAN_LAMBDA(int64_t c) { pns[c] = (pns[c] + eps * fallback) / (pds[c] + eps); });
  const float* coarse = num_s.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    // Coarse cell c covers fine indices [c f, (c+1) f); its centre is at c f + (f - 1) / 2.
    const double x = (static_cast<double>(i) - 0.5 * static_cast<double>(fx - 1)) / static_cast<double>(fx);
    const double y = (static_cast<double>(j) - 0.5 * static_cast<double>(fy - 1)) / static_cast<double>(fy);
    const double z = (static_cast<double>(k) - 0.5 * static_cast<double>(fz - 1)) / static_cast<double>(fz);
    field[v] = trilinear_clamped(coarse, cx, cy, cz, x, y, z);
  });
}

// Writes I_n into `out`. `exclude` (may be nullptr) marks voxels kept out of the statistics
// (a known lesion mask). `wm_out` receives the final white-matter reference mask.
template <class B>
NormalisationResult normalise_to_wm(const B& be, const float* img, const uint8_t* mask, const uint8_t* exclude,
                                    float* out, uint8_t* wm_out, Size3 size, Vec3 spacing, const AnalysisParams& p) {
  const int64_t n = size[0] * size[1] * size[2];
  NormalisationResult r;
  U8<B> region(be, n);
  uint8_t* preg = region.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { preg[v] = (mask[v] && !(exclude && exclude[v])) ? 1 : 0; });
  const int64_t n_region = count_nonzero(be, preg, n);
  if (n_region < 100) return r;
  std::vector<double> q = masked_quantiles(be, img, preg, n, {0.005, 0.995});
  Histogram h = masked_histogram(be, img, preg, n, q[0], q[1], 512);
  std::vector<GaussianComponent> comp = fit_mixture(h, {0.1, 0.4, 0.7, 0.97});
  size_t wm_c = 0;
  for (size_t c = 0; c < comp.size(); ++c)
    if (comp[c].weight >= 0.15) wm_c = c;
  const float mu = static_cast<float>(comp[wm_c].mean), half = static_cast<float>(1.5 * comp[wm_c].sd);
  r.wm_class_fraction = comp[wm_c].weight;

  // First white-matter mask from the class; field from it.
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const float d = img[v] - mu;
    wm_out[v] = (preg[v] && d > -half && d < half) ? 1 : 0;
  });
  F32<B> field(be, n);
  float* pf = field.data();
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> med = masked_quantiles(be, img, wm_out, n, {0.5});
    if (med.empty()) return r;
    wm_reference_field(be, img, wm_out, pf, size, spacing, p.bias_grid_mm, p.bias_sigma_mm, static_cast<float>(med[0]));
    // Refine: white matter = class voxels within 15 % of the local reference.
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
      const float ratio = pf[v] > 0 ? img[v] / pf[v] : 0.0f;
      wm_out[v] = (preg[v] && ratio > 0.85f && ratio < 1.15f) ? 1 : 0;
    });
  }
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { out[v] = pf[v] > 0 ? img[v] / pf[v] : 0.0f; });
  std::vector<double> mo = masked_quantiles(be, out, wm_out, n, {0.5});
  std::vector<double> mr = masked_quantiles(be, img, wm_out, n, {0.5});
  if (mo.empty() || !(mo[0] > 0)) return r;
  const float scale = static_cast<float>(1.0 / mo[0]);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { out[v] *= scale; });
  r.nawm_median_raw = mr[0];
  r.nawm_voxels = count_nonzero(be, wm_out, n);
  std::vector<double> fq = masked_quantiles(be, pf, mask, n, {0.05, 0.5, 0.95});
  if (fq.size() == 3 && fq[1] > 0) {
    r.field_p5 = fq[0] / fq[1];
    r.field_p95 = fq[2] / fq[1];
  }
  r.ok = true;
  return r;
}

}  // namespace rimscan::pipeline
