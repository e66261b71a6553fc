// Training a flag model: stratified deterministic folds, leakage-free cross-validation, the
// threshold and band, imputation, and agreement of the written model with the evaluator that
// the pipeline uses (classify::evaluate on a case document).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "rimscan/classify/logistic.h"
#include "rimscan/classify/model.h"
#include "rimscan/classify/training.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::classify;

namespace {

std::string id(int i) { return "case_" + std::to_string(1000 + i); }

// Two features; the first separates the classes with some overlap, the second is noise.
TrainingData make_data(int n, double overlap) {
  TrainingData d;
  d.features = {"summary.a", "leptomeningeal.b"};
  d.x = Matrix(static_cast<size_t>(n), 2);
  uint64_t s = 99;
  auto u = [&] {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < n; ++i) {
    const int y = (i % 3 == 0) ? 1 : 0;
    d.case_ids.push_back(id(i));
    d.y.push_back(y);
    d.x.at(static_cast<size_t>(i), 0) = y + overlap * (u() - 0.5) * 2;
    d.x.at(static_cast<size_t>(i), 1) = 100 * u();
  }
  return d;
}

}  // namespace

TEST(Training, FoldsAreStratifiedBalancedAndOrderFree) {
  std::vector<std::string> keys;
  std::vector<int> y;
  for (int i = 0; i < 33; ++i) keys.push_back(id(i)), y.push_back(i < 10 ? 1 : 0);
  const auto f = stratified_folds(keys, y, 5);
  std::vector<int> size(5, 0), pos(5, 0);
  for (size_t i = 0; i < f.size(); ++i) {
    ASSERT_GE(f[i], 0);
    ASSERT_LT(f[i], 5);
    ++size[f[i]];
    pos[f[i]] += y[i];
  }
  for (int k = 0; k < 5; ++k) EXPECT_EQ(pos[k], 2) << k;  // 10 positives over 5 folds
  EXPECT_LE(*std::max_element(size.begin(), size.end()) - *std::min_element(size.begin(), size.end()), 1);
  // The same keys in another order land in the same folds.
  std::vector<size_t> perm(keys.size());
  std::iota(perm.begin(), perm.end(), size_t{0});
  std::reverse(perm.begin(), perm.end());
  std::rotate(perm.begin(), perm.begin() + 7, perm.end());
  std::vector<std::string> k2;
  std::vector<int> y2;
  for (size_t i : perm) k2.push_back(keys[i]), y2.push_back(y[i]);
  const auto f2 = stratified_folds(k2, y2, 5);
  for (size_t j = 0; j < perm.size(); ++j) EXPECT_EQ(f2[j], f[perm[j]]) << keys[perm[j]];
  // Not simply the input order: consecutive ids are spread over folds.
  EXPECT_NE(std::vector<int>(f.begin(), f.begin() + 5), std::vector<int>({0, 1, 2, 3, 4}));
  EXPECT_THROW(stratified_folds(keys, y, 1), Error);
}

TEST(Training, CrossValidationFillsEveryCaseAndSeparatesEasyData) {
  const TrainingData d = make_data(60, 0.3);  // no overlap: first feature separates
  const CvReport r = cross_validate(d, 5, {});
  EXPECT_EQ(r.folds, 5);
  ASSERT_EQ(r.per_fold.size(), 5u);
  int64_t n = 0;
  for (const auto& f : r.per_fold) n += f.n;
  EXPECT_EQ(n, 60);
  for (double p : r.oof_probability) EXPECT_TRUE(p >= 0 && p <= 1);
  EXPECT_DOUBLE_EQ(r.oof_auc, 1.0);
  EXPECT_DOUBLE_EQ(r.auc_mean, 1.0);
}

TEST(Training, FoldsShrinkToTheSmallerClass) {
  TrainingData d = make_data(30, 0.3);
  // Keep 3 positives only.
  int kept = 0;
  for (size_t i = 0; i < d.y.size(); ++i)
    if (d.y[i] == 1 && ++kept > 3) d.y[i] = 0, d.x.at(i, 0) = -0.2;
  EXPECT_EQ(cross_validate(d, 5, {}).folds, 3);
  for (size_t i = 0; i < d.y.size(); ++i) d.y[i] = (i == 0) ? 1 : 0;
  EXPECT_THROW(cross_validate(d, 5, {}), Error);  // one positive: no CV possible
}

