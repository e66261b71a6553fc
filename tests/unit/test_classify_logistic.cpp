// IRLS logistic regression: closed-form maximum-likelihood solutions, a ridge solution found by
// an independent scalar root search, stationarity (KKT) on irregular data, separable data with
// and without the penalty, standardisation by hand, and input errors.
#include <gtest/gtest.h>

#include <cmath>

#include "rimscan/classify/logistic.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::classify;

namespace {

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }

Matrix column(const std::vector<double>& v) {
  Matrix m(v.size(), 1);
  for (size_t i = 0; i < v.size(); ++i) m.at(i, 0) = v[i];
  return m;
}

// Deterministic irregular numbers in [0, 1) (a linear congruential sequence).
struct Lcg {
  uint64_t s = 12345;
  double next() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  }
};

}  // namespace

TEST(Logistic, BinaryFeatureUnpenalisedMatchesClosedForm) {
  // x = 0: 1 positive of 4 -> b = logit(1/4) = log(1/3); x = 1: 3 of 4 -> b + w = log 3.
  const Matrix x = column({0, 0, 0, 0, 1, 1, 1, 1});
  const std::vector<int> y{1, 0, 0, 0, 1, 1, 1, 0};
  LogisticOptions o;
  o.lambda = 0;
  const LogisticFit f = fit_logistic(x, y, o);
  ASSERT_TRUE(f.converged);
  EXPECT_NEAR(f.intercept, std::log(1.0 / 3.0), 1e-9);
  EXPECT_NEAR(f.weights[0], 2 * std::log(3.0), 1e-9);
}

TEST(Logistic, InterceptOnlyIsLogOddsOfThePrevalence) {
  // A constant-zero feature carries nothing: w = 0 under the penalty, b = logit(3/10).
  const Matrix x = column(std::vector<double>(10, 0.0));
  const std::vector<int> y{1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
  const LogisticFit f = fit_logistic(x, y, {});
  ASSERT_TRUE(f.converged);
  EXPECT_NEAR(f.weights[0], 0.0, 1e-12);
  EXPECT_NEAR(f.intercept, std::log(3.0 / 7.0), 1e-9);
}

TEST(Logistic, SymmetricRidgeSolutionSolvesTheScalarEquation) {
  // x = +1: 3 positive, 1 negative; x = -1: 1 positive, 3 negative. By symmetry b = 0 and the
  // gradient in w is 2 [4 sigma(w) - 3] + lambda w = 0, solved here by bisection.
  const Matrix x = column({1, 1, 1, 1, -1, -1, -1, -1});
  const std::vector<int> y{1, 1, 1, 0, 1, 0, 0, 0};
  const double lambda = 2.0;
  double lo = 0, hi = 10;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (2 * (4 * sig(mid) - 3) + lambda * mid > 0 ? hi : lo) = mid;
  }
  LogisticOptions o;
  o.lambda = lambda;
  const LogisticFit f = fit_logistic(x, y, o);
  ASSERT_TRUE(f.converged);
  EXPECT_NEAR(f.intercept, 0.0, 1e-10);
  EXPECT_NEAR(f.weights[0], 0.5 * (lo + hi), 1e-9);
  // And the penalty shrinks it below the unpenalised log 3.
  EXPECT_LT(f.weights[0], std::log(3.0));
}

TEST(Logistic, StationarityOnIrregularData) {
  // At the optimum: sum(p - y) = 0 (unpenalised intercept) and X'(p - y) + lambda w = 0.
  Lcg g;
  const size_t n = 60, k = 3;
  Matrix x(n, k);
  std::vector<int> y(n);
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < k; ++c) x.at(i, c) = 4 * g.next() - 2;
    y[i] = g.next() < sig(1.5 * x.at(i, 0) - x.at(i, 1) + 0.3) ? 1 : 0;
  }
  LogisticOptions o;
  o.lambda = 0.7;
  const LogisticFit f = fit_logistic(x, y, o);
  ASSERT_TRUE(f.converged);
  double g0 = 0;
  std::vector<double> gw(k, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const double r = predict_probability(f, x.row(i)) - y[i];
    g0 += r;
    for (size_t c = 0; c < k; ++c) gw[c] += r * x.at(i, c);
  }
  EXPECT_NEAR(g0, 0.0, 1e-9);
  for (size_t c = 0; c < k; ++c) EXPECT_NEAR(gw[c] + o.lambda * f.weights[c], 0.0, 1e-9) << c;
  EXPECT_LT(f.iterations, 20);  // Newton converges in a handful of steps
}

