#pragma once
// Host-side statistics on small histograms (a few hundred bins): Otsu's threshold and a
// Gaussian mixture fitted by EM. Deterministic (fixed initialisation, fixed iteration count).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rimscan::pipeline {

struct Histogram {
  double lo = 0, hi = 1;       // value range covered by the bins
  std::vector<int64_t> counts; // equal-width bins
  double bin_width() const { return (hi - lo) / static_cast<double>(counts.size()); }
  double centre(size_t b) const { return lo + (static_cast<double>(b) + 0.5) * bin_width(); }
  int64_t total() const;
  // Value below which a fraction q of the counts lies (linear within the bin).
  double quantile(double q) const;
};

// Otsu's threshold (maximum between-class variance); returns a bin edge value.
double otsu_threshold(const Histogram& h);

struct GaussianComponent {
  double weight = 0, mean = 0, sd = 0;
};

// EM fit of a k-component 1D Gaussian mixture to the histogram, initialised at the given
// quantiles with equal weights and sd = range/10. Components returned sorted by mean.
std::vector<GaussianComponent> fit_mixture(const Histogram& h, const std::vector<double>& init_quantiles,
                                           int iterations = 200);

}  // namespace rimscan::pipeline
