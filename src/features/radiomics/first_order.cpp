// First-order statistics (pyradiomics firstorder, IBSI 3.3), the IBSI intensity histogram
// (3.4) and intensity-volume histogram (3.5) features.
#include <algorithm>
#include <cmath>
#include <limits>

#include "rimscan/features/radiomics/features.h"

namespace rimscan::radiomics {
namespace {

// pyradiomics' epsilon inside logarithms (numpy.spacing(1)).
constexpr double kEps = 2.220446049250313e-16;

// Percentile (numpy 'linear') of the grey levels described by a histogram.
double hist_percentile(const std::vector<int64_t>& h, int64_t n, double p) {
  const double pos = p / 100.0 * static_cast<double>(n - 1);
  const int64_t lo = static_cast<int64_t>(std::floor(pos));
  const double t = pos - static_cast<double>(lo);
  auto level_at = [&h](int64_t idx) {
    int64_t cum = 0;
    for (size_t l = 1; l < h.size(); ++l) {
      cum += h[l];
      if (idx < cum) return static_cast<double>(l);
    }
    return static_cast<double>(h.size() - 1);
  };
  const double a = level_at(lo), b = level_at(std::min(lo + 1, n - 1));
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1.0 - t);
}

}  // namespace

ClassValues firstorder_features(const FirstOrderStats& st, const std::vector<int64_t>& h, double voxel_volume,
                                const RadiomicsParams& p) {
  ClassValues v;
  const double n = static_cast<double>(st.n);
  double entropy = 0, uniformity = 0;
  for (size_t l = 1; l < h.size(); ++l) {
    if (h[l] == 0) continue;
    const double q = static_cast<double>(h[l]) / n;
    entropy -= q * std::log2(q + kEps);
    uniformity += q * q;
  }
  const double skew = st.m2 > 0 ? st.m3 / std::pow(st.m2, 1.5) : 0.0;
  double kurt = st.m2 > 0 ? st.m4 / (st.m2 * st.m2) : 0.0;
  if (p.excess_kurtosis && st.m2 > 0) kurt -= 3.0;
  v.emplace_back("10Percentile", st.p10);
  v.emplace_back("90Percentile", st.p90);
  v.emplace_back("Energy", st.sum_sq_shifted);
  v.emplace_back("Entropy", entropy);
  v.emplace_back("InterquartileRange", st.p75 - st.p25);
  v.emplace_back("Kurtosis", kurt);
  v.emplace_back("Maximum", st.max);
  v.emplace_back("Mean", st.mean);
  v.emplace_back("MeanAbsoluteDeviation", st.mean_abs_dev);
  v.emplace_back("Median", st.p50);
  v.emplace_back("Minimum", st.min);
  v.emplace_back("Range", st.max - st.min);
  v.emplace_back("RobustMeanAbsoluteDeviation", st.robust_mean_abs_dev);
  v.emplace_back("RootMeanSquared", n > 0 ? std::sqrt(st.sum_sq_shifted / n) : 0.0);
  v.emplace_back("Skewness", skew);
  v.emplace_back("TotalEnergy", st.sum_sq_shifted * voxel_volume);
  v.emplace_back("Uniformity", uniformity);
  v.emplace_back("Variance", st.m2);
  v.emplace_back("StandardDeviation", std::sqrt(st.m2));
  v.emplace_back("MedianAbsoluteDeviation", st.median_abs_dev);
  v.emplace_back("CoefficientOfVariation", st.mean != 0 ? std::sqrt(st.m2) / st.mean : 0.0);
  v.emplace_back("QuartileCoefficientOfDispersion", (st.p75 + st.p25) != 0 ? (st.p75 - st.p25) / (st.p75 + st.p25) : 0.0);
  return v;
}

