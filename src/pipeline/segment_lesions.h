#pragma once
// Automatic segmentation of contrast-enhancing lesions and their enclosed cores
// (docs/pipeline.md#segmentation):
//   candidates  = intracranial, I_n smoothed above tau_E, outside the dura band at the mask's
//                 boundary (dura and the sinuses run there), not tubular (vessels);
//   components  = 26-connected components of the candidates after filling their enclosed holes
//                 (so a ring and its core are judged as one object);
//   attachments = thin structures are cut off compact objects: the filled candidates are opened
//                 by attachment_open_mm and candidates further than attachment_reach_mm from
//                 what survives are dropped (veins running into a lesion, isolated vessels);
//   dropped     = components that are small, mostly tubular, mostly inside the ventricles
//                 (choroid plexus), not compact (veins and sinuses: twice the inscribed radius
//                 over the volume-equivalent sphere diameter below min_compactness), or mostly
//                 in the surface band and not clearly compact (pial vessels, dura);
//   E           = the remaining enhancing voxels;
//   C           = (3D hole filling of E) united with per-slice 2D hole filling of E along each
//                 axis, minus E (a rim open at one pole still encloses its core in most slices).
#include <algorithm>
#include <cmath>
#include <vector>

#include "pipeline/device_ops.h"
#include "rimscan/kernels/fill_holes.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/kernels/hessian.h"
#include "rimscan/kernels/label_stats.h"
#include "rimscan/log.h"
#include "rimscan/pipeline/case_result.h"
#include "rimscan/pipeline/params.h"

namespace rimscan::pipeline {

// filled_core = (fill3d(e) | fill2d_x(e) | fill2d_y(e) | fill2d_z(e)) & ~e.
template <class B>
void enclosed_core(const B& be, const uint8_t* e, uint8_t* core, Size3 size) {
  const int64_t n = size[0] * size[1] * size[2];
  U8<B> tmp(be, n);
  uint8_t* pt = tmp.data();
  kernels::fill_holes_3d(be, e, core, size);
  for (int axis = 0; axis < 3; ++axis) {
    if (size[axis] < 1) continue;
    kernels::fill_holes_2d(be, e, pt, size, axis);
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { core[v] = (core[v] | pt[v]) ? 1 : 0; });
  }
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { core[v] = (core[v] && !e[v]) ? 1 : 0; });
}

