#pragma once
// The backend half of a radiomics extraction, written once against the backend primitives
// (include/rimscan/par/cpu_backend.h) and instantiated for the CPU and for CUDA by the engine:
// discretisation, first-order sums, and the texture matrices as integer counts accumulated with
// atomics (so both backends produce identical matrices whatever the order of the updates).
// Feature formulas are evaluated from these on the host, in double (src/features/radiomics/).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "rimscan/error.h"
#include "rimscan/features/radiomics/roi.h"
#include "rimscan/kernels/detail/radiomics_math.h"
#include "rimscan/par/hd.h"

namespace rimscan::radiomics {

// Grey levels above this make the matrices too large to be meaningful (a binWidth far below the
// intensity resolution); refused with a clear message.
inline constexpr int32_t kMaxGreyLevels = 4096;

namespace device_detail {

// Grey levels on a grid padded by `pad` zero voxels on every side: every neighbour or run step of
// an ROI voxel (offsets up to `pad` per axis) then stays inside the array, so the matrix kernels
// use precomputed linear offsets without bounds checks, and runs stop at the zero border.
struct PaddedGrid {
  int64_t nx = 0, ny = 0, nz = 0;  // padded size
  int64_t pad = 1;
  int64_t n() const { return nx * ny * nz; }
  int64_t linear(const Offset& o) const { return o[0] + nx * (o[1] + ny * static_cast<int64_t>(o[2])); }
};

template <class B>
void discretise(const B& be, const float* values, const uint8_t* roi, Size3 size, PaddedGrid g, BinSpec s,
                int32_t* levels) {
  const bool fc = s.fixed_count;
  const double low = s.low, width = s.width, mn = s.min, mx = s.max;
  const int32_t count = s.count;
  const int64_t sx = size[0], sy = size[1], sz = size[2], pad = g.pad, px = g.nx, py = g.ny;
  be.for_each(g.n(), RIMSCAN_LAMBDA(int64_t v) {
    int64_t i, j, k;
    kernels::detail::unravel(v, px, py, &i, &j, &k);
    i -= pad, j -= pad, k -= pad;
    int32_t l = 0;
    if (i >= 0 && j >= 0 && k >= 0 && i < sx && j < sy && k < sz) {
      const int64_t c = i + sx * (j + sy * k);
      if (roi[c]) l = kernels::detail::grey_level(values[c], fc, low, width, mn, mx, count);
    }
    levels[v] = l;
  });
}

// numpy.percentile(..., interpolation='linear') of sorted values.
template <class B>
double percentile(const B& be, const float* sorted, int64_t m, double p) {
  const double pos = p / 100.0 * static_cast<double>(m - 1);
  const int64_t lo = static_cast<int64_t>(std::floor(pos));
  const int64_t hi = std::min(lo + 1, m - 1);
  const double t = pos - static_cast<double>(lo);
  const double a = be.get(sorted, lo), b = be.get(sorted, hi);
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1.0 - t);
}

template <class B>
FirstOrderStats first_order(const B& be, const float* values, const uint8_t* roi, int64_t n, double shift) {
  FirstOrderStats st;
  par::ArrayOf<B, int64_t> idx(be, n);
  int64_t* ip = idx.data();
  const int64_t m = be.copy_index_if(n, RIMSCAN_LAMBDA(int64_t v) { return roi[v] != 0; }, ip);
  st.n = m;
  if (m == 0) return st;
  par::ArrayOf<B, float> sorted(be, m);
  float* sp = sorted.data();
  be.for_each(m, RIMSCAN_LAMBDA(int64_t t) { sp[t] = values[ip[t]]; });
  be.sort(sp, m);
  st.min = be.get(sp, 0);
  st.max = be.get(sp, m - 1);
  const double dm = static_cast<double>(m);
  st.mean = be.transform_sum(m, RIMSCAN_LAMBDA(int64_t t) { return static_cast<double>(sp[t]); }) / dm;
  const double mu = st.mean;
  st.m2 = be.transform_sum(m, RIMSCAN_LAMBDA(int64_t t) {
    const double d = static_cast<double>(sp[t]) - mu;
    return d * d;
  }) / dm;
  st.m3 = be.transform_sum(m, RIMSCAN_LAMBDA(int64_t t) {
    const double d = static_cast<double>(sp[t]) - mu;
    return d * d * d;
  }) / dm;
  st.m4 = be.transform_sum(m, RIMSCAN_LAMBDA(int64_t t) {
    const double d = static_cast<double>(sp[t]) - mu;
    return d * d * d * d;
  }) / dm;
  st.mean_abs_dev = be.transform_sum(m, RIMSCAN_LAMBDA(int64_t t) {
    const double d = static_cast<double>(sp[t]) - mu;
    return d < 0 ? -d : d;
  }) / dm;
  st.sum_sq_shifted = be.transform_sum(m, RIMSCAN_LAMBDA(int64_t t) {
    const double d = static_cast<double>(sp[t]) + shift;
    return d * d;
  });
  st.p10 = percentile(be, sp, m, 10);
  st.p25 = percentile(be, sp, m, 25);
  st.p50 = percentile(be, sp, m, 50);
  st.p75 = percentile(be, sp, m, 75);
  st.p90 = percentile(be, sp, m, 90);
  const double med = st.p50;
  st.median_abs_dev = be.transform_sum(m, RIMSCAN_LAMBDA(int64_t t) {
    const double d = static_cast<double>(sp[t]) - med;
    return d < 0 ? -d : d;
  }) / dm;
  // Robust mean absolute deviation: the sorted values within [p10, p90] are one index range.
  const double p10 = st.p10, p90 = st.p90;
  const int64_t lo = be.count_if(m, RIMSCAN_LAMBDA(int64_t t) { return static_cast<double>(sp[t]) < p10; });
  const int64_t hi = be.count_if(m, RIMSCAN_LAMBDA(int64_t t) { return static_cast<double>(sp[t]) <= p90; });
  const int64_t r = hi - lo;
  if (r > 0) {
    const float* rp = sp + lo;
    const double rmean = be.transform_sum(r, RIMSCAN_LAMBDA(int64_t t) { return static_cast<double>(rp[t]); }) /
                         static_cast<double>(r);
    st.robust_mean_abs_dev = be.transform_sum(r, RIMSCAN_LAMBDA(int64_t t) {
      const double d = static_cast<double>(rp[t]) - rmean;
      return d < 0 ? -d : d;
    }) / static_cast<double>(r);
  }
  return st;
}

template <class B>
void glcm_counts(const B& be, const int32_t* lv, int64_t n, const int64_t* offs, int32_t ndir, int32_t ng,
                 int32_t* out) {
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const int32_t a = lv[v];
    if (a <= 0) return;
    for (int32_t d = 0; d < ndir; ++d) {
      const int32_t b = lv[v + offs[d]];
      if (b > 0) par::atomic_add(out + (static_cast<int64_t>(d) * ng + (a - 1)) * ng + (b - 1), 1);
    }
  });
}