ClassValues intensity_histogram_features(const std::vector<int64_t>& h, const RadiomicsParams& p) {
  ClassValues v;
  int64_t n = 0;
  for (size_t l = 1; l < h.size(); ++l) n += h[l];
  if (n == 0) return v;
  const double dn = static_cast<double>(n);
  const int64_t ng = static_cast<int64_t>(h.size()) - 1;
  double mean = 0;
  for (int64_t l = 1; l <= ng; ++l) mean += static_cast<double>(l) * static_cast<double>(h[static_cast<size_t>(l)]);
  mean /= dn;
  double m2 = 0, m3 = 0, m4 = 0, mad = 0, entropy = 0, unif = 0;
  int64_t lmin = 0, lmax = 0, mode = 0;
  for (int64_t l = 1; l <= ng; ++l) {
    const double c = static_cast<double>(h[static_cast<size_t>(l)]);
    if (c == 0) continue;
    if (lmin == 0) lmin = l;
    lmax = l;
    if (mode == 0 || h[static_cast<size_t>(l)] > h[static_cast<size_t>(mode)]) mode = l;
    const double d = static_cast<double>(l) - mean;
    m2 += c * d * d;
    m3 += c * d * d * d;
    m4 += c * d * d * d * d;
    mad += c * std::fabs(d);
    const double q = c / dn;
    entropy -= q * std::log2(q);
    unif += q * q;
  }
  m2 /= dn, m3 /= dn, m4 /= dn, mad /= dn;
  const double p10 = hist_percentile(h, n, 10), p25 = hist_percentile(h, n, 25), p50 = hist_percentile(h, n, 50),
               p75 = hist_percentile(h, n, 75), p90 = hist_percentile(h, n, 90);
  double medad = 0, rsum = 0, rcount = 0;
  for (int64_t l = 1; l <= ng; ++l) {
    const double c = static_cast<double>(h[static_cast<size_t>(l)]);
    medad += c * std::fabs(static_cast<double>(l) - p50);
    if (l >= p10 && l <= p90) rsum += c * static_cast<double>(l), rcount += c;
  }
  medad /= dn;
  double rmad = 0;
  if (rcount > 0) {
    const double rmean = rsum / rcount;
    for (int64_t l = 1; l <= ng; ++l)
      if (l >= p10 && l <= p90) rmad += static_cast<double>(h[static_cast<size_t>(l)]) * std::fabs(static_cast<double>(l) - rmean);
    rmad /= rcount;
  }
  // Histogram gradient over the bins 1..Ng: central differences inside, one-sided at the ends.
  double gmax = -std::numeric_limits<double>::infinity(), gmin = std::numeric_limits<double>::infinity();
  int64_t gmax_at = 1, gmin_at = 1;
  for (int64_t l = 1; l <= ng; ++l) {
    auto H = [&h](int64_t k) { return static_cast<double>(h[static_cast<size_t>(k)]); };
    double g;
    if (ng == 1) g = 0;
    else if (l == 1) g = H(2) - H(1);
    else if (l == ng) g = H(ng) - H(ng - 1);
    else g = (H(l + 1) - H(l - 1)) / 2.0;
    if (g > gmax) gmax = g, gmax_at = l;
    if (g < gmin) gmin = g, gmin_at = l;
  }
  const double sd = std::sqrt(m2);
  double kurt = m2 > 0 ? m4 / (m2 * m2) : 0;
  if (p.excess_kurtosis && m2 > 0) kurt -= 3.0;
  v.emplace_back("Mean", mean);
  v.emplace_back("Variance", m2);
  v.emplace_back("Skewness", m2 > 0 ? m3 / std::pow(m2, 1.5) : 0.0);
  v.emplace_back("Kurtosis", kurt);
  v.emplace_back("Median", p50);
  v.emplace_back("Minimum", static_cast<double>(lmin));
  v.emplace_back("10Percentile", p10);
  v.emplace_back("90Percentile", p90);
  v.emplace_back("Maximum", static_cast<double>(lmax));
  v.emplace_back("Mode", static_cast<double>(mode));
  v.emplace_back("InterquartileRange", p75 - p25);
  v.emplace_back("Range", static_cast<double>(lmax - lmin));
  v.emplace_back("MeanAbsoluteDeviation", mad);
  v.emplace_back("RobustMeanAbsoluteDeviation", rmad);
  v.emplace_back("MedianAbsoluteDeviation", medad);
  v.emplace_back("CoefficientOfVariation", mean != 0 ? sd / mean : 0.0);
  v.emplace_back("QuartileCoefficientOfDispersion", (p75 + p25) != 0 ? (p75 - p25) / (p75 + p25) : 0.0);
  v.emplace_back("Entropy", entropy);
  v.emplace_back("Uniformity", unif);
  v.emplace_back("MaximumHistogramGradient", gmax);
  v.emplace_back("MaximumHistogramGradientIntensity", static_cast<double>(gmax_at));
  v.emplace_back("MinimumHistogramGradient", gmin);
  v.emplace_back("MinimumHistogramGradientIntensity", static_cast<double>(gmin_at));
  return v;
}

// IBSI 3.5 on grey levels 1..Ng: intensity fraction (i - 1) / (Ng - 1); volume fraction nu(i) =
// fraction of voxels with level >= i.
ClassValues intensity_volume_features(const std::vector<int64_t>& h) {
  ClassValues v;
  const int64_t ng = static_cast<int64_t>(h.size()) - 1;
  int64_t n = 0;
  for (int64_t l = 1; l <= ng; ++l) n += h[static_cast<size_t>(l)];
  if (n == 0) return v;
  std::vector<double> nu(static_cast<size_t>(ng) + 2, 0.0);
  for (int64_t l = ng; l >= 1; --l)
    nu[static_cast<size_t>(l)] = nu[static_cast<size_t>(l + 1)] + static_cast<double>(h[static_cast<size_t>(l)]) / static_cast<double>(n);
  auto volume_at_fraction = [&](double f) {  // V_f: volume fraction at intensity fraction >= f
    const double threshold = 1.0 + f * static_cast<double>(ng - 1);
    for (int64_t l = 1; l <= ng; ++l)
      if (static_cast<double>(l) >= threshold) return nu[static_cast<size_t>(l)];
    return 0.0;
  };
  auto intensity_at_volume = [&](double f) {  // I_f: lowest level whose nu <= f
    for (int64_t l = 1; l <= ng; ++l)
      if (nu[static_cast<size_t>(l)] <= f) return static_cast<double>(l);
    return static_cast<double>(ng + 1);
  };
  const double v10 = volume_at_fraction(0.10), v90 = volume_at_fraction(0.90);
  const double i10 = intensity_at_volume(0.10), i90 = intensity_at_volume(0.90);
  v.emplace_back("VolumeFractionAt10Intensity", v10);
  v.emplace_back("VolumeFractionAt90Intensity", v90);
  v.emplace_back("IntensityAt10Volume", i10);
  v.emplace_back("IntensityAt90Volume", i90);
  v.emplace_back("VolumeFractionDifferenceBetween10And90Intensity", v10 - v90);
  v.emplace_back("IntensityDifferenceBetween10And90Volume", i10 - i90);
  return v;
}

}  // namespace rimscan::radiomics
