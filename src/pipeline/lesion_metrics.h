#pragma once
// Per-lesion rim-versus-homogeneous metrics, exactly as defined in docs/metrics.md (from
// ../shared/docs/rim_metrics.md). Lesions are the 26-connected components of L = E | C,
// numbered canonically (raster order of their first voxel), the same ids as the --lesion-ids
// map. Everything voxel-wise runs on the backend; per-lesion reductions use label_statistics
// (exact sorts and fixed-order sums, identical on CPU and CUDA). The mesh measures (sphericity,
// maximum diameter) are computed on the host from the downloaded lesion-id map, per lesion crop.
#include <algorithm>
#include <cmath>
#include <vector>

#include "pipeline/device_ops.h"
#include "rimscan/features/mesh.h"
#include "rimscan/kernels/label_stats.h"
#include "rimscan/par/hd.h"
#include "rimscan/pipeline/case_result.h"
#include "rimscan/pipeline/params.h"

namespace rimscan::pipeline {

// Effective voxel extent (mm) along unit normal u: the spacing of the lattice planes normal to
// u, 1 / sqrt(sum (u_a / s_a)^2). Subtracted from d_out + d_C, which measure between voxel
// centres and so overshoot a shell's width by about one voxel along its normal
// (docs/metrics.md#rim-thickness; checked on analytic shells in tests/unit/test_lesion_metrics.cpp).
RIMSCAN_HD inline double extent_along_normal(double ux, double uy, double uz, double sx, double sy, double sz) {
  const double q = (ux / sx) * (ux / sx) + (uy / sy) * (uy / sy) + (uz / sz) * (uz / sz);
  return q > 0 ? 1.0 / sqrt(q) : (sx + sy + sz) / 3.0;
}

// Central-difference gradient of phi at voxel (i, j, k) in mm units (one-sided at borders,
// 0 along an axis of size 1).
RIMSCAN_HD inline double axis_derivative(const float* phi, int64_t v, int64_t idx, int64_t len, int64_t step, double s) {
  const bool lo = idx > 0, hi = idx + 1 < len;
  if (lo && hi) return (static_cast<double>(phi[v + step]) - phi[v - step]) / (2.0 * s);
  if (hi) return (static_cast<double>(phi[v + step]) - phi[v]) / s;
  if (lo) return (static_cast<double>(phi[v]) - phi[v - step]) / s;
  return 0.0;
}
RIMSCAN_HD inline void gradient_at(const float* phi, int64_t i, int64_t j, int64_t k, int64_t nx, int64_t ny, int64_t nz,
                                   double sx, double sy, double sz, double* g) {
  const int64_t v = i + nx * (j + ny * k);
  g[0] = axis_derivative(phi, v, i, nx, 1, sx);
  g[1] = axis_derivative(phi, v, j, ny, nx, sy);
  g[2] = axis_derivative(phi, v, k, nz, nx * ny, sz);
}

// Labels L = E | C into `ids` (canonical) and fills `metrics` (one per lesion, id order).
// `norm` is I_n; `pre_norm` the normalised pre-contrast T1 or nullptr.
template <class B>
int32_t measure_lesions(const B& be, const float* norm, const float* pre_norm, const uint8_t* e, const uint8_t* c,
                        int32_t* ids, Size3 size, Vec3 spacing, const Geometry& geom, const AnalysisParams& p,
                        std::vector<LesionMetrics>& metrics) {
  const int64_t n = size[0] * size[1] * size[2];
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const double sx = spacing[0], sy = spacing[1], sz = spacing[2];
  const double vox_ml = sx * sy * sz / 1000.0;
  metrics.clear();

  U8<B> l(be, n);
  uint8_t* pl = l.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pl[v] = (e[v] | c[v]) ? 1 : 0; });
  const int32_t nles = kernels::label_components(be, pl, ids, size, kernels::Connectivity::k26);
  if (nles == 0) return 0;

  // Label images restricted to E and to C.
  I32<B> id_e(be, n), id_c(be, n), scratch_lab(be, n);
  int32_t* pie = id_e.data();
  int32_t* pic = id_c.data();
  int32_t* psl = scratch_lab.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pie[v] = e[v] ? ids[v] : 0;
    pic[v] = c[v] ? ids[v] : 0;
  });

  // Distances: to the outside of L, and to C.
  F32<B> d_out(be, n), d_c(be, n), val(be, n);
  float* pdo = d_out.data();
  float* pdc = d_c.data();
  float* pv = val.data();
  kernels::distance_to_outside(be, pl, pdo, size, spacing);
  kernels::distance_transform(be, c, pdc, size, spacing);

  auto st_l = kernels::label_statistics(be, norm, ids, nles, size);
  auto st_e = kernels::label_statistics(be, norm, pie, nles, size);
  auto st_c = kernels::label_statistics(be, norm, pic, nles, size);
  auto st_dout = kernels::label_statistics(be, pdo, ids, nles, size);

  // Ring completeness: core boundary voxels (a 6-neighbour outside C) that touch E of the same
  // lesion in their 26-neighbourhood.
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    psl[v] = 0;
    pv[v] = 0.0f;
    if (!c[v]) return;
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    bool boundary = false, touches = false;
    for (int dk = -1; dk <= 1; ++dk)
      for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di) {
          if (!di && !dj && !dk) continue;
          const int64_t a = i + di, b = j + dj, cc = k + dk;
          const bool inside = a >= 0 && a < nx && b >= 0 && b < ny && cc >= 0 && cc < nz;
          const int64_t w = inside ? a + nx * (b + ny * cc) : -1;
          const bool face = (di != 0) + (dj != 0) + (dk != 0) == 1;
          if (face && (!inside || !c[w])) boundary = true;
          if (inside && e[w] && ids[w] == ids[v]) touches = true;
        }
    if (boundary) {
      psl[v] = ids[v];
      pv[v] = touches ? 1.0f : 0.0f;
    }
  });
  auto st_ring = kernels::label_statistics(be, pv, psl, nles, size);

  // Rim thickness: median over E of d_out + d_C minus the voxel extent along the shell normal
  // (the gradient of d_out - d_C).
  F32<B> phi(be, n);
  float* pphi = phi.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pphi[v] = pdo[v] - (pdc[v] < 1e29f ? pdc[v] : 0.0f); });
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pv[v] = 0.0f;
    if (!e[v] || pdc[v] >= 1e29f) return;
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    double g[3];
    gradient_at(pphi, i, j, k, nx, ny, nz, sx, sy, sz, g);
    const double gn = sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    const double s_n = gn > 0 ? extent_along_normal(g[0] / gn, g[1] / gn, g[2] / gn, sx, sy, sz) : (sx + sy + sz) / 3.0;
    pv[v] = static_cast<float>(static_cast<double>(pdo[v]) + pdc[v] - s_n);
  });
  auto st_thick = kernels::label_statistics(be, pv, pie, nles, size);

  // Skeleton cross-check: area of E's mid-surface (faces between E voxels where d_out - d_C
  // changes sign, each weighted by |u_a| of the local normal), thickness = volume / area.
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pv[v] = 0.0f;
    if (!e[v] || pdc[v] >= 1e29f) return;
    const int64_t i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
    const int64_t step[3] = {1, nx, nx * ny};
    const bool ok[3] = {i + 1 < nx, j + 1 < ny, k + 1 < nz};
    const double face[3] = {sy * sz, sx * sz, sx * sy};
    double g[3];
    gradient_at(pphi, i, j, k, nx, ny, nz, sx, sy, sz, g);
    const double gn = sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    if (!(gn > 0)) return;
    double area = 0;
    for (int a = 0; a < 3; ++a) {
      if (!ok[a]) continue;
      const int64_t w = v + step[a];
      if (!e[w] || ids[w] != ids[v]) continue;
      if ((pphi[v] >= 0.0f) != (pphi[w] >= 0.0f)) area += face[a] * fabs(g[a] / gn);
    }
    pv[v] = static_cast<float>(area);
  });
  auto st_mid = kernels::label_statistics(be, pv, pie, nles, size);

  // Radial profile: shell k = ceil(5 d_out / max_L d_out), k = 1 outermost.
  std::vector<float> maxd(static_cast<size_t>(nles) + 1, 1.0f);
  for (int32_t k = 1; k <= nles; ++k) maxd[static_cast<size_t>(k)] = std::max(st_dout[static_cast<size_t>(k - 1)].max, 1e-6f);
  F32<B> d_maxd(be, nles + 1);
  be.upload(maxd.data(), d_maxd.data(), nles + 1);
  const float* pmax = d_maxd.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    psl[v] = 0;
    if (!ids[v]) return;
    const double r = static_cast<double>(pdo[v]) / pmax[ids[v]];
    int shell = static_cast<int>(ceil(r * 5.0 - 1e-9));
    shell = shell < 1 ? 1 : (shell > 5 ? 5 : shell);
    psl[v] = (ids[v] - 1) * 5 + shell;
  });
  auto st_shell = kernels::label_statistics(be, norm, psl, nles * 5, size);

  // Cavities: 26-connected components of C, attributed to their lesion.
  const int32_t ncav = kernels::label_components(be, c, psl, size, kernels::Connectivity::k26);
  std::vector<int32_t> cavities(static_cast<size_t>(nles) + 1, 0);
  if (ncav > 0) {
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pv[v] = static_cast<float>(ids[v]); });
    auto st_cav = kernels::label_statistics(be, pv, psl, ncav, size);
    for (const auto& s : st_cav)
      if (s.count > 0) ++cavities[static_cast<size_t>(static_cast<int32_t>(s.min))];
  }

  // Ring-slice fraction: axial slices through L whose 2D E encloses a hole >= ring_hole_min_mm2.
  const int axial = geom.axial_axis();
  const int64_t nslices = size[axial];
  const int64_t astep = axial == 0 ? 1 : (axial == 1 ? nx : nx * ny);
  const double pixel_mm2 = (sx * sy * sz) / spacing[axial];
  std::vector<std::vector<uint8_t>> ring_slices(static_cast<size_t>(nles) + 1);
  std::vector<int64_t> slices_through(static_cast<size_t>(nles) + 1, 0);
  {
    // Slices through each lesion.
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
      const int64_t s = (v / astep) % (axial == 0 ? nx : (axial == 1 ? ny : nz));
      psl[v] = ids[v] ? static_cast<int32_t>((ids[v] - 1) * nslices + s + 1) : 0;
    });
    auto st_sl = kernels::label_statistics(be, norm, psl, static_cast<int32_t>(nles * nslices), size);
    for (int64_t q = 0; q < static_cast<int64_t>(st_sl.size()); ++q)
      if (st_sl[static_cast<size_t>(q)].count > 0) ++slices_through[static_cast<size_t>(q / nslices + 1)];
    // 2D holes of E in axial slices.
    U8<B> holes(be, n);
    uint8_t* ph = holes.data();
    kernels::fill_holes_2d(be, e, ph, size, axial);
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { ph[v] = (ph[v] && !e[v]) ? 1 : 0; });
    const int32_t nh = kernels::label_components_2d(be, ph, psl, size, axial, false);
    if (nh > 0) {
      // Lesion of each hole (holes lie in L) and its slice.
      be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pv[v] = static_cast<float>(ids[v]); });
      auto st_hl = kernels::label_statistics(be, pv, psl, nh, size);
      for (const auto& s : st_hl) {
        if (s.count == 0 || s.min < 1.0f) continue;
        if (static_cast<double>(s.count) * pixel_mm2 < p.ring_hole_min_mm2) continue;
        const int32_t les = static_cast<int32_t>(s.min);
        auto& rs = ring_slices[static_cast<size_t>(les)];
        if (rs.empty()) rs.assign(static_cast<size_t>(nslices), 0);
        rs[static_cast<size_t>(s.bbox_min[axial])] = 1;
      }
    }
  }

  // Subtraction-confirmed core (pre-contrast T1 given).
  std::vector<kernels::LabelStats> st_sub;
  if (pre_norm) {
    const float td = static_cast<float>(p.subtraction_threshold), tb = static_cast<float>(p.intrinsic_bright_threshold);
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
      pv[v] = (c[v] && (norm[v] - pre_norm[v]) < td && pre_norm[v] < tb) ? 1.0f : 0.0f;
    });
    st_sub = kernels::label_statistics(be, pv, pic, nles, size);
  }

  for (int32_t k = 1; k <= nles; ++k) {
    const size_t q = static_cast<size_t>(k - 1);
    LesionMetrics m;
    m.id = k;
    const auto& sl = st_l[q];
    const auto& se = st_e[q];
    const auto& sc = st_c[q];
    m.volume_ml = static_cast<double>(sl.count) * vox_ml;
    m.enhancing_volume_ml = static_cast<double>(se.count) * vox_ml;
    m.core_volume_ml = static_cast<double>(sc.count) * vox_ml;
    for (int a = 0; a < 3; ++a) {
      m.bbox_min[static_cast<size_t>(a)] = sl.bbox_min[a];
      m.bbox_max[static_cast<size_t>(a)] = sl.bbox_max[a];
    }
    m.centroid_mm = geom.index_to_physical({sl.centroid_index[0], sl.centroid_index[1], sl.centroid_index[2]});
    m.core_fraction = sl.count > 0 ? static_cast<double>(sc.count) / static_cast<double>(sl.count) : 0.0;
    m.median_enhancing = se.count > 0 ? se.median : 0.0;
    if (sc.count > 0) {
      m.median_core = sc.median;
      const auto& sr = st_ring[q];
      if (sr.count > 0) m.ring_completeness = sr.mean();
      if (st_thick[q].count > 0) m.rim_thickness_mm = st_thick[q].median;
      if (st_mid[q].sum > 0) m.rim_thickness_skeleton_mm = m.enhancing_volume_ml * 1000.0 / st_mid[q].sum;
      if (sc.median != 0.0f && se.count > 0) m.rim_to_core_ratio = static_cast<double>(se.median) / sc.median;
      if (pre_norm) m.subtraction_confirmed_core_fraction = st_sub[q].mean();
    }
    std::vector<std::pair<int, double>> prof;
    for (int s = 0; s < 5; ++s) {
      const auto& ss = st_shell[q * 5 + static_cast<size_t>(s)];
      if (ss.count > 0) {
        m.radial_profile[static_cast<size_t>(s)] = ss.median;
        prof.push_back({s + 1, ss.median});
      }
    }
    auto& rp = m.radial_profile;
    if (rp[0] && rp[1] && rp[3] && rp[4] && (*rp[0] + *rp[1]) > 0)
      m.central_to_peripheral_ratio = (*rp[3] + *rp[4]) / (*rp[0] + *rp[1]);
    if (prof.size() >= 2) {
      double mk = 0, mp = 0;
      for (auto& [kk, pp] : prof) {
        mk += kk;
        mp += pp;
      }
      mk /= static_cast<double>(prof.size());
      mp /= static_cast<double>(prof.size());
      double num = 0, den = 0;
      for (auto& [kk, pp] : prof) {
        num += (kk - mk) * (pp - mp);
        den += (kk - mk) * (kk - mk);
      }
      if (den > 0) m.radial_slope = num / den;
    }
    const double mean_l = sl.mean();
    m.heterogeneity_cov = mean_l != 0 ? sl.sd() / mean_l : 0.0;
    m.heterogeneity_iqr_median = sl.median != 0 ? (static_cast<double>(sl.q75) - sl.q25) / sl.median : 0.0;
    m.cavities = cavities[static_cast<size_t>(k)];
    const auto& rs = ring_slices[static_cast<size_t>(k)];
    int64_t nring = 0;
    for (uint8_t b : rs) nring += b;
    const int64_t through = slices_through[static_cast<size_t>(k)];
    m.ring_slice_fraction = through > 0 ? static_cast<double>(nring) / static_cast<double>(through) : 0.0;
    metrics.push_back(m);
  }
  return nles;
}

// Mesh measures (sphericity of E and L, maximum 3D diameter of L) and the size gate, on the
// host from the downloaded lesion-id and class maps.
void mesh_and_gate(const ImageI32& ids, const ImageU8& classes, const AnalysisParams& p,
                   std::vector<LesionMetrics>& metrics);

// Case summary: lesion counts, total enhancing volume, the index lesion (the gated lesion with
// the largest core fraction).
void finish_summary(CaseResult& r, const Geometry& g, const AnalysisParams& p);

}  // namespace rimscan::pipeline