template <class B>
void glrlm_counts(const B& be, const int32_t* lv, int64_t n, const int64_t* offs, int32_t ndir, int32_t ng,
                  int32_t max_run, int32_t* out) {
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const int32_t a = lv[v];
    if (a <= 0) return;
    for (int32_t d = 0; d < ndir; ++d) {
      const int64_t o = offs[d];
      if (lv[v - o] == a) continue;  // not the first voxel of its run
      int32_t len = 1;
      for (int64_t w = v + o; lv[w] == a; w += o) ++len;
      par::atomic_add(out + (static_cast<int64_t>(d) * ng + (a - 1)) * max_run + (len - 1), 1);
    }
  });
}

// Neighbourhood dependence (GLDM) and grey tone differences (NGTDM) in one pass.
template <class B>
void neighbourhood_counts(const B& be, const int32_t* lv, int64_t n, const int64_t* full, int32_t nfull, int32_t alpha,
                          int32_t max_dep, int32_t* gldm, unsigned long long* ngt_num, int32_t* ngt_n) {
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const int32_t a = lv[v];
    if (a <= 0) return;
    int32_t dep = 0, cnt = 0;
    int64_t sum = 0;
    for (int32_t d = 0; d < nfull; ++d) {
      const int32_t b = lv[v + full[d]];
      if (b <= 0) continue;
      ++cnt;
      sum += b;
      const int32_t diff = a > b ? a - b : b - a;
      if (diff <= alpha) ++dep;
    }
    if (gldm) par::atomic_add(gldm + static_cast<int64_t>(a - 1) * max_dep + dep, 1);
    if (ngt_num && cnt > 0) {
      const int64_t s = static_cast<int64_t>(a) * cnt - sum;
      par::atomic_add(ngt_num + static_cast<int64_t>(a - 1) * max_dep + cnt,
                      static_cast<unsigned long long>(s < 0 ? -s : s));
      par::atomic_add(ngt_n + (a - 1), 1);
    }
  });
}

