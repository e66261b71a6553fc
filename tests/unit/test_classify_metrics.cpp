// Flag evaluation metrics against values computed by hand or by naive pair counting: AUC with
// ties, the bootstrap interval on a case whose resampling distribution is known, ROC points,
// Youden's cut, Cohen's kappa (textbook tables), Wilson intervals, Brier score, calibration bins.
#include <gtest/gtest.h>

#include <cmath>

#include "rimscan/classify/logistic.h"
#include "rimscan/classify/metrics.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::classify;

namespace {

// The definition itself: the fraction of (positive, negative) pairs ranked correctly, ties 1/2.
double naive_auc(const std::vector<double>& s, const std::vector<int>& y) {
  double num = 0, den = 0;
  for (size_t i = 0; i < s.size(); ++i)
    for (size_t j = 0; j < s.size(); ++j)
      if (y[i] == 1 && y[j] == 0) num += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0), den += 1;
  return num / den;
}

}  // namespace

TEST(Metrics, AucWithTiesByHand) {
  // Positives 0.8, 0.6, 0.6; negatives 0.6, 0.2: pairs 1 + 1 + 0.5 + 1 + 0.5 + 1 = 5 of 6.
  EXPECT_NEAR(auc({0.8, 0.6, 0.6, 0.6, 0.2}, {1, 1, 1, 0, 0}), 5.0 / 6.0, 1e-15);
  EXPECT_DOUBLE_EQ(auc({0.9, 0.8, 0.1, 0.2}, {1, 1, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(auc({0.1, 0.2, 0.9, 0.8}, {1, 1, 0, 0}), 0.0);
  EXPECT_DOUBLE_EQ(auc({0.5, 0.5, 0.5}, {1, 0, 0}), 0.5);
  EXPECT_TRUE(std::isnan(auc({0.5, 0.7}, {1, 1})));
}

TEST(Metrics, AucMatchesPairCountingWithManyTies) {
  std::vector<double> s;
  std::vector<int> y;
  uint64_t st = 7;
  for (int i = 0; i < 200; ++i) {
    st = st * 6364136223846793005ull + 1442695040888963407ull;
    const double u = static_cast<double>(st >> 11) / 9007199254740992.0;
    y.push_back(i % 3 == 0 ? 1 : 0);
    s.push_back(std::round((u + 0.3 * y.back()) * 10) / 10);  // rounded: many ties
  }
  EXPECT_NEAR(auc(s, y), naive_auc(s, y), 1e-12);
}

TEST(Metrics, BootstrapIntervalOnAKnownResamplingDistribution) {
  // One positive at 0.5, negatives {0.5, 0.1}: a stratified resample of the negatives gives AUC
  // 0.5 (both 0.5, prob 1/4), 0.75 (prob 1/2) or 1 (both 0.1, prob 1/4), so the 2.5 % and
  // 97.5 % quantiles are 0.5 and 1.
  const std::vector<double> s{0.5, 0.5, 0.1};
  const std::vector<int> y{1, 0, 0};
  const Interval ci = bootstrap_auc_ci(s, y, 2000, 42);
  EXPECT_DOUBLE_EQ(ci.lo, 0.5);
  EXPECT_DOUBLE_EQ(ci.hi, 1.0);
  // Perfect separation stays perfect under resampling.
  const Interval perfect = bootstrap_auc_ci({0.9, 0.8, 0.3, 0.1}, {1, 1, 0, 0});
  EXPECT_DOUBLE_EQ(perfect.lo, 1.0);
  EXPECT_DOUBLE_EQ(perfect.hi, 1.0);
}

TEST(Metrics, BootstrapIsDeterministicAndBracketsTheAuc) {
  std::vector<double> s;
  std::vector<int> y;
  for (int i = 0; i < 40; ++i) {
    y.push_back(i % 2);
    s.push_back(std::fmod(i * 0.37, 1.0) + 0.4 * (i % 2));
  }
  const double a = auc(s, y);
  const Interval c1 = bootstrap_auc_ci(s, y, 500, 1), c2 = bootstrap_auc_ci(s, y, 500, 1);
  EXPECT_EQ(c1.lo, c2.lo);
  EXPECT_EQ(c1.hi, c2.hi);
  EXPECT_LT(c1.lo, a);
  EXPECT_GT(c1.hi, a);
  const Interval c3 = bootstrap_auc_ci(s, y, 500, 2);
  EXPECT_TRUE(c3.lo != c1.lo || c3.hi != c1.hi);  // the seed matters
  EXPECT_TRUE(std::isnan(bootstrap_auc_ci({0.1, 0.2}, {0, 0}).lo));
}

TEST(Metrics, RocPointsByHand) {
  // Scores 0.9 (pos), 0.7 (neg), 0.7 (pos), 0.2 (neg).
  const auto r = roc_curve({0.9, 0.7, 0.7, 0.2}, {1, 0, 1, 0});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_TRUE(std::isinf(r[0].threshold));
  EXPECT_DOUBLE_EQ(r[0].fpr, 0.0);
  EXPECT_DOUBLE_EQ(r[0].tpr, 0.0);
  EXPECT_DOUBLE_EQ(r[1].threshold, 0.9);
  EXPECT_DOUBLE_EQ(r[1].fpr, 0.0);
  EXPECT_DOUBLE_EQ(r[1].tpr, 0.5);
  EXPECT_DOUBLE_EQ(r[2].threshold, 0.7);  // the tie moves diagonally
  EXPECT_DOUBLE_EQ(r[2].fpr, 0.5);
  EXPECT_DOUBLE_EQ(r[2].tpr, 1.0);
  EXPECT_DOUBLE_EQ(r[3].fpr, 1.0);
  EXPECT_DOUBLE_EQ(r[3].tpr, 1.0);
}

TEST(Metrics, YoudenCutByHand) {
  // Separable: the cut lies midway (in log-odds) between the highest negative and lowest positive.
  const double t = youden_threshold({0.1, 0.2, 0.6, 0.9}, {0, 0, 1, 1});
  EXPECT_NEAR(t, 1.0 / (1.0 + std::exp(-0.5 * (std::log(0.2 / 0.8) + std::log(0.6 / 0.4)))), 1e-12);
  // Negatives 0.1, 0.4, 0.7; positives 0.3, 0.8, 0.9: J is 1/3, 0, 1/3, 2/3, 1/3 after each
  // value, so the cut lies between 0.7 and 0.8.
  const double u = youden_threshold({0.1, 0.4, 0.7, 0.3, 0.8, 0.9}, {0, 0, 0, 1, 1, 1});
  EXPECT_GT(u, 0.7);
  EXPECT_LT(u, 0.8);
  EXPECT_NEAR(logit(u), 0.5 * (logit(0.7) + logit(0.8)), 1e-12);
}

TEST(Metrics, CohensKappaTextbookTables) {
  // Wikipedia "Cohen's kappa", examples: 20/5/10/15 -> p_o 0.7, p_e 0.5, kappa 0.4;
  // 45/15/25/15 -> p_o 0.6, p_e 0.54, kappa 0.1304.
  EXPECT_NEAR(cohens_kappa(20, 5, 10, 15), 0.4, 1e-12);
  EXPECT_NEAR(cohens_kappa(45, 15, 25, 15), 0.06 / 0.46, 1e-12);
  EXPECT_NEAR(cohens_kappa(10, 0, 0, 10), 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(cohens_kappa(0, 0, 0, 0)));
  EXPECT_TRUE(std::isnan(cohens_kappa(0, 0, 0, 7)));  // one category only
}

TEST(Metrics, CallsDiagnosticsAndWilson) {
  using C = Call;
  const std::vector<Call> calls{C::kPositive, C::kPositive, C::kNegative, C::kIndeterminate,
                                C::kNegative, C::kNegative, C::kPositive, C::kIndeterminate};
  const std::vector<int> y{1, 1, 1, 1, 0, 0, 0, 0};
  const CallCounts c = count_calls(calls, y);
  EXPECT_EQ(c.tp, 2);
  EXPECT_EQ(c.fn, 1);
  EXPECT_EQ(c.tn, 2);
  EXPECT_EQ(c.fp, 1);
  EXPECT_EQ(c.indeterminate_pos, 1);
  EXPECT_EQ(c.indeterminate_neg, 1);
  const Diagnostics d = diagnostics(c);
  EXPECT_DOUBLE_EQ(d.sensitivity.value, 2.0 / 3.0);
  EXPECT_EQ(d.sensitivity.n, 3);  // indeterminate calls are not in the denominator
  EXPECT_DOUBLE_EQ(d.specificity.value, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(d.ppv.value, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(d.npv.value, 2.0 / 3.0);
  EXPECT_NEAR(d.kappa, 1.0 / 3.0, 1e-12);  // p_o 2/3, p_e 1/2
  // Wilson 95 % interval of 8/10: (0.4902, 0.9433) (Newcombe 1998, table I style values).
  const Proportion p = proportion(8, 10);
  EXPECT_NEAR(p.ci.lo, 0.4902, 1e-4);
  EXPECT_NEAR(p.ci.hi, 0.9433, 1e-4);
  EXPECT_TRUE(std::isnan(proportion(0, 0).value));
  EXPECT_EQ(parse_call("indeterminate"), Call::kIndeterminate);
  EXPECT_THROW(parse_call("maybe"), Error);
}

TEST(Metrics, BrierAndCalibrationByHand) {
  EXPECT_NEAR(brier_score({0.9, 0.2, 0.6}, {1, 0, 0}), (0.01 + 0.04 + 0.36) / 3, 1e-15);
  const auto t = calibration_table({0.05, 0.15, 0.95, 1.0, 0.1}, {0, 1, 1, 1, 0});
  ASSERT_EQ(t.size(), 10u);
  EXPECT_EQ(t[0].n, 1);
  EXPECT_DOUBLE_EQ(t[0].observed_rate, 0.0);
  EXPECT_EQ(t[1].n, 2);  // 0.1 belongs to [0.1, 0.2)
  EXPECT_DOUBLE_EQ(t[1].mean_predicted, 0.125);
  EXPECT_DOUBLE_EQ(t[1].observed_rate, 0.5);
  EXPECT_EQ(t[9].n, 2);  // 1.0 falls in the last, closed bin
  EXPECT_DOUBLE_EQ(t[9].mean_predicted, 0.975);
  EXPECT_DOUBLE_EQ(t[9].observed_rate, 1.0);
  EXPECT_EQ(t[5].n, 0);
  EXPECT_TRUE(std::isnan(t[5].observed_rate));
  EXPECT_DOUBLE_EQ(t[3].lo, 0.3);
  EXPECT_DOUBLE_EQ(t[3].hi, 0.4);
  EXPECT_THROW(calibration_table({1.2}, {1}), Error);
}

TEST(Metrics, RejectsMismatchedOrInvalidInput) {
  EXPECT_THROW(auc({0.1, 0.2}, {1}), Error);
  EXPECT_THROW(auc({0.1, 0.2}, {1, 3}), Error);
  EXPECT_THROW(auc({0.1, std::nan("")}, {1, 0}), Error);
}