// Ventricles: dark CSF at least 10 mm inside the mask, in components of at least 1 mL, dilated
// by 3 mm (the zone where choroid plexus lives). Written to `zone`; `dist_in` is the distance
// to the mask's outside.
template <class B>
void ventricle_zone(const B& be, const float* smooth_norm, const uint8_t* mask, const float* dist_in, uint8_t* vent,
                    uint8_t* zone, Size3 size, Vec3 spacing, float enhancement_threshold) {
  const int64_t n = size[0] * size[1] * size[2];
  U8<B> csf(be, n), opened(be, n);
  uint8_t* pc = csf.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pc[v] = (mask[v] && smooth_norm[v] < 0.55f && dist_in[v] > 10.0f) ? 1 : 0; });
  // Deep CSF also holds fissures and cisterns (thin sheets); an opening removes them so the
  // ventricles (thick) stay, and a short regrowth within the deep CSF restores their walls.
  kernels::open_mm(be, pc, opened.data(), size, spacing, 1.5);
  I32<B> labels(be, n);
  const int32_t nl = kernels::label_components(be, opened.data(), labels.data(), size, kernels::Connectivity::k6);
  std::vector<int64_t> counts(static_cast<size_t>(nl) + 1, 0);
  if (nl > 0) {
    par::ArrayOf<B, int64_t> d_counts(be, nl + 1);
    const int32_t* pl = labels.data();
    be.histogram(n, RIMSCAN_LAMBDA(int64_t v)->int64_t { return pl[v]; }, nl + 1, d_counts.data());
    be.download(d_counts.data(), counts.data(), nl + 1);
  }
  const double vox_ml = spacing[0] * spacing[1] * spacing[2] / 1000.0;
  std::vector<uint8_t> keep(static_cast<size_t>(nl) + 1, 0);
  for (int32_t l = 1; l <= nl; ++l) keep[static_cast<size_t>(l)] = counts[static_cast<size_t>(l)] * vox_ml >= 1.0;
  U8<B> d_keep(be, nl + 1);
  be.upload(keep.data(), d_keep.data(), nl + 1);
  const uint8_t* pk = d_keep.data();
  const int32_t* pl = labels.data();
  uint8_t* po = opened.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { po[v] = pk[pl[v]]; });
  // A necrotic core is dark, deep and thick too, but an enhancing rim encloses it; a ventricle is
  // walled by white matter. Drop the dark regions whose 2 mm outer shell is mostly enhancing.
  {
    U8<B> dil(be, n);
    uint8_t* pdil = dil.data();
    kernels::dilate_mm(be, po, pdil, size, spacing, 2.0);
    int32_t* plw = labels.data();
    const int32_t nd = kernels::label_components(be, pdil, plw, size, kernels::Connectivity::k26);
    if (nd > 0) {
      I32<B> shell_lab(be, n);
      F32<B> bright(be, n);
      int32_t* psl = shell_lab.data();
      float* pb = bright.data();
      const float tau = enhancement_threshold;
      be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
        const bool shell = pdil[v] && !po[v];
        psl[v] = shell ? plw[v] : 0;
        pb[v] = (shell && smooth_norm[v] > tau) ? 1.0f : 0.0f;
      });
      const auto st = kernels::label_statistics(be, pb, psl, nd, size);
      std::vector<uint8_t> walled(static_cast<size_t>(nd) + 1, 0);
      for (int32_t l = 1; l <= nd; ++l) walled[static_cast<size_t>(l)] = !(st[static_cast<size_t>(l - 1)].mean() >= 0.5) ? 1 : 0;
      U8<B> d_walled(be, nd + 1);
      be.upload(walled.data(), d_walled.data(), nd + 1);
      const uint8_t* pw = d_walled.data();
      be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { po[v] = (po[v] && pw[plw[v]]) ? 1 : 0; });
    }
  }
  kernels::dilate_mm(be, po, vent, size, spacing, 2.5);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { vent[v] = (vent[v] && pc[v]) ? 1 : 0; });
  kernels::dilate_mm(be, vent, zone, size, spacing, 3.0);
}

struct SegmentationScratch {
  // Outputs the LMD stage reuses.
  bool has_ventricles = false;
};

// Writes E (enhancing lesion voxels) into `e`. `norm` is I_n; `vent` and `vent_zone` receive the
// ventricle masks; `dist_in` the distance (mm) to the outside of the mask.
// Multi-scale tubularity of I_n (bright tubes), shared by segmentation and the leptomeningeal
// stage. `scratch_a`, `scratch_b`: one volume each.
// Only voxels that can matter are evaluated: inside the mask and above the lower of the two
// enhancement thresholds (others get 0).
template <class B>
void compute_tubularity(const B& be, const float* norm, const float* smooth, const uint8_t* mask, float* tub,
                        float* scratch_a, float* scratch_b, Size3 size, Vec3 spacing, const AnalysisParams& p) {
  const int64_t n = size[0] * size[1] * size[2];
  U8<B> where(be, n);
  uint8_t* pw = where.data();
  const float lo = static_cast<float>(std::min(p.enhancement_threshold, p.lmd_low_threshold));
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pw[v] = (mask[v] && smooth[v] > lo) ? 1 : 0; });
  kernels::VesselnessParams vp;
  vp.c = p.vessel_c;
  kernels::tubularity(be, norm, tub, scratch_a, scratch_b, size, spacing, p.vessel_sigmas_mm, vp, pw);
}

