#pragma once
// Intracranial mask when the user gives none (docs/pipeline.md#intracranial-mask). It must keep
// the CSF spaces and the pial surface, where leptomeningeal enhancement lives, so it is built
// as a closed envelope of the brain rather than a tight brain mask.
//   skull-stripped input: the non-background region, holes filled, closed, filled in 3D and per
//                         slice;
//   skull-on input:       head = Otsu foreground, largest component, filled; brain level = the
//                         median intensity in a central ellipsoid of the head (semi-axes 25 %
//                         of its extent); tissue = head within [0.6, 1.5] x that level (CSF,
//                         bone and air below, scalp fat above); the brain is what of the
//                         tissue survives an 8 mm erosion (which cuts it from scalp and muscle
//                         across the skull even with 6 mm slices) in pieces of at least 5 mL
//                         that reach 25 mm deep into the head, grown back voxel by voxel inside
//                         tissue, closed by mask_closing_mm to take in sulcal CSF and the
//                         fissures, filled in 3D and per slice (the ventricles), and dilated by
//                         mask_csf_margin_mm to keep the outer CSF up to the inner table.
#include <algorithm>
#include <string>

#include "pipeline/device_ops.h"
#include "rimscan/kernels/fill_holes.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/kernels/label_stats.h"
#include "rimscan/log.h"
#include "rimscan/pipeline/case_result.h"
#include "rimscan/pipeline/params.h"

namespace rimscan::pipeline {

// out = fill_holes_3d(in) united with the per-slice 2D fills along each axis.
template <class B>
void fill_3d_and_slices(const B& be, const uint8_t* in, uint8_t* out, Size3 size) {
  const int64_t n = size[0] * size[1] * size[2];
  U8<B> tmp(be, n);
  uint8_t* pt = tmp.data();
  kernels::fill_holes_3d(be, in, out, size);
  for (int axis = 0; axis < 3; ++axis) {
    kernels::fill_holes_2d(be, in, pt, size, axis);
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { out[v] = (out[v] | pt[v]) ? 1 : 0; });
  }
}

struct SkullStripDecision {
  bool stripped = false;
  double background_fraction = 0;  // voxels exactly at the image minimum
  double foreground_ml = 0;        // volume above it
};

// A skull-stripped image has a large background exactly at its minimum around a region of
// brain size (< 2.3 L; a whole head with scalp is well above that).
template <class B>
SkullStripDecision detect_skull_stripped(const B& be, const float* img, Size3 size, Vec3 spacing) {
  const int64_t n = size[0] * size[1] * size[2];
  const float mn = be.transform_min(n, RIMSCAN_LAMBDA(int64_t v) { return img[v]; }, 3.0e38f);
  const int64_t at_min = be.count_if(n, RIMSCAN_LAMBDA(int64_t v) { return img[v] <= mn; });
  SkullStripDecision d;
  d.background_fraction = static_cast<double>(at_min) / static_cast<double>(n);
  d.foreground_ml = static_cast<double>(n - at_min) * spacing[0] * spacing[1] * spacing[2] / 1000.0;
  d.stripped = d.background_fraction > 0.25 && d.foreground_ml < 2300.0 && d.foreground_ml > 100.0;
  return d;
}

template <class B>
void intracranial_from_stripped(const B& be, const float* img, uint8_t* mask, Size3 size, Vec3 spacing,
                                const AnalysisParams& p) {
  const int64_t n = size[0] * size[1] * size[2];
  const float mn = be.transform_min(n, RIMSCAN_LAMBDA(int64_t v) { return img[v]; }, 3.0e38f);
  U8<B> a(be, n), b(be, n);
  uint8_t* pa = a.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pa[v] = img[v] > mn ? 1 : 0; });
  largest_component(be, a.data(), b.data(), size, kernels::Connectivity::k26);
  kernels::fill_holes_3d(be, b.data(), a.data(), size);
  kernels::close_mm(be, a.data(), b.data(), size, spacing, p.mask_closing_mm);
  fill_3d_and_slices(be, b.data(), mask, size);
}

