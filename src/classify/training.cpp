// Training one flag model: folds, cross-validation, threshold, band, provenance
// (include/rimscan/classify/training.h, docs/model.md).
#include "rimscan/classify/training.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "rimscan/classify/metrics.h"
#include "rimscan/error.h"
#include "rimscan/version.h"

namespace rimscan::classify {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void invalid(const std::string& what) { throw Error(ErrorCode::kInputInvalid, what); }

uint64_t key_hash(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (unsigned char ch : s) h = (h ^ ch) * 0x100000001b3ull;
  h += 0x9E3779B97F4A7C15ull;  // SplitMix64 finaliser: spreads similar ids ("case_01", "case_02")
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

Matrix select_rows(const Matrix& x, const std::vector<size_t>& rows) {
  Matrix s(rows.size(), x.cols);
  for (size_t r = 0; r < rows.size(); ++r)
    std::copy(x.row(rows[r]), x.row(rows[r]) + x.cols, s.v.begin() + static_cast<std::ptrdiff_t>(r * x.cols));
  return s;
}

// Finite JSON number or null.
nlohmann::ordered_json num(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); }

}  // namespace

std::vector<int> stratified_folds(const std::vector<std::string>& keys, const std::vector<int>& y, int k) {
  if (k < 2) invalid("cross-validation needs at least 2 folds");
  if (keys.size() != y.size()) invalid("fold assignment: keys and labels have different lengths");
  std::vector<int> fold(y.size(), 0);
  int next = 0;
  for (int cls : {1, 0}) {
    std::vector<std::pair<uint64_t, size_t>> members;
    for (size_t i = 0; i < y.size(); ++i) {
      if (y[i] != 0 && y[i] != 1) invalid("fold assignment: labels must be 0 or 1");
      if (y[i] == cls) members.emplace_back(key_hash(keys[i]), i);
    }
    std::sort(members.begin(), members.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : keys[a.second] < keys[b.second];
    });
    for (const auto& m : members) {
      fold[m.second] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

double FittedModel::probability(const double* raw) const {
  double eta = fit.intercept;
  for (size_t c = 0; c < fit.weights.size(); ++c) {
    const double z = std::isnan(raw[c]) ? 0.0 : (raw[c] - standardisation.mean[c]) / standardisation.scale[c];
    eta += fit.weights[c] * z;
  }
  return sigmoid(eta);
}

FittedModel fit_model(const Matrix& x, const std::vector<int>& y, const LogisticOptions& opt) {
  FittedModel m;
  m.standardisation = fit_standardisation(x);
  m.fit = fit_logistic(standardise(x, m.standardisation), y, opt);
  return m;
}

CvReport cross_validate(const TrainingData& d, int k, const LogisticOptions& opt) {
  int64_t npos = 0;
  for (int v : d.y) npos += v;
  const int64_t nneg = static_cast<int64_t>(d.y.size()) - npos;
  const int64_t smaller = std::min(npos, nneg);
  if (smaller < 2)
    invalid("cross-validation needs at least 2 cases of each class (got " + std::to_string(npos) + " positive, " +
            std::to_string(nneg) + " negative)");
  CvReport rep;
  rep.folds = static_cast<int>(std::min<int64_t>(k, smaller));
  const std::vector<int> fold = stratified_folds(d.case_ids, d.y, rep.folds);
  rep.oof_probability.assign(d.y.size(), kNaN);
  for (int f = 0; f < rep.folds; ++f) {
    std::vector<size_t> train_rows, test_rows;
    for (size_t i = 0; i < d.y.size(); ++i) (fold[i] == f ? test_rows : train_rows).push_back(i);
    std::vector<int> ytr, yte;
    for (size_t i : train_rows) ytr.push_back(d.y[i]);
    for (size_t i : test_rows) yte.push_back(d.y[i]);
    FittedModel m;
    try {
      m = fit_model(select_rows(d.x, train_rows), ytr, opt);
    } catch (const Error& e) {
      throw e.with_context("cross-validation fold " + std::to_string(f + 1));
    }
    if (!m.fit.converged)
      invalid("cross-validation fold " + std::to_string(f + 1) + ": the fit did not converge (separable data? use a larger --lambda)");
    std::vector<double> p;
    for (size_t i : test_rows) {
      rep.oof_probability[i] = m.probability(d.x.row(i));
      p.push_back(rep.oof_probability[i]);
    }
    FoldReport fr;
    fr.fold = f + 1;
    fr.n = static_cast<int64_t>(test_rows.size());
    fr.positives = std::accumulate(yte.begin(), yte.end(), int64_t{0});
    fr.auc = auc(p, yte);
    fr.brier = brier_score(p, yte);
    rep.per_fold.push_back(fr);
  }
  std::vector<double> aucs;
  for (const auto& fr : rep.per_fold)
    if (std::isfinite(fr.auc)) aucs.push_back(fr.auc);
  rep.auc_mean = aucs.empty() ? kNaN : std::accumulate(aucs.begin(), aucs.end(), 0.0) / static_cast<double>(aucs.size());
  double ss = 0;
  for (double a : aucs) ss += (a - rep.auc_mean) * (a - rep.auc_mean);
  rep.auc_sd = aucs.size() > 1 ? std::sqrt(ss / static_cast<double>(aucs.size() - 1)) : kNaN;
  rep.oof_auc = auc(rep.oof_probability, d.y);
  rep.oof_brier = brier_score(rep.oof_probability, d.y);
  return rep;
}

TrainResult train_flag(const std::string& flag, const TrainingData& d, const TrainOptions& opt) {
  const size_t n = d.y.size(), k = d.features.size();
  if (k == 0) invalid(flag + ": no features");
  if (d.x.rows != n || d.x.cols != k || d.case_ids.size() != n)
    invalid(flag + ": training data sizes disagree");
  if (!(opt.band_odds >= 1) || !std::isfinite(opt.band_odds)) invalid(flag + ": the band odds factor must be >= 1");
  if (!(opt.min_threshold > 0 && opt.min_threshold < 0.5)) invalid(flag + ": min_threshold must lie in (0, 0.5)");
  TrainResult r;
  r.n_missing.assign(k, 0);
  for (size_t i = 0; i < n; ++i)
    for (size_t c = 0; c < k; ++c) {
      const double v = d.x.at(i, c);
      if (std::isnan(v)) ++r.n_missing[c];
      else if (!std::isfinite(v)) invalid(flag + ": case " + d.case_ids[i] + ": " + d.features[c] + " is infinite");
    }
  for (size_t c = 0; c < k; ++c)
    if (r.n_missing[c] == static_cast<int64_t>(n)) invalid(flag + ": feature " + d.features[c] + " is null in every case");

  LogisticOptions lo;
  lo.lambda = opt.lambda;
  try {
    r.cv = cross_validate(d, opt.folds, lo);
  } catch (const Error& e) {
    throw e.with_context(flag);
  }

  double t = opt.fixed_threshold;
  if (opt.threshold_rule == "youden") t = youden_threshold(r.cv.oof_probability, d.y);
  else if (opt.threshold_rule != "fixed") invalid(flag + ": unknown threshold rule '" + opt.threshold_rule + "'");
  if (!(t > 0 && t < 1)) invalid(flag + ": the threshold must lie in (0, 1)");
  t = std::clamp(t, opt.min_threshold, 1.0 - opt.min_threshold);

  FittedModel full;
  try {
    full = fit_model(d.x, d.y, lo);
  } catch (const Error& e) {
    throw e.with_context(flag);
  }
  if (!full.fit.converged) invalid(flag + ": the fit did not converge (separable data? use a larger --lambda)");
  r.fit = full.fit;

  FlagModel& m = r.model;
  m.flag = flag;
  m.features = d.features;
  m.mean = full.standardisation.mean;
  m.scale = full.standardisation.scale;
  m.weights = full.fit.weights;
  m.intercept = full.fit.intercept;
  m.threshold = t;
  const double half = std::log(opt.band_odds);
  m.indeterminate_low = half > 0 ? sigmoid(logit(t) - half) : t;
  m.indeterminate_high = half > 0 ? sigmoid(logit(t) + half) : t;
  m.caveat = opt.caveat;
  m.provenance = provenance_json(r, d, opt);
  return r;
}

nlohmann::ordered_json provenance_json(const TrainResult& r, const TrainingData& d, const TrainOptions& opt) {
  using json = nlohmann::ordered_json;
  json p;
  p["kind"] = "fitted";
  p["trained_on"] = opt.training_set;
  p["features_source"] = opt.features_source;
  p["labels_source"] = opt.labels_source;
  const int64_t npos = std::accumulate(d.y.begin(), d.y.end(), int64_t{0});
  p["n_cases"] = d.y.size();
  p["n_positive"] = npos;
  p["n_negative"] = static_cast<int64_t>(d.y.size()) - npos;
  json miss = json::object();
  for (size_t c = 0; c < d.features.size(); ++c) miss[d.features[c]] = r.n_missing[c];
  p["n_imputed"] = miss;
  p["date_utc"] = opt.date_utc;
  p["rimscan_version"] = kVersion;
  p["method"] = "L2-regularised logistic regression by IRLS on z-scored features (docs/model.md)";
  p["lambda"] = opt.lambda;
  p["irls"] = {{"iterations", r.fit.iterations}, {"converged", r.fit.converged}, {"objective", num(r.fit.objective)}};
  p["threshold_rule"] = opt.threshold_rule == "youden" ? "youden_out_of_fold" : "fixed";
  p["band_odds"] = opt.band_odds;
  json cv;
  cv["folds"] = r.cv.folds;
  cv["fold_assignment"] = "stratified; within each class ordered by hash(case_id), dealt round-robin";
  cv["auc_per_fold"] = json::array();
  for (const auto& f : r.cv.per_fold) cv["auc_per_fold"].push_back(num(f.auc));
  cv["auc_mean"] = num(r.cv.auc_mean);
  cv["auc_sd"] = num(r.cv.auc_sd);
  cv["out_of_fold_auc"] = num(r.cv.oof_auc);
  cv["out_of_fold_brier"] = num(r.cv.oof_brier);
  p["cross_validation"] = cv;
  return p;
}

}  // namespace rimscan::classify
