#pragma once
// Small generic building blocks of the pipeline, written once against the backend interface
// (masks as uint8 0/1 in backend memory). Compiled for the CPU and CUDA like everything in
// src/pipeline/*.h.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "pipeline/histogram_stats.h"
#include "rimscan/geometry.h"
#include "rimscan/kernels/ccl.h"
#include "rimscan/kernels/distance.h"
#include "rimscan/kernels/morphology.h"
#include "rimscan/par/hd.h"

namespace rimscan::pipeline {

template <class B>
using U8 = par::ArrayOf<B, uint8_t>;
template <class B>
using F32 = par::ArrayOf<B, float>;
template <class B>
using I32 = par::ArrayOf<B, int32_t>;

// Histogram of values[v] over voxels with mask[v] != 0 (mask may be nullptr) in [lo, hi).
template <class B>
Histogram masked_histogram(const B& be, const float* values, const uint8_t* mask, int64_t n, double lo, double hi,
                           int nbins) {
  Histogram h;
  h.lo = lo;
  h.hi = hi > lo ? hi : lo + 1.0;
  h.counts.assign(static_cast<size_t>(nbins), 0);
  par::ArrayOf<B, int64_t> d_counts(be, nbins);
  const double scale = nbins / (h.hi - h.lo);
  const double lo_ = h.lo;
  be.histogram(
      n,
      RIMSCAN_LAMBDA(int64_t v)->int64_t {
        if (mask && !mask[v]) return -1;
        const double b = (static_cast<double>(values[v]) - lo_) * scale;
        if (!(b >= 0.0)) return -1;
        const int64_t bi = static_cast<int64_t>(b);
        return bi < nbins ? bi : -1;
      },
      nbins, d_counts.data());
  be.download(d_counts.data(), h.counts.data(), nbins);
  return h;
}

// Exact quantiles (linear interpolation at q * (count - 1), numpy's default) of values over the
// mask; empty mask -> empty vector. Compaction + sort, identical on both backends.
template <class B>
std::vector<double> masked_quantiles(const B& be, const float* values, const uint8_t* mask, int64_t n,
                                     const std::vector<double>& qs) {
  par::ArrayOf<B, int64_t> idx(be, n);
  const int64_t m = be.copy_index_if(n, RIMSCAN_LAMBDA(int64_t v) { return mask[v] != 0; }, idx.data());
  if (m == 0) return {};
  F32<B> vals(be, m);
  float* pv = vals.data();
  const int64_t* pi = idx.data();
  be.for_each(m, RIMSCAN_LAMBDA(int64_t k) { pv[k] = values[pi[k]]; });
  be.sort(pv, m);
  std::vector<double> out;
  for (double q : qs) {
    const double pos = q * static_cast<double>(m - 1);
    const int64_t lo = static_cast<int64_t>(pos);
    const int64_t hi = std::min(lo + 1, m - 1);
    const double a = be.get(pv, lo), b = be.get(pv, hi);
    out.push_back(a + (pos - static_cast<double>(lo)) * (b - a));
  }
  return out;
}

template <class B>
int64_t count_nonzero(const B& be, const uint8_t* mask, int64_t n) {
  return be.count_if(n, RIMSCAN_LAMBDA(int64_t v) { return mask[v] != 0; });
}

// out = the largest connected component of mask (ties: the lowest label, i.e. the first in
// raster order). Returns its voxel count (0 for an empty mask, out all zero).
template <class B>
int64_t largest_component(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, kernels::Connectivity conn) {
  const int64_t n = size[0] * size[1] * size[2];
  I32<B> labels(be, n);
  const int32_t nl = kernels::label_components(be, mask, labels.data(), size, conn);
  if (nl == 0) {
    be.fill(out, n, uint8_t{0});
    return 0;
  }
  std::vector<int64_t> counts(static_cast<size_t>(nl) + 1);
  par::ArrayOf<B, int64_t> d_counts(be, nl + 1);
  const int32_t* pl = labels.data();
  be.histogram(n, RIMSCAN_LAMBDA(int64_t v)->int64_t { return pl[v]; }, nl + 1, d_counts.data());
  be.download(d_counts.data(), counts.data(), nl + 1);
  int32_t best = 1;
  for (int32_t l = 2; l <= nl; ++l)
    if (counts[static_cast<size_t>(l)] > counts[static_cast<size_t>(best)]) best = l;
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { out[v] = pl[v] == best ? 1 : 0; });
  return counts[static_cast<size_t>(best)];
}

}  // namespace rimscan::pipeline
