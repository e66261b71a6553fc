#include "pipeline/histogram_stats.h"

#include <algorithm>
#include <cmath>

namespace rimscan::pipeline {

int64_t Histogram::total() const {
  int64_t t = 0;
  for (int64_t c : counts) t += c;
  return t;
}

double Histogram::quantile(double q) const {
  const int64_t n = total();
  if (n == 0 || counts.empty()) return lo;
  const double target = q * static_cast<double>(n);
  double cum = 0;
  for (size_t b = 0; b < counts.size(); ++b) {
    const double next = cum + static_cast<double>(counts[b]);
    if (next >= target && counts[b] > 0) {
      const double frac = (target - cum) / static_cast<double>(counts[b]);
      return lo + (static_cast<double>(b) + std::clamp(frac, 0.0, 1.0)) * bin_width();
    }
    cum = next;
  }
  return hi;
}

double otsu_threshold(const Histogram& h) {
  const size_t nb = h.counts.size();
  double total = 0, sum_all = 0;
  for (size_t b = 0; b < nb; ++b) {
    total += static_cast<double>(h.counts[b]);
    sum_all += static_cast<double>(h.counts[b]) * h.centre(b);
  }
  if (total <= 0) return 0.5 * (h.lo + h.hi);
  double w0 = 0, sum0 = 0, best = -1;
  size_t best_b = nb / 2;
  for (size_t b = 0; b + 1 < nb; ++b) {
    w0 += static_cast<double>(h.counts[b]);
    sum0 += static_cast<double>(h.counts[b]) * h.centre(b);
    const double w1 = total - w0;
    if (w0 <= 0 || w1 <= 0) continue;
    const double m0 = sum0 / w0, m1 = (sum_all - sum0) / w1;
    const double between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      best_b = b;
    }
  }
  return h.lo + static_cast<double>(best_b + 1) * h.bin_width();
}

std::vector<GaussianComponent> fit_mixture(const Histogram& h, const std::vector<double>& init_quantiles,
                                           int iterations) {
  const size_t k = init_quantiles.size(), nb = h.counts.size();
  std::vector<GaussianComponent> comp(k);
  const double range = h.hi - h.lo, floor_sd = 1e-3 * range + 1e-12;
  for (size_t c = 0; c < k; ++c) comp[c] = {1.0 / static_cast<double>(k), h.quantile(init_quantiles[c]), range / 10.0};
  const double total = static_cast<double>(h.total());
  if (total <= 0) return comp;
  std::vector<double> resp(k);
  for (int it = 0; it < iterations; ++it) {
    std::vector<double> nk(k, 0.0), sx(k, 0.0), sxx(k, 0.0);
    for (size_t b = 0; b < nb; ++b) {
      if (h.counts[b] == 0) continue;
      const double x = h.centre(b), w = static_cast<double>(h.counts[b]) / total;
      double norm = 0;
      for (size_t c = 0; c < k; ++c) {
        const double z = (x - comp[c].mean) / comp[c].sd;
        resp[c] = comp[c].weight * std::exp(-0.5 * z * z) / comp[c].sd;
        norm += resp[c];
      }
      if (norm <= 0) continue;
      for (size_t c = 0; c < k; ++c) {
        const double r = w * resp[c] / norm;
        nk[c] += r;
        sx[c] += r * x;
        sxx[c] += r * x * x;
      }
    }
    for (size_t c = 0; c < k; ++c) {
      if (nk[c] <= 1e-12) continue;  // an empty component keeps its parameters
      comp[c].weight = nk[c];
      comp[c].mean = sx[c] / nk[c];
      comp[c].sd = std::sqrt(std::max(sxx[c] / nk[c] - comp[c].mean * comp[c].mean, 0.0)) + floor_sd;
    }
  }
  std::sort(comp.begin(), comp.end(), [](const GaussianComponent& a, const GaussianComponent& b) { return a.mean < b.mean; });
  return comp;
}

}  // namespace rimscan::pipeline
