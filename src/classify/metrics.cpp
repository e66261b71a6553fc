// Flag evaluation metrics (include/rimscan/classify/metrics.h, docs/validation.md).
#include "rimscan/classify/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "rimscan/classify/logistic.h"
#include "rimscan/error.h"

namespace rimscan::classify {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_inputs(const std::vector<double>& score, const std::vector<int>& y, const char* what) {
  if (score.size() != y.size())
    throw Error(ErrorCode::kInputInvalid, std::string(what) + ": scores and labels have different lengths");
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1) throw Error(ErrorCode::kInputInvalid, std::string(what) + ": labels must be 0 or 1");
    if (std::isnan(score[i])) throw Error(ErrorCode::kInputInvalid, std::string(what) + ": a score is NaN");
  }
}

// Mann-Whitney AUC by mid-ranks; no input checks (callers check once).
double auc_unchecked(const std::vector<double>& score, const std::vector<int>& y) {
  const size_t n = score.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
  double rank_sum_pos = 0;
  int64_t npos = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && score[order[j + 1]] == score[order[i]]) ++j;
    const double mid_rank = 0.5 * static_cast<double>(i + j) + 1.0;  // ranks are 1-based
    for (size_t t = i; t <= j; ++t)
      if (y[order[t]]) rank_sum_pos += mid_rank, ++npos;
    i = j + 1;
  }
  const int64_t nneg = static_cast<int64_t>(n) - npos;
  if (npos == 0 || nneg == 0) return kNaN;
  const double u = rank_sum_pos - 0.5 * static_cast<double>(npos) * static_cast<double>(npos + 1);
  return u / (static_cast<double>(npos) * static_cast<double>(nneg));
}

// SplitMix64 (Steele, Lea & Flood 2014): a counter-based 64-bit generator, identical everywhere.
uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Uniform integer in [0, n) from 64 random bits (Lemire's multiply-shift; bias < n / 2^64).
size_t uniform_index(uint64_t r, size_t n) {
  return static_cast<size_t>((static_cast<unsigned __int128>(r) * n) >> 64);
}

// Hyndman-Fan type 7 quantile of sorted values.
double quantile_sorted(const std::vector<double>& v, double q) {
  const double h = (static_cast<double>(v.size()) - 1.0) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

double auc(const std::vector<double>& score, const std::vector<int>& y) {
  check_inputs(score, y, "AUC");
  return auc_unchecked(score, y);
}

Interval bootstrap_auc_ci(const std::vector<double>& score, const std::vector<int>& y, int resamples, uint64_t seed,
                          double level) {
  check_inputs(score, y, "bootstrap AUC");
  if (resamples < 2 || !(level > 0 && level < 1))
    throw Error(ErrorCode::kInputInvalid, "bootstrap AUC: need at least 2 resamples and a level in (0, 1)");
  std::vector<double> pos, neg;
  for (size_t i = 0; i < y.size(); ++i) (y[i] ? pos : neg).push_back(score[i]);
  if (pos.empty() || neg.empty()) return {kNaN, kNaN};
  std::vector<double> aucs;
  aucs.reserve(static_cast<size_t>(resamples));
  std::vector<double> s(y.size());
  std::vector<int> lab(y.size());
  uint64_t counter = splitmix64(seed);
  for (int r = 0; r < resamples; ++r) {
    size_t t = 0;
    for (size_t i = 0; i < pos.size(); ++i, ++t) s[t] = pos[uniform_index(splitmix64(counter++), pos.size())], lab[t] = 1;
    for (size_t i = 0; i < neg.size(); ++i, ++t) s[t] = neg[uniform_index(splitmix64(counter++), neg.size())], lab[t] = 0;
    aucs.push_back(auc_unchecked(s, lab));
  }
  std::sort(aucs.begin(), aucs.end());
  const double alpha = 1.0 - level;
  return {quantile_sorted(aucs, alpha / 2), quantile_sorted(aucs, 1.0 - alpha / 2)};
}

std::vector<RocPoint> roc_curve(const std::vector<double>& score, const std::vector<int>& y) {
  check_inputs(score, y, "ROC");
  const size_t n = score.size();
  int64_t npos = 0;
  for (int v : y) npos += v;
  const int64_t nneg = static_cast<int64_t>(n) - npos;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
  std::vector<RocPoint> pts;
  pts.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0});
  int64_t tp = 0, fp = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && score[order[j]] == score[order[i]]) (y[order[j]] ? tp : fp) += 1, ++j;
    pts.push_back({score[order[i]], nneg ? static_cast<double>(fp) / static_cast<double>(nneg) : kNaN,
                   npos ? static_cast<double>(tp) / static_cast<double>(npos) : kNaN});
    i = j;
  }
  return pts;
}