TEST(Training, ModelAgreesWithThePipelineEvaluator) {
  TrainingData d = make_data(45, 1.2);  // overlapping classes
  d.x.at(4, 1) = std::nan("");          // a null, imputed at the mean
  TrainOptions o;
  o.caveat = "test caveat";
  o.training_set = "unit test";
  const TrainResult r = train_flag("pce", d, o);
  const FlagModel& m = r.model;
  EXPECT_EQ(r.n_missing[1], 1);
  EXPECT_TRUE(r.fit.converged);
  ASSERT_TRUE(m.threshold > 0 && m.threshold < 1);
  // The band: odds within a factor 1.5 of the threshold's odds.
  EXPECT_NEAR(logit(m.indeterminate_low), logit(m.threshold) - std::log(1.5), 1e-9);
  EXPECT_NEAR(logit(m.indeterminate_high), logit(m.threshold) + std::log(1.5), 1e-9);
  // Mean and scale are the training mean and population sd of the non-null values.
  double sum = 0;
  for (size_t i = 0; i < 45; ++i) sum += d.x.at(i, 0);
  EXPECT_NEAR(m.mean[0], sum / 45, 1e-12);

  // Round trip through the model file format, then evaluate on case documents.
  const Model loaded = model_from_json(model_to_json(Model{{m}, "d"}), "test");
  const FlagModel& lm = *loaded.find("pce");
  EXPECT_EQ(lm.caveat, "test caveat");
  EXPECT_EQ(lm.provenance["n_cases"], 45);
  EXPECT_EQ(lm.provenance["n_imputed"]["leptomeningeal.b"], 1);
  for (size_t i = 0; i < 45; ++i) {
    nlohmann::ordered_json doc;
    doc["summary"]["a"] = d.x.at(i, 0);
    doc["leptomeningeal"]["b"] = std::isnan(d.x.at(i, 1)) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.x.at(i, 1));
    const FlagResult fr = evaluate(lm, doc);
    double eta = m.intercept;
    for (size_t c = 0; c < 2; ++c) {
      const double v = std::isnan(d.x.at(i, c)) ? m.mean[c] : d.x.at(i, c);
      eta += m.weights[c] * (v - m.mean[c]) / m.scale[c];
    }
    EXPECT_NEAR(fr.probability, 1 / (1 + std::exp(-eta)), 1e-12) << i;
    EXPECT_EQ(fr.call, call_for(lm, fr.probability));
  }
  // The separating feature carries the weight, the noise feature little.
  EXPECT_GT(m.weights[0], 3 * std::fabs(m.weights[1]));
}

TEST(Training, FixedThresholdAndNoBand) {
  TrainingData d = make_data(30, 0.5);
  TrainOptions o;
  o.threshold_rule = "fixed";
  o.fixed_threshold = 0.5;
  o.band_odds = 1.0;
  const TrainResult r = train_flag("lmd", d, o);
  EXPECT_DOUBLE_EQ(r.model.threshold, 0.5);
  EXPECT_DOUBLE_EQ(r.model.indeterminate_low, 0.5);
  EXPECT_DOUBLE_EQ(r.model.indeterminate_high, 0.5);
}

TEST(Training, RejectsAllNullFeatureAndBadOptions) {
  TrainingData d = make_data(30, 0.5);
  for (size_t i = 0; i < 30; ++i) d.x.at(i, 1) = std::nan("");
  try {
    train_flag("pce", d, {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("leptomeningeal.b is null in every case"), std::string::npos) << e.what();
  }
  TrainingData ok = make_data(30, 0.5);
  TrainOptions o;
  o.band_odds = 0.5;
  EXPECT_THROW(train_flag("pce", ok, o), Error);
  o = {};
  o.threshold_rule = "median";
  EXPECT_THROW(train_flag("pce", ok, o), Error);
}
