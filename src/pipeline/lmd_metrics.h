#pragma once
// Leptomeningeal metrics (docs/metrics.md#leptomeningeal, from ../shared/docs/lmd_metrics.md).
// Regions, all inside the intracranial mask M (tau_L / tau_Llow: lmd_threshold / lmd_low_threshold):
//   V   ventricles (from segmentation); Vf = V with its holes (choroid plexus) filled
//   CSF external CSF: M outside Vf, dark (I_s < 0.55) or above lmd_csf_bright_threshold
//       (enhancement that fills a sulcus or sits on the pia replaces the CSF there; normal bright
//       white matter stays below it)
//   P   parenchyma: the rest of M outside Vf
//   S   external CSF plus a pial band (parenchyma within pial_band_mm of CSF), further than
//       lmd_dura_band_mm from the outside of M (the dura runs there) and at most lmd_max_depth_mm
//       (convexity, sulci, folia; the deep cisterns hold normally enhancing arteries and veins)
//   X   exclusions: tubular voxels dilated by vessel_margin_mm, the dural band, Vf, lesions
//       (E | C) dilated by lesion_exclusion_mm, and the falx (lmd_midline_mm either side of the
//       mask's mid-sagittal plane)
// Enhancing: hysteresis, components of S \ X above tau_Llow that reach tau_L.
// Measured: f_LME (enhancing fraction of S \ X) overall and per region, the pial surface
// fraction PSF (surface voxels of P whose outward 0-2 mm profile meets enhancement), components
// with nodule/linear character, the ependymal fraction EEF (band around Vf above
// lmd_csf_bright_threshold, vessels and thick blobs excluded), the FLAIR sulcal index, and the dural index (mean thickness of enhancement
// in the dural band: never part of the flag).
#include <algorithm>
#include <cmath>
#include <vector>

#include "pipeline/device_ops.h"
#include "pipeline/mid_sagittal.h"
#include "rimscan/kernels/fill_holes.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/kernels/hessian.h"
#include "rimscan/kernels/label_stats.h"
#include "rimscan/pipeline/case_result.h"
#include "rimscan/pipeline/params.h"