// Zones: connected voxels of equal grey level (26-connected, or 8-connected within slices).
// Returns (level, size) of every zone.
template <class B>
std::vector<std::array<int64_t, 3>> size_zones(const B& be, const int32_t* lv, PaddedGrid g, bool two_d, int slice_axis) {
  const int64_t n = g.n();
  // The 13 forward neighbours of 26-connectivity (or the 4 of 8-connectivity in-plane).
  std::vector<int64_t> offs;
  for (int32_t dz = -1; dz <= 1; ++dz)
    for (int32_t dy = -1; dy <= 1; ++dy)
      for (int32_t dx = -1; dx <= 1; ++dx) {
        const Offset o{dx, dy, dz};
        if (dx + 3 * (dy + 3 * dz) <= 0) continue;
        if (two_d && o[static_cast<size_t>(slice_axis)] != 0) continue;
        offs.push_back(g.linear(o));
      }
  const int32_t nof = static_cast<int32_t>(offs.size());
  par::ArrayOf<B, int64_t> d_offs(be, nof);
  par::ArrayOf<B, int32_t> parent(be, n), zsize(be, n);
  be.upload(offs.data(), d_offs.data(), nof);
  int32_t* pp = parent.data();
  int32_t* zp = zsize.data();
  const int64_t* op = d_offs.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    pp[v] = static_cast<int32_t>(v);
    zp[v] = 0;
  });
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    const int32_t a = lv[v];
    if (a <= 0) return;
    for (int32_t d = 0; d < nof; ++d) {
      const int64_t w = v + op[d];
      if (lv[w] == a) kernels::detail::uf_union(pp, static_cast<int32_t>(v), static_cast<int32_t>(w));
    }
  });
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    if (lv[v] <= 0) return;
    par::atomic_add(zp + kernels::detail::uf_find(pp, static_cast<int32_t>(v)), 1);
  });
  par::ArrayOf<B, int64_t> roots(be, n);
  int64_t* rp = roots.data();
  const int64_t nz_roots = be.copy_index_if(n, RIMSCAN_LAMBDA(int64_t v) { return lv[v] > 0 && pp[v] == v; }, rp);
  std::vector<std::array<int64_t, 3>> out;
  if (nz_roots == 0) return out;
  par::ArrayOf<B, int32_t> zl(be, nz_roots), zs(be, nz_roots);
  int32_t* zlp = zl.data();
  int32_t* zsp = zs.data();
  be.for_each(nz_roots, RIMSCAN_LAMBDA(int64_t t) {
    zlp[t] = lv[rp[t]];
    zsp[t] = zp[rp[t]];
  });
  std::vector<int32_t> hl(static_cast<size_t>(nz_roots)), hs(static_cast<size_t>(nz_roots));
  be.download(zlp, hl.data(), nz_roots);
  be.download(zsp, hs.data(), nz_roots);
  std::map<std::pair<int64_t, int64_t>, int64_t> agg;
  for (size_t t = 0; t < hl.size(); ++t) ++agg[{hl[t], hs[t]}];
  out.reserve(agg.size());
  for (const auto& [k, c] : agg) out.push_back({k.first, k.second, c});
  return out;
}

}  // namespace device_detail