template <class B>
void intracranial_from_head(const B& be, const float* img, uint8_t* mask, Size3 size, Vec3 spacing,
                            const AnalysisParams& p) {
  const int64_t n = size[0] * size[1] * size[2];
  F32<B> smooth(be, n), tmp(be, n);
  kernels::gaussian_filter(be, img, smooth.data(), tmp.data(), size, spacing, 1.0);
  const float* s = smooth.data();
  const float mn = be.transform_min(n, RIMSCAN_LAMBDA(int64_t v) { return s[v]; }, 3.0e38f);
  const float mx = be.transform_max(n, RIMSCAN_LAMBDA(int64_t v) { return s[v]; }, -3.0e38f);
  Histogram all = masked_histogram(be, s, static_cast<const uint8_t*>(nullptr), n, mn, mx, 512);
  // Clip the bright tail (fat, vessels) before Otsu so it does not pull the threshold up.
  const double hi = all.quantile(0.995);
  Histogram clipped = masked_histogram(be, s, static_cast<const uint8_t*>(nullptr), n, mn, hi, 512);
  const float t_head = static_cast<float>(otsu_threshold(clipped));

  U8<B> head(be, n), a(be, n), b(be, n);
  uint8_t* pa = a.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pa[v] = s[v] > t_head ? 1 : 0; });
  largest_component(be, a.data(), b.data(), size, kernels::Connectivity::k6);
  kernels::fill_holes_3d(be, b.data(), head.data(), size);

  // Brain intensity level: median in a central ellipsoid of the head.
  const int64_t nx = size[0], ny = size[1];
  const double cnt = static_cast<double>(count_nonzero(be, head.data(), n));
  const uint8_t* ph = head.data();
  double centre[3], half[3];
  for (int ax = 0; ax < 3; ++ax) {
    const int64_t stride = ax == 0 ? 1 : (ax == 1 ? nx : nx * ny), len = size[static_cast<size_t>(ax)];
    centre[ax] = be.transform_sum(n, RIMSCAN_LAMBDA(int64_t v)->double { return ph[v] ? static_cast<double>((v / stride) % len) : 0.0; }) /
                std::max(cnt, 1.0);
    const int64_t lo = be.transform_min(n, RIMSCAN_LAMBDA(int64_t v)->int64_t { return ph[v] ? (v / stride) % len : len; }, len);
    const int64_t hi2 = be.transform_max(n, RIMSCAN_LAMBDA(int64_t v)->int64_t { return ph[v] ? (v / stride) % len : int64_t{-1}; }, int64_t{-1});
    half[ax] = std::max(1.0, 0.25 * static_cast<double>(hi2 - lo + 1));
  }
  const double c0 = centre[0], c1 = centre[1], c2 = centre[2], h0 = half[0], h1 = half[1], h2 = half[2];
  uint8_t* pa0 = a.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const double x = (static_cast<double>(v % nx) - c0) / h0, y = (static_cast<double>((v / nx) % ny) - c1) / h1,
                 z = (static_cast<double>(v / (nx * ny)) - c2) / h2;
    pa0[v] = (ph[v] && x * x + y * y + z * z < 1.0) ? 1 : 0;
  });
  std::vector<double> level = masked_quantiles(be, s, pa0, n, {0.5});
  const float t_lo = static_cast<float>(0.6 * (level.empty() ? t_head : level[0]));
  const float t_hi = static_cast<float>(1.5 * (level.empty() ? t_head : level[0]));
  U8<B> tissue(be, n);
  uint8_t* pt = tissue.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pt[v] = (ph[v] && s[v] > t_lo && s[v] < t_hi) ? 1 : 0; });

  const double r_cut = 8.0;
  kernels::erode_mm(be, tissue.data(), a.data(), size, spacing, r_cut);
  // The erosion also separates brain pieces from each other (cerebellum, frontal lobes): keep
  // every piece that reaches deep into the head (>= 25 mm from its surface) and holds at least
  // 5 mL; scalp and muscle never reach that deep.
  {
    F32<B> depth(be, n);
    I32<B> lab(be, n);
    kernels::distance_to_outside(be, ph, depth.data(), size, spacing);
    const int32_t nl = kernels::label_components(be, a.data(), lab.data(), size, kernels::Connectivity::k6);
    std::vector<kernels::LabelStats> st = kernels::label_statistics(be, depth.data(), lab.data(), nl, size);
    std::vector<uint8_t> keep(static_cast<size_t>(nl) + 1, 0);
    size_t largest = 0;
    for (size_t q = 0; q < st.size(); ++q)
      if (st[q].count > st[largest].count) largest = q;
    const double vox_ml = spacing[0] * spacing[1] * spacing[2] / 1000.0;
    for (size_t q = 0; q < st.size(); ++q) {
      keep[q + 1] = (q == largest || (st[q].count * vox_ml >= 5.0 && st[q].max >= 25.0f)) ? 1 : 0;
      if (st[q].count * vox_ml >= 1.0)
        log::debug("intracranial mask: eroded piece " + std::to_string(q + 1) + ": " +
                   std::to_string(st[q].count * vox_ml) + " mL, depth " + std::to_string(st[q].max) + " mm" +
                   (keep[q + 1] ? " (brain)" : ""));
    }
    U8<B> d_keep(be, nl + 1);
    be.upload(keep.data(), d_keep.data(), nl + 1);
    const uint8_t* pk = d_keep.data();
    const int32_t* pl = lab.data();
    uint8_t* pb0 = b.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pb0[v] = pk[pl[v]]; });
  }
  // Grow the brain back geodesically inside the tissue (one voxel per step, so it follows the
  // gyri out to the cortex but cannot jump the skull), 20 mm beyond the erosion depth.
  const int steps = static_cast<int>(std::ceil((r_cut + 20.0) / std::min({spacing[0], spacing[1], spacing[2]})));
  uint8_t* pb = b.data();
  for (int it = 0; it < steps; ++it) {
    kernels::dilate_voxel(be, pb, pa, size, kernels::Connectivity::k26);
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pb[v] = (pa[v] && pt[v]) ? 1 : 0; });
  }
  be.copy(pb, pa, n);
  // Close over the sulci and fissures, fill the ventricles (in 3D they open to the cisterns, so
  // per-slice fills too), then keep a CSF margin outside the pial surface.
  kernels::close_mm(be, a.data(), b.data(), size, spacing, p.mask_closing_mm);
  fill_3d_and_slices(be, b.data(), a.data(), size);
  kernels::dilate_mm(be, a.data(), b.data(), size, spacing, p.mask_csf_margin_mm);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { mask[v] = (pb[v] && ph[v]) ? 1 : 0; });
}

// Builds the mask into `mask` and records how in qc.
template <class B>
void intracranial_mask_auto(const B& be, const float* img, uint8_t* mask, Size3 size, Vec3 spacing,
                            const AnalysisParams& p, CaseQc& qc) {
  bool stripped;
  if (p.skull_stripped == "yes" || p.skull_stripped == "no") {
    stripped = p.skull_stripped == "yes";
    qc.skull_stripped_source = "forced";
  } else {
    stripped = detect_skull_stripped(be, img, size, spacing).stripped;
    qc.skull_stripped_source = "auto";
  }
  qc.skull_stripped = stripped;
  if (stripped)
    intracranial_from_stripped(be, img, mask, size, spacing, p);
  else
    intracranial_from_head(be, img, mask, size, spacing, p);
}

}  // namespace rimscan::pipeline