TEST(Logistic, SeparableDataNeedsThePenalty) {
  const Matrix x = column({-2, -1, 1, 2});
  const std::vector<int> y{0, 0, 1, 1};
  LogisticOptions none;
  none.lambda = 0;
  const LogisticFit free_fit = fit_logistic(x, y, none);
  EXPECT_FALSE(free_fit.converged);  // the weight grows without bound
  EXPECT_GT(free_fit.weights[0], 5.0);

  const LogisticFit ridge = fit_logistic(x, y, {});
  ASSERT_TRUE(ridge.converged);
  EXPECT_TRUE(std::isfinite(ridge.weights[0]));
  EXPECT_NEAR(ridge.intercept, 0.0, 1e-10);  // symmetric data
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(predict_probability(ridge, x.row(i)) > 0.5, y[i] == 1) << i;
  // A larger penalty gives a smaller weight.
  LogisticOptions strong;
  strong.lambda = 10;
  EXPECT_LT(fit_logistic(x, y, strong).weights[0], ridge.weights[0]);
}

TEST(Logistic, StandardisationByHand) {
  const double nan = std::nan("");
  Matrix x(4, 3);
  const double v[4][3] = {{1, 5, nan}, {2, 5, nan}, {3, 5, nan}, {nan, 5, nan}};
  for (size_t r = 0; r < 4; ++r)
    for (size_t c = 0; c < 3; ++c) x.at(r, c) = v[r][c];
  const Standardisation s = fit_standardisation(x);
  EXPECT_DOUBLE_EQ(s.mean[0], 2.0);
  EXPECT_NEAR(s.scale[0], std::sqrt(2.0 / 3.0), 1e-15);  // population sd of 1, 2, 3
  EXPECT_DOUBLE_EQ(s.mean[1], 5.0);
  EXPECT_DOUBLE_EQ(s.scale[1], 1.0);  // constant column
  EXPECT_DOUBLE_EQ(s.mean[2], 0.0);   // no value at all
  EXPECT_DOUBLE_EQ(s.scale[2], 1.0);
  const Matrix z = standardise(x, s);
  EXPECT_NEAR(z.at(0, 0), -1.0 / std::sqrt(2.0 / 3.0), 1e-12);
  EXPECT_DOUBLE_EQ(z.at(3, 0), 0.0);  // missing -> imputed at the mean
  EXPECT_DOUBLE_EQ(z.at(2, 1), 0.0);
}

TEST(Logistic, RejectsBadInput) {
  const Matrix x = column({1, 2, 3});
  EXPECT_THROW(fit_logistic(x, {1, 1, 1}, {}), Error);     // one class
  EXPECT_THROW(fit_logistic(x, {0, 2, 1}, {}), Error);     // not 0/1
  EXPECT_THROW(fit_logistic(x, {0, 1}, {}), Error);        // size mismatch
  EXPECT_THROW(fit_logistic(column({1, std::nan(""), 3}), {0, 1, 1}, {}), Error);
  LogisticOptions neg;
  neg.lambda = -1;
  EXPECT_THROW(fit_logistic(x, {0, 1, 1}, neg), Error);
  try {
    fit_logistic(x, {1, 1, 1}, {});
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInputInvalid);
    EXPECT_NE(std::string(e.what()).find("both classes"), std::string::npos) << e.what();
  }
}

TEST(Logistic, SigmoidAndLogitAreInverse) {
  for (double p : {1e-9, 0.01, 0.3, 0.5, 0.77, 0.999}) EXPECT_NEAR(sigmoid(logit(p)) / p, 1.0, 1e-9) << p;
  EXPECT_EQ(sigmoid(-1000), 0.0);
  EXPECT_EQ(sigmoid(1000), 1.0);
}

TEST(Logistic, ConvergesOnManyOverlappingDataSets) {
  // Regression: a step test tighter than rounding allows made some well-posed fits report
  // "not converged" after 100 iterations. Every penalised fit of overlapping data converges,
  // in a few Newton steps.
  Lcg g;
  for (int set = 0; set < 200; ++set) {
    const size_t n = 40 + set % 120, k = 1 + set % 5;
    Matrix x(n, k);
    std::vector<int> y(n);
    for (size_t i = 0; i < n; ++i) {
      y[i] = i % 3 == 0 ? 1 : 0;
      for (size_t c = 0; c < k; ++c) x.at(i, c) = (g.next() - 0.5) * 3 + (c == 0 ? 1.5 * y[i] : 0.0);
    }
    const LogisticFit f = fit_logistic(standardise(x, fit_standardisation(x)), y, {});
    ASSERT_TRUE(f.converged) << "data set " << set;
    EXPECT_LE(f.iterations, 15) << "data set " << set;
  }
}