// Everything the backend computes for one ROI.
template <class B>
DeviceOutput run_radiomics_device(const B& be, const RoiCrop& crop, const BinningRule& rule, const MatrixRequest& req) {
  DeviceOutput out;
  const int64_t n = crop.num_voxels();
  RIMSCAN_ASSERT(static_cast<int64_t>(crop.values.size()) == n && static_cast<int64_t>(crop.roi.size()) == n,
                 "radiomics crop arrays do not match its size");
  RIMSCAN_ASSERT(n < (int64_t{1} << 31), "radiomics crop exceeds 2^31 voxels");
  par::ArrayOf<B, float> values(be, n);
  par::ArrayOf<B, uint8_t> roi(be, n);
  be.upload(crop.values.data(), values.data(), n);
  be.upload(crop.roi.data(), roi.data(), n);
  const float* vp = values.data();
  const uint8_t* rp = roi.data();
  const float inf = std::numeric_limits<float>::infinity();
  const float mn = be.transform_min(n, RIMSCAN_LAMBDA(int64_t v) { return rp[v] ? vp[v] : inf; }, inf);
  const float mx = be.transform_max(n, RIMSCAN_LAMBDA(int64_t v) { return rp[v] ? vp[v] : -inf; }, -inf);
  if (!(mn <= mx)) throw Error(ErrorCode::kEmptyMask, "radiomics: the ROI has no voxel");
  out.bins = make_bin_spec(rule, mn, mx);

  device_detail::PaddedGrid grid;
  for (const auto& o : req.offsets)
    for (int32_t c : o) grid.pad = std::max<int64_t>(grid.pad, c < 0 ? -c : c);
  grid.nx = crop.size[0] + 2 * grid.pad;
  grid.ny = crop.size[1] + 2 * grid.pad;
  grid.nz = crop.size[2] + 2 * grid.pad;
  const int64_t pn = grid.n();
  RIMSCAN_ASSERT(pn < (int64_t{1} << 31), "radiomics crop exceeds 2^31 voxels");
  par::ArrayOf<B, int32_t> levels(be, pn);
  int32_t* lv = levels.data();
  device_detail::discretise(be, vp, rp, crop.size, grid, out.bins, lv);
  const int32_t ng = be.transform_max(pn, RIMSCAN_LAMBDA(int64_t v) { return lv[v]; }, int32_t{0});
  if (ng > kMaxGreyLevels)
    throw Error(ErrorCode::kUsage, "radiomics: discretisation gives " + std::to_string(ng) +
                                       " grey levels (more than " + std::to_string(kMaxGreyLevels) +
                                       "); use a larger binWidth or binCount");
  out.level_histogram.assign(static_cast<size_t>(ng) + 1, 0);
  {
    par::ArrayOf<B, int64_t> hist(be, ng + 1);
    be.histogram(pn, RIMSCAN_LAMBDA(int64_t v) { return static_cast<int64_t>(lv[v] > 0 ? lv[v] : -1); }, ng + 1,
                 hist.data());
    be.download(hist.data(), out.level_histogram.data(), ng + 1);
  }
  if (req.first_order) out.first_order = device_detail::first_order(be, vp, rp, n, req.voxel_array_shift);

  TextureMatrices& m = out.matrices;
  m.ng = ng;
  m.ndirs = static_cast<int32_t>(req.offsets.size());
  // Linear offsets on the padded grid: the directions, then their negatives (neighbourhoods).
  std::vector<int64_t> full;
  for (const auto& o : req.offsets) full.push_back(grid.linear(o));
  for (const auto& o : req.offsets) full.push_back(-grid.linear(o));
  const int32_t nfull = 2 * m.ndirs;
  par::ArrayOf<B, int64_t> d_offs(be, static_cast<int64_t>(full.size()));
  be.upload(full.data(), d_offs.data(), static_cast<int64_t>(full.size()));
  const int64_t* op = d_offs.data();

  if (req.glcm && m.ndirs > 0) {
    const int64_t len = static_cast<int64_t>(m.ndirs) * ng * ng;
    par::ArrayOf<B, int32_t> g(be, len);
    be.fill(g.data(), len, int32_t{0});
    device_detail::glcm_counts(be, lv, pn, op, m.ndirs, ng, g.data());
    m.glcm.resize(static_cast<size_t>(len));
    be.download(g.data(), m.glcm.data(), len);
  }
  if (req.glrlm && m.ndirs > 0) {
    m.max_run = static_cast<int32_t>(std::max({crop.size[0], crop.size[1], crop.size[2]}));
    const int64_t len = static_cast<int64_t>(m.ndirs) * ng * m.max_run;
    par::ArrayOf<B, int32_t> r(be, len);
    be.fill(r.data(), len, int32_t{0});
    device_detail::glrlm_counts(be, lv, pn, op, m.ndirs, ng, m.max_run, r.data());
    m.glrlm.resize(static_cast<size_t>(len));
    be.download(r.data(), m.glrlm.data(), len);
  }
  if (req.glszm) m.glszm = device_detail::size_zones(be, lv, grid, req.two_d, req.slice_axis);
  if (req.gldm || req.ngtdm) {
    m.max_dep = nfull + 1;
    const int64_t len = static_cast<int64_t>(ng) * m.max_dep;
    par::ArrayOf<B, int32_t> dg(be, req.gldm ? len : 0), nn(be, req.ngtdm ? ng : 0);
    par::ArrayOf<B, unsigned long long> num(be, req.ngtdm ? len : 0);
    if (req.gldm) be.fill(dg.data(), len, int32_t{0});
    if (req.ngtdm) {
      be.fill(num.data(), len, 0ull);
      be.fill(nn.data(), static_cast<int64_t>(ng), int32_t{0});
    }
    device_detail::neighbourhood_counts(be, lv, pn, op, nfull, req.gldm_a, m.max_dep,
                                        req.gldm ? dg.data() : nullptr, req.ngtdm ? num.data() : nullptr,
                                        req.ngtdm ? nn.data() : nullptr);
    if (req.gldm) {
      m.gldm.resize(static_cast<size_t>(len));
      be.download(dg.data(), m.gldm.data(), len);
    }
    if (req.ngtdm) {
      m.ngtdm_num.resize(static_cast<size_t>(len));
      m.ngtdm_n.resize(static_cast<size_t>(ng));
      be.download(num.data(), m.ngtdm_num.data(), len);
      be.download(nn.data(), m.ngtdm_n.data(), ng);
    }
  }
  return out;
}

}  // namespace rimscan::radiomics