double youden_threshold(const std::vector<double>& p, const std::vector<int>& y) {
  check_inputs(p, y, "Youden threshold");
  int64_t npos = 0;
  for (int v : y) npos += v;
  const int64_t nneg = static_cast<int64_t>(y.size()) - npos;
  if (npos == 0 || nneg == 0) return kNaN;
  // Sweep the distinct values in increasing order; after value v_j every case <= v_j is called
  // negative, the rest positive, which is the cut between v_j and v_{j+1}.
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  int64_t fn = 0, tn = 0;
  double best_j = -2, best_cut = 0.5;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && p[order[j]] == p[order[i]]) (y[order[j]] ? fn : tn) += 1, ++j;
    if (j == order.size()) break;
    const double sens = static_cast<double>(npos - fn) / static_cast<double>(npos);
    const double spec = static_cast<double>(tn) / static_cast<double>(nneg);
    const double jstat = sens + spec - 1.0;
    const double cut = sigmoid(0.5 * (logit(p[order[i]]) + logit(p[order[j]])));
    const bool better = jstat > best_j + 1e-12 ||
                        (std::fabs(jstat - best_j) <= 1e-12 && std::fabs(logit(cut)) < std::fabs(logit(best_cut)));
    if (better) best_j = jstat, best_cut = cut;
    i = j;
  }
  return best_cut;
}

Call parse_call(const std::string& text) {
  if (text == "positive") return Call::kPositive;
  if (text == "negative") return Call::kNegative;
  if (text == "indeterminate") return Call::kIndeterminate;
  throw Error(ErrorCode::kInputInvalid, "'" + text + "' is not a call (positive, negative or indeterminate)");
}

CallCounts count_calls(const std::vector<Call>& calls, const std::vector<int>& y) {
  if (calls.size() != y.size()) throw Error(ErrorCode::kInputInvalid, "calls and labels have different lengths");
  CallCounts c;
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1) throw Error(ErrorCode::kInputInvalid, "labels must be 0 or 1");
    switch (calls[i]) {
      case Call::kPositive: (y[i] ? c.tp : c.fp) += 1; break;
      case Call::kNegative: (y[i] ? c.fn : c.tn) += 1; break;
      case Call::kIndeterminate: (y[i] ? c.indeterminate_pos : c.indeterminate_neg) += 1; break;
    }
  }
  return c;
}

Proportion proportion(int64_t k, int64_t n) {
  Proportion p;
  p.k = k;
  p.n = n;
  if (n <= 0) {
    p.value = p.ci.lo = p.ci.hi = kNaN;
    return p;
  }
  const double z = 1.959963984540054, nn = static_cast<double>(n), ph = static_cast<double>(k) / nn;
  const double denom = 1.0 + z * z / nn;
  const double centre = (ph + z * z / (2 * nn)) / denom;
  const double half = z * std::sqrt(ph * (1 - ph) / nn + z * z / (4 * nn * nn)) / denom;
  p.value = ph;
  p.ci = {std::max(0.0, centre - half), std::min(1.0, centre + half)};
  return p;
}

double cohens_kappa(int64_t a, int64_t b, int64_t c, int64_t d) {
  const double n = static_cast<double>(a + b + c + d);
  if (n <= 0) return kNaN;
  const double po = static_cast<double>(a + d) / n;
  const double pe = (static_cast<double>(a + b) * static_cast<double>(a + c) +
                     static_cast<double>(c + d) * static_cast<double>(b + d)) / (n * n);
  if (pe >= 1.0) return kNaN;
  return (po - pe) / (1.0 - pe);
}

Diagnostics diagnostics(const CallCounts& c) {
  Diagnostics d;
  d.sensitivity = proportion(c.tp, c.tp + c.fn);
  d.specificity = proportion(c.tn, c.tn + c.fp);
  d.ppv = proportion(c.tp, c.tp + c.fp);
  d.npv = proportion(c.tn, c.tn + c.fn);
  d.kappa = cohens_kappa(c.tp, c.fn, c.fp, c.tn);
  return d;
}

double brier_score(const std::vector<double>& p, const std::vector<int>& y) {
  check_inputs(p, y, "Brier score");
  if (p.empty()) return kNaN;
  double s = 0;
  for (size_t i = 0; i < p.size(); ++i) s += (p[i] - y[i]) * (p[i] - y[i]);
  return s / static_cast<double>(p.size());
}

std::vector<CalibrationBin> calibration_table(const std::vector<double>& p, const std::vector<int>& y, int bins) {
  check_inputs(p, y, "calibration table");
  if (bins < 1) throw Error(ErrorCode::kInputInvalid, "calibration table: need at least one bin");
  std::vector<CalibrationBin> t(static_cast<size_t>(bins));
  std::vector<double> sum(t.size(), 0.0);
  for (int j = 0; j < bins; ++j) t[j].lo = static_cast<double>(j) / bins, t[j].hi = static_cast<double>(j + 1) / bins;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw Error(ErrorCode::kInputInvalid, "calibration table: a probability is outside [0, 1]");
    const int j = std::min(static_cast<int>(std::floor(p[i] * bins)), bins - 1);
    t[j].n += 1;
    t[j].positives += y[i];
    sum[j] += p[i];
  }
  for (size_t j = 0; j < t.size(); ++j) {
    t[j].mean_predicted = t[j].n ? sum[j] / static_cast<double>(t[j].n) : kNaN;
    t[j].observed_rate = t[j].n ? static_cast<double>(t[j].positives) / static_cast<double>(t[j].n) : kNaN;
  }
  return t;
}

}  // namespace rimscan::classify