// `smooth` is I_n smoothed by smoothing_sigma_mm; `tub` is compute_tubularity's output;
// `dist_in` the distance to the outside of the mask; vent / vent_zone from ventricle_zone.
template <class B>
void segment_enhancing(const B& be, const float* smooth, const float* tub, const uint8_t* mask, uint8_t* e,
                       const uint8_t* vent_zone, const float* dist_in, Size3 size, Vec3 spacing, const AnalysisParams& p,
                       CaseQc& qc) {
  const int64_t n = size[0] * size[1] * size[2];
  const double vox_mm3 = spacing[0] * spacing[1] * spacing[2];

  const float tau = static_cast<float>(p.enhancement_threshold);
  const float band = static_cast<float>(p.dura_band_mm);
  const float vthr = static_cast<float>(p.vessel_threshold);
  const float* ps = smooth;
  const float* pt = tub;
  U8<B> cand(be, n), filled(be, n);
  uint8_t* pc = cand.data();
  uint8_t* pf = filled.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pf[v] = (mask[v] && ps[v] > tau) ? 1 : 0; });
  qc.enhancing_voxels_in_dura_band =
      be.count_if(n, RIMSCAN_LAMBDA(int64_t v) { return pf[v] && dist_in[v] <= band; });
  // Hysteresis: a thin rim is partial-volumed with its dark core and the oedema around it, so
  // much of it lies below tau_E after smoothing; keep the voxels above the floor tau_Elow that
  // are connected (26) to a voxel above tau_E.
  const float tau_lo = static_cast<float>(p.enhancement_low_threshold);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pc[v] = (mask[v] && ps[v] > tau_lo && dist_in[v] > band && pt[v] <= vthr) ? 1 : 0;
  });
  {
    I32<B> hl(be, n);
    int32_t* phl = hl.data();
    const int32_t nh = kernels::label_components(be, pc, phl, size, kernels::Connectivity::k26);
    std::vector<uint8_t> reach_tau(static_cast<size_t>(nh) + 1, 0);
    if (nh > 0) {
      const auto st = kernels::label_statistics(be, ps, phl, nh, size);
      for (int32_t q = 0; q < nh; ++q) reach_tau[static_cast<size_t>(q) + 1] = st[static_cast<size_t>(q)].max > tau ? 1 : 0;
    }
    U8<B> d_reach(be, nh + 1);
    be.upload(reach_tau.data(), d_reach.data(), nh + 1);
    const uint8_t* pk = d_reach.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pc[v] = pc[v] ? pk[phl[v]] : uint8_t{0}; });
  }

  // Cut thin attachments (veins running into a lesion) off compact objects: open the filled
  // candidates (candidates + enclosed holes, so a ring is a solid ball) by a small ball, and keep
  // only candidates within a short reach of what survives. Thin structures with nothing
  // compact nearby vanish entirely.
  {
    enclosed_core(be, pc, pf, size);
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pf[v] = (pf[v] | pc[v]) ? 1 : 0; });
    U8<B> opened(be, n), reach(be, n);
    kernels::open_mm(be, pf, opened.data(), size, spacing, p.attachment_open_mm);
    kernels::dilate_mm(be, opened.data(), reach.data(), size, spacing, p.attachment_open_mm + p.attachment_reach_mm);
    const uint8_t* pr = reach.data();
    qc.enhancing_voxels_cut_as_attachments = be.count_if(n, RIMSCAN_LAMBDA(int64_t v) { return pc[v] && !pr[v]; });
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pc[v] = (pc[v] && pr[v]) ? 1 : 0; });
  }
  // Judge each object with its enclosed core: components of (candidates + their holes).
  enclosed_core(be, pc, pf, size);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pf[v] = (pf[v] | pc[v]) ? 1 : 0; });
  I32<B> labels(be, n);
  int32_t* pl = labels.data();
  const int32_t nl = kernels::label_components(be, pf, pl, size, kernels::Connectivity::k26);
  qc.candidates = nl;
  if (nl == 0) {
    be.fill(e, n, uint8_t{0});
    return;
  }
  // Per object: size, inscribed radius, extent, tubular and ventricular fractions of its
  // enhancing voxels.
  F32<B> din(be, n), val(be, n);
  float* pdin = din.data();
  float* pval = val.data();
  kernels::distance_to_outside(be, pf, pdin, size, spacing);
  std::vector<kernels::LabelStats> st_fill = kernels::label_statistics(be, pdin, pl, nl, size);
  I32<B> lab_e(be, n);
  int32_t* ple = lab_e.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { ple[v] = pc[v] ? pl[v] : 0; });
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pval[v] = pt[v] > 0.5f * vthr ? 1.0f : 0.0f; });
  std::vector<kernels::LabelStats> st_tub = kernels::label_statistics(be, pval, ple, nl, size);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pval[v] = vent_zone[v] ? 1.0f : 0.0f; });
  std::vector<kernels::LabelStats> st_vent = kernels::label_statistics(be, pval, ple, nl, size);
  const float surf = static_cast<float>(p.surface_band_mm);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pval[v] = dist_in[v] <= surf ? 1.0f : 0.0f; });
  std::vector<kernels::LabelStats> st_surf = kernels::label_statistics(be, pval, ple, nl, size);

  std::vector<uint8_t> keep(static_cast<size_t>(nl) + 1, 0);
  for (int32_t l = 1; l <= nl; ++l) {
    const auto& sf = st_fill[static_cast<size_t>(l - 1)];
    const auto& stb = st_tub[static_cast<size_t>(l - 1)];
    const auto& sv = st_vent[static_cast<size_t>(l - 1)];
    const double surface_fraction = st_surf[static_cast<size_t>(l - 1)].mean();
    if (stb.count == 0) continue;  // a hole-only object cannot exist, but be safe
    const double vol = static_cast<double>(stb.count) * vox_mm3;
    // Compactness: largest inscribed diameter over the diameter of the sphere of the object's
    // (filled) volume; 1 for a ball, about 0.35 for a vein 3 mm wide and 5 cm long.
    const double filled_mm3 = static_cast<double>(sf.count) * vox_mm3;
    const double compact = 2.0 * static_cast<double>(sf.max) / std::cbrt(6.0 * filled_mm3 / M_PI);

    double ext2 = 0;
    for (int a = 0; a < 3; ++a) {
      const double d = (sf.bbox_max[a] - sf.bbox_min[a] + 1) * spacing[a];
      ext2 += d * d;
    }
    const double elongation = 2.0 * static_cast<double>(sf.max) / std::sqrt(ext2);
    if (stb.count * vox_mm3 >= 50.0 && log::level() >= log::Level::kDebug)
      log::debug("segmentation: object " + std::to_string(l) + ": " + std::to_string(vol / 1000.0) + " mL, tubular " +
                 std::to_string(stb.mean()) + ", ventricular " + std::to_string(sv.mean()) + ", compactness " +
                 std::to_string(compact) + ", elongation " + std::to_string(elongation) + ", surface " + std::to_string(surface_fraction) + ", bbox " + std::to_string(sf.bbox_min[0]) + ".." + std::to_string(sf.bbox_max[0]) +
                 " " + std::to_string(sf.bbox_min[1]) + ".." + std::to_string(sf.bbox_max[1]) + " " +
                 std::to_string(sf.bbox_min[2]) + ".." + std::to_string(sf.bbox_max[2]));
    if (vol < p.min_component_mm3) {
      ++qc.removed_small;
    } else if (stb.mean() > p.vessel_component_fraction) {
      ++qc.removed_vessel;
    } else if (sv.mean() > 0.5) {
      ++qc.removed_choroid;
    } else if (compact < p.min_compactness || elongation < p.min_elongation) {
      ++qc.removed_vessel;
    } else if (surface_fraction > p.surface_max_fraction && compact < p.surface_min_compactness) {
      ++qc.removed_surface;
    } else {
      keep[static_cast<size_t>(l)] = 1;
    }
  }
  U8<B> d_keep(be, nl + 1);
  be.upload(keep.data(), d_keep.data(), nl + 1);
  const uint8_t* pk = d_keep.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { e[v] = (pc[v] && pk[pl[v]]) ? 1 : 0; });
}

}  // namespace rimscan::pipeline