namespace rimscan::pipeline {

// Region codes of a voxel for the per-region burden: bit 0 left (patient left, +x in LPS),
// bit 1 infratentorial (posterior fossa: posterior to the mask centre and in the inferior 40 %
// of the mask's superior-inferior extent — an approximation of the tentorium, documented).
struct RegionFrame {
  double cx = 0, cy = 0, z_cut = 0;  // LPS mm
  double m[9];                       // index -> physical rotation * spacing
  double o[3];
  RIMSCAN_HD int code(int64_t i, int64_t j, int64_t k) const {
    const double x = o[0] + m[0] * i + m[1] * j + m[2] * k;
    const double y = o[1] + m[3] * i + m[4] * j + m[5] * k;
    const double z = o[2] + m[6] * i + m[7] * j + m[8] * k;
    const int left = x > cx ? 1 : 0;
    const int infra = (z < z_cut && y > cy) ? 2 : 0;
    return left | infra;
  }
};

template <class B>
void measure_leptomeningeal(const B& be, const float* norm, const float* smooth, const float* tubular, const float* flair,
                            const uint8_t* mask,
                            const float* dist_in,
                            const uint8_t* vent, const uint8_t* vent_zone, const uint8_t* e, const uint8_t* c,
                            uint8_t* lme, Size3 size, Vec3 spacing, const Geometry& geom, const AnalysisParams& p,
                            LeptomeningealMetrics& out) {
  (void)vent_zone;
  const int64_t n = size[0] * size[1] * size[2];
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const double vox_mm3 = spacing[0] * spacing[1] * spacing[2];
  out = LeptomeningealMetrics{};
  out.computed = true;
  be.fill(lme, n, uint8_t{0});

  F32<B> tmp(be, n), dist(be, n);
  const float* ps = smooth;
  float* pd = dist.data();
  float* ptmp = tmp.data();

  // Parenchyma, filled ventricles, external CSF.
  U8<B> par(be, n), vf(be, n), csf(be, n), s_region(be, n), x_excl(be, n), enh(be, n);
  uint8_t* pp = par.data();
  uint8_t* pvf = vf.data();
  uint8_t* pc = csf.data();
  uint8_t* pS = s_region.data();
  uint8_t* pX = x_excl.data();
  uint8_t* pE = enh.data();
  // External CSF: voxels outside the ventricles whose intensity is not that of brain tissue —
  // dark (CSF) or above the enhancement floor (a coating that fills a sulcus, a nodule on the pia,
  // vessels: enhancement replaces the CSF there, so an intensity-only parenchyma would swallow
  // it). Parenchyma: the rest of the mask outside the ventricles. Lesions and vessels are
  // excluded below (X).
  const float tau_lo = static_cast<float>(p.lmd_low_threshold);
  const float tau_csf_bright = static_cast<float>(p.lmd_csf_bright_threshold);
  kernels::fill_holes_3d(be, vent, pvf, size);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pc[v] = (mask[v] && !pvf[v] && (ps[v] < 0.55f || ps[v] > tau_csf_bright)) ? 1 : 0;
  });
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pp[v] = (mask[v] && !pc[v] && !pvf[v]) ? 1 : 0; });

  // S: external CSF plus parenchyma within the pial band of it, away from the dura.
  kernels::distance_transform(be, pc, pd, size, spacing);
  const float pial = static_cast<float>(p.pial_band_mm + kernels::kBallEpsilonMm);
  // The dural band of the leptomeningeal regions is thinner than segmentation's: the
  // subarachnoid space at the convexity is only a few mm deep, and a nodule on the pia reaches
  // into a 3 mm band. The dural index below keeps dura_band_mm.
  const float dura = static_cast<float>(p.lmd_dura_band_mm);
  const float dura_index_band = static_cast<float>(p.dura_band_mm);
  const float depth = static_cast<float>(p.lmd_max_depth_mm);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pS[v] = (mask[v] && dist_in[v] > dura && dist_in[v] <= depth && (pc[v] || (pp[v] && pd[v] <= pial))) ? 1 : 0;
  });

  // X: vessels (tubular voxels dilated by vessel_margin_mm, so their partial-volume edges go too),
  // the dural band, the filled ventricles, and the lesions dilated.
  const float* pt = tubular;
  const float vthr = static_cast<float>(p.vessel_threshold);
  U8<B> les(be, n), lesd(be, n), vessel(be, n), vessel_d(be, n);
  uint8_t* pl = les.data();
  uint8_t* pves = vessel.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pl[v] = (e[v] | c[v]) ? 1 : 0;
    pves[v] = pt[v] > vthr ? 1 : 0;
  });
  kernels::dilate_mm(be, pl, lesd.data(), size, spacing, p.lesion_exclusion_mm);
  kernels::dilate_mm(be, pves, vessel_d.data(), size, spacing, p.vessel_margin_mm);
  const uint8_t* pld = lesd.data();
  const uint8_t* pvd = vessel_d.data();
  // The falx: a slab of lmd_midline_mm either side of the mask's mid-sagittal plane.
  const MidSagittalPlane msp = fit_mid_sagittal(be, mask, size, geom);
  double pl_w[3] = {0, 0, 0}, pl_0 = 0;  // signed distance = pl_0 + pl_w . (i, j, k)
  if (msp.valid) {
    const double nrm[3] = {msp.a, msp.b, msp.c};
    pl_0 = msp.d;
    for (int r = 0; r < 3; ++r) {
      pl_0 += nrm[r] * geom.origin[static_cast<size_t>(r)];
      for (int a = 0; a < 3; ++a)
        pl_w[a] += nrm[r] * geom.direction[static_cast<size_t>(r * 3 + a)] * spacing[static_cast<size_t>(a)];
    }
  }
  const double midline = msp.valid ? p.lmd_midline_mm : -1.0;
  const double w0 = pl_w[0], w1 = pl_w[1], w2 = pl_w[2];
  U8<B> falx(be, n);
  uint8_t* pfx = falx.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    pfx[v] = fabs(pl_0 + w0 * i + w1 * j + w2 * k) < midline ? 1 : 0;
    pX[v] = (pvd[v] || dist_in[v] <= dura || pvf[v] || pld[v] || pfx[v]) ? 1 : 0;
  });

  // Enhancement by hysteresis: components (26-connected) of S \ X above tau_Llow that reach
  // tau_L somewhere. A thin coating or a small nodule is partial-volumed below tau_L at its
  // edges; noise specks above the floor alone never reach tau_L.
  const float tau = static_cast<float>(p.lmd_threshold);
  I32<B> lab(be, n);
  int32_t* plab = lab.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pE[v] = (pS[v] && !pX[v] && ps[v] > tau_lo) ? 1 : 0; });
  {
    const int32_t ncand = kernels::label_components(be, pE, plab, size, kernels::Connectivity::k26);
    std::vector<uint8_t> keep(static_cast<size_t>(ncand) + 1, 0);
    if (ncand > 0) {
      auto st = kernels::label_statistics(be, ps, plab, ncand, size);
      for (int32_t q = 0; q < ncand; ++q) keep[static_cast<size_t>(q) + 1] = st[static_cast<size_t>(q)].max > tau ? 1 : 0;
    }
    U8<B> d_keep(be, ncand + 1);
    be.upload(keep.data(), d_keep.data(), ncand + 1);
    const uint8_t* pk = d_keep.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pE[v] = pE[v] ? pk[plab[v]] : uint8_t{0}; });
  }

  // Region frame: mask centroid and superior-inferior extent in LPS mm.
  RegionFrame rf;
  for (int r = 0; r < 3; ++r) {
    rf.o[r] = geom.origin[static_cast<size_t>(r)];
    for (int a = 0; a < 3; ++a) rf.m[r * 3 + a] = geom.direction[static_cast<size_t>(r * 3 + a)] * spacing[static_cast<size_t>(a)];
  }
  {
    const double cnt = static_cast<double>(count_nonzero(be, mask, n));
    const RegionFrame f0 = rf;
    const double sum_x = be.transform_sum(n, RIMSCAN_LAMBDA(int64_t v)->double {
      if (!mask[v]) return 0.0;
      const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
      return f0.o[0] + f0.m[0] * i + f0.m[1] * j + f0.m[2] * k;
    });
    const double sum_y = be.transform_sum(n, RIMSCAN_LAMBDA(int64_t v)->double {
      if (!mask[v]) return 0.0;
      const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
      return f0.o[1] + f0.m[3] * i + f0.m[4] * j + f0.m[5] * k;
    });
    rf.cx = cnt > 0 ? sum_x / cnt : 0;
    rf.cy = cnt > 0 ? sum_y / cnt : 0;
    const double zmin = be.transform_min(n, RIMSCAN_LAMBDA(int64_t v)->double {
      if (!mask[v]) return 1e300;
      const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
      return f0.o[2] + f0.m[6] * i + f0.m[7] * j + f0.m[8] * k;
    }, 1e300);
    const double zmax = be.transform_max(n, RIMSCAN_LAMBDA(int64_t v)->double {
      if (!mask[v]) return -1e300;
      const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
      return f0.o[2] + f0.m[6] * i + f0.m[7] * j + f0.m[8] * k;
    }, -1e300);
    rf.z_cut = zmin + 0.4 * (zmax - zmin);
  }

  // Burden overall and per region: labels 1..4 = region code + 1 over S \ X, values = enhancing.
  F32<B> val(be, n);
  float* pv = val.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    plab[v] = 0;
    pv[v] = pE[v] ? 1.0f : 0.0f;
    if (!pS[v] || pX[v]) return;
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    plab[v] = rf.code(i, j, k) + 1;
  });
  auto st_reg = kernels::label_statistics(be, pv, plab, 4, size);
  int64_t n_s = 0, n_e = 0;
  double side_n[2] = {0, 0}, side_e[2] = {0, 0}, tent_n[2] = {0, 0}, tent_e[2] = {0, 0};
  for (int code = 0; code < 4; ++code) {
    const auto& s = st_reg[static_cast<size_t>(code)];
    n_s += s.count;
    n_e += static_cast<int64_t>(std::llround(s.sum));
    side_n[code & 1] += static_cast<double>(s.count);
    side_e[code & 1] += s.sum;
    tent_n[(code >> 1) & 1] += static_cast<double>(s.count);
    tent_e[(code >> 1) & 1] += s.sum;
  }
  out.region_volume_ml = static_cast<double>(n_s) * vox_mm3 / 1000.0;
  out.enhancing_volume_ml = static_cast<double>(n_e) * vox_mm3 / 1000.0;
  out.burden = n_s > 0 ? static_cast<double>(n_e) / static_cast<double>(n_s) : 0.0;
  out.burden_right = side_n[0] > 0 ? side_e[0] / side_n[0] : 0.0;
  out.burden_left = side_n[1] > 0 ? side_e[1] / side_n[1] : 0.0;
  out.burden_supratentorial = tent_n[0] > 0 ? tent_e[0] / tent_n[0] : 0.0;
  out.burden_infratentorial = tent_n[1] > 0 ? tent_e[1] / tent_n[1] : 0.0;

  // Pial surface fraction: surface voxels of P facing CSF, away from the dura and lesions;
  // enhanced when I_n exceeds tau_L anywhere 0-2 mm outward along the normal (the gradient of
  // the distance to the parenchyma, sampled at half-voxel steps).
  kernels::distance_transform(be, pp, pd, size, spacing);
  const double sx = spacing[0], sy = spacing[1], sz = spacing[2];
  const double step_mm = 0.5 * std::min({sx, sy, sz});
  const int nsteps = static_cast<int>(std::ceil(p.pial_band_mm / step_mm));
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    plab[v] = 0;
    pv[v] = 0.0f;
    if (!pp[v] || dist_in[v] <= dura || dist_in[v] > depth || pld[v] || pfx[v]) return;
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    // A surface voxel has a 6-neighbour in the external CSF.
    const int64_t nb[6] = {i > 0 ? v - 1 : -1, i + 1 < nx ? v + 1 : -1, j > 0 ? v - nx : -1,
                           j + 1 < ny ? v + nx : -1, k > 0 ? v - nx * ny : -1, k + 1 < nz ? v + nx * ny : -1};
    bool surface = false;
    double gx = 0, gy = 0, gz = 0;
    for (int q = 0; q < 6; ++q) {
      if (nb[q] < 0) continue;
      if (pc[nb[q]]) surface = true;
      const double d = pd[nb[q]];
      const double sign = (q % 2) ? 1.0 : -1.0;
      if (q < 2) gx += sign * d / sx;
      else if (q < 4) gy += sign * d / sy;
      else gz += sign * d / sz;
    }
    if (!surface) return;
    plab[v] = rf.code(i, j, k) + 1;
    const double gn = sqrt(gx * gx + gy * gy + gz * gz);
    if (!(gn > 0)) return;
    bool hit = pE[v] != 0;
    for (int s = 1; s <= nsteps && !hit; ++s) {
      const double t = s * step_mm;
      const int64_t a = static_cast<int64_t>(floor(i + 0.5 + t * gx / gn / sx));
      const int64_t b = static_cast<int64_t>(floor(j + 0.5 + t * gy / gn / sy));
      const int64_t cc = static_cast<int64_t>(floor(k + 0.5 + t * gz / gn / sz));
      if (a < 0 || a >= nx || b < 0 || b >= ny || cc < 0 || cc >= nz) break;
      const int64_t w = a + nx * (b + ny * cc);
      if (pE[w]) hit = true;
    }
    pv[v] = hit ? 1.0f : 0.0f;
  });
  auto st_psf = kernels::label_statistics(be, pv, plab, 4, size);
  int64_t surf = 0;
  double surf_hit = 0;
  double pside_n[2] = {0, 0}, pside_e[2] = {0, 0}, ptent_n[2] = {0, 0}, ptent_e[2] = {0, 0};
  for (int code = 0; code < 4; ++code) {
    const auto& s = st_psf[static_cast<size_t>(code)];
    surf += s.count;
    surf_hit += s.sum;
    if (s.count > 50 && s.mean() > 0.05) ++out.regions_with_raised_psf;
    pside_n[code & 1] += static_cast<double>(s.count);
    pside_e[code & 1] += s.sum;
    ptent_n[(code >> 1) & 1] += static_cast<double>(s.count);
    ptent_e[(code >> 1) & 1] += s.sum;
  }
  out.pial_surface_fraction = surf > 0 ? surf_hit / static_cast<double>(surf) : 0.0;
  out.psf_right = pside_n[0] > 0 ? pside_e[0] / pside_n[0] : 0.0;
  out.psf_left = pside_n[1] > 0 ? pside_e[1] / pside_n[1] : 0.0;
  out.psf_supratentorial = ptent_n[0] > 0 ? ptent_e[0] / ptent_n[0] : 0.0;
  out.psf_infratentorial = ptent_n[1] > 0 ? ptent_e[1] / ptent_n[1] : 0.0;

  // Components of the enhancing S \ X: thickness (2 x max inscribed distance), distance to the
  // pia, Hessian character (blob / plate / line) from the eigenvalues of I_n at 1 mm.
  const int32_t ncomp = kernels::label_components(be, pE, plab, size, kernels::Connectivity::k26);
  out.n_components = ncomp;
  if (ncomp > 0) {
    kernels::distance_to_outside(be, pE, pd, size, spacing);
    auto st_in = kernels::label_statistics(be, pd, plab, ncomp, size);
    F32<B> l1(be, n), l2(be, n), l3(be, n), sm1(be, n);
    kernels::gaussian_filter(be, norm, sm1.data(), ptmp, size, spacing, 1.0);
    kernels::hessian_eigenvalues(be, sm1.data(), l1.data(), l2.data(), l3.data(), size, spacing);
    const float* a1 = l1.data();
    const float* a2 = l2.data();
    const float* a3 = l3.data();
    // Blob-like voxel: all three curvatures negative and |l1| at least 40 % of |l3|.
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
      pv[v] = (a1[v] < 0 && a2[v] < 0 && a3[v] < 0 && fabsf(a1[v]) >= 0.4f * fabsf(a3[v])) ? 1.0f : 0.0f;
    });
    auto st_blob = kernels::label_statistics(be, pv, plab, ncomp, size);
    // Distance from each component to the pial surface: distance to the parenchyma.
    kernels::distance_transform(be, pp, pd, size, spacing);
    auto st_pia = kernels::label_statistics(be, pd, plab, ncomp, size);
    for (int32_t q = 0; q < ncomp; ++q) {
      const auto& si = st_in[static_cast<size_t>(q)];
      const double thickness = 2.0 * si.max;
      const double volume = static_cast<double>(si.count) * vox_mm3;
      double ext[3];
      for (int a = 0; a < 3; ++a) ext[a] = (si.bbox_max[a] - si.bbox_min[a] + 1) * spacing[static_cast<size_t>(a)];
      std::sort(ext, ext + 3);
      const bool near_pia = st_pia[static_cast<size_t>(q)].min <= 2.0f + static_cast<float>(kernels::kBallEpsilonMm);
      const bool blob = st_blob[static_cast<size_t>(q)].mean() >= 0.15;
      // Compact, not elongated: a ball fills about half of its bounding box and its extents
      // agree; a vessel or sinus segment is long, a coating is thin.
      const bool compact = volume >= 0.3 * ext[0] * ext[1] * ext[2] && ext[2] <= 2.5 * ext[0];
      // LANO-style nodule: blob-like, at least 5 x 5 mm in two orthogonal diameters, at the pia.
      if (blob && compact && near_pia && ext[1] >= 5.0 && thickness >= 3.0) {
        ++out.n_nodules;
      } else if (volume >= 3.0 * vox_mm3) {
        out.linear_area_mm2 += volume / std::max(thickness, std::min({sx, sy, sz}));
      }
    }
  }

  // Ependymal fraction: band 0-2 mm around the filled ventricles. Enhancing there: above
  // lmd_csf_bright_threshold (the corpus callosum and the partial volume of bright white matter
  // at the ventricular wall reach 1.15-1.3), not tubular (subependymal veins), and not part of a
  // thick blob (choroid plexus glomus at the edge of the detected ventricle: voxels within 2 mm
  // of a point more than 1.5 mm deep inside the enhancing band; a lining is 1-2 mm thick).
  kernels::distance_transform(be, pvf, pd, size, spacing);
  // 2 mm, widened by half the coarsest voxel: on thick slices the lining is partial-volumed and
  // the detected ventricle is smaller than the true one.
  const float band2 = static_cast<float>(2.0 + 0.5 * std::max({sx, sy, sz}) + kernels::kBallEpsilonMm);
  U8<B> ep(be, n), thick(be, n), thick_d(be, n);
  uint8_t* pep = ep.data();
  uint8_t* pth = thick.data();
  const uint8_t* ptd = thick_d.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pep[v] = (mask[v] && !pvf[v] && pd[v] <= band2 && !pld[v] && !pvd[v] && ps[v] > tau_csf_bright) ? 1 : 0;
  });
  kernels::distance_to_outside(be, pep, ptmp, size, spacing);
  const float deep = static_cast<float>(1.5 + kernels::kBallEpsilonMm);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pth[v] = ptmp[v] > deep ? 1 : 0; });
  kernels::dilate_mm(be, pth, thick_d.data(), size, spacing, 2.0);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pep[v] = (pep[v] && !ptd[v]) ? 1 : 0; });
  // A lining is a sheet over part of the wall: components (26-connected) under
  // lmd_ependymal_min_mm3 are dropped (the cross-sections of subependymal veins and specks of
  // choroid plexus that the tubularity filter misses).
  {
    const int32_t nep = kernels::label_components(be, pep, plab, size, kernels::Connectivity::k26);
    std::vector<uint8_t> keep(static_cast<size_t>(nep) + 1, 0);
    if (nep > 0) {
      be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { ptmp[v] = 1.0f; });
      const auto st = kernels::label_statistics(be, ptmp, plab, nep, size);
      for (int32_t q = 0; q < nep; ++q)
        keep[static_cast<size_t>(q) + 1] =
            static_cast<double>(st[static_cast<size_t>(q)].count) * vox_mm3 >= p.lmd_ependymal_min_mm3 ? 1 : 0;
    }
    U8<B> d_keep(be, nep + 1);
    be.upload(keep.data(), d_keep.data(), nep + 1);
    const uint8_t* pk = d_keep.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pep[v] = pep[v] ? pk[plab[v]] : uint8_t{0}; });
  }
  int64_t n_ev = 0, n_ee = 0;
  n_ev = be.count_if(n, RIMSCAN_LAMBDA(int64_t v) { return mask[v] && !pvf[v] && pd[v] <= band2 && !pld[v]; });
  n_ee = be.count_if(n, RIMSCAN_LAMBDA(int64_t v) { return pep[v] != 0; });
  out.ependymal_fraction = n_ev > 0 ? static_cast<double>(n_ee) / static_cast<double>(n_ev) : 0.0;
  // Label 3: enhancing S \ X and enhancing ependymal band.
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { lme[v] = (pE[v] || pep[v]) ? 1 : 0; });

  // FLAIR sulcal index.
  if (flair) {
    std::vector<double> ms = masked_quantiles(be, flair, pS, n, {0.5});
    std::vector<double> mv = masked_quantiles(be, flair, vent, n, {0.5});
    if (!ms.empty() && !mv.empty() && mv[0] != 0) out.flair_sulcal_index = ms[0] / mv[0];
  }

  // Dural index: enhancing volume in the dural band over the mask's surface area (mean
  // thickness in mm); pachymeningeal, reported apart.
  const int64_t dural_enh = be.count_if(n, RIMSCAN_LAMBDA(int64_t v) { return mask[v] && dist_in[v] <= dura_index_band && ps[v] > tau; });
  const double boundary_area = be.transform_sum(n, RIMSCAN_LAMBDA(int64_t v)->double {
    if (!mask[v]) return 0.0;
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    double a = 0;
    if (i == 0 || !mask[v - 1]) a += sy * sz;
    if (i + 1 == nx || !mask[v + 1]) a += sy * sz;
    if (j == 0 || !mask[v - nx]) a += sx * sz;
    if (j + 1 == ny || !mask[v + nx]) a += sx * sz;
    if (k == 0 || !mask[v - nx * ny]) a += sx * sy;
    if (k + 1 == nz || !mask[v + nx * ny]) a += sx * sy;
    return a;
  });
  out.dural_index_mm = boundary_area > 0 ? static_cast<double>(dural_enh) * vox_mm3 / boundary_area : 0.0;

  // EANO-ESMO MRI type from the components.
  const bool linear = out.linear_area_mm2 >= 100.0;
  const bool nodular = out.n_nodules >= 1;
  out.eano_type = linear && nodular ? "C" : (nodular ? "B" : (linear ? "A" : (out.n_components > 0 ? "D" : "none")));
}

}  // namespace rimscan::pipeline
