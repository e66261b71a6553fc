// L2-regularised logistic regression by IRLS (include/rimscan/classify/logistic.h).
#include "rimscan/classify/logistic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "rimscan/error.h"

namespace rimscan::classify {

namespace {

[[noreturn]] void invalid(const std::string& what) { throw Error(ErrorCode::kInputInvalid, "logistic fit: " + what); }

// log(1 + exp(z)) without overflow.
double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

// J(beta) for beta = (b, w): negative log-likelihood + lambda/2 ||w||^2.
double objective(const Matrix& x, const std::vector<int>& y, const std::vector<double>& beta, double lambda) {
  double j = 0;
  for (size_t i = 0; i < x.rows; ++i) {
    double eta = beta[0];
    for (size_t c = 0; c < x.cols; ++c) eta += x.at(i, c) * beta[c + 1];
    j += softplus(eta) - (y[i] ? eta : 0.0);  // -[y log p + (1-y) log(1-p)]
  }
  double ww = 0;
  for (size_t c = 1; c < beta.size(); ++c) ww += beta[c] * beta[c];
  return j + 0.5 * lambda * ww;
}

// Solves A x = b in place for a symmetric positive definite A (m x m, row-major) by Cholesky.
// Returns false when A is not numerically positive definite.
bool cholesky_solve(std::vector<double> a, size_t m, std::vector<double>& b) {
  for (size_t j = 0; j < m; ++j) {
    double d = a[j * m + j];
    for (size_t k = 0; k < j; ++k) d -= a[j * m + k] * a[j * m + k];
    if (!(d > 1e-14 * std::max(1.0, std::fabs(a[j * m + j])))) return false;
    const double l = std::sqrt(d);
    a[j * m + j] = l;
    for (size_t i = j + 1; i < m; ++i) {
      double s = a[i * m + j];
      for (size_t k = 0; k < j; ++k) s -= a[i * m + k] * a[j * m + k];
      a[i * m + j] = s / l;
    }
  }
  for (size_t i = 0; i < m; ++i) {  // L z = b
    double s = b[i];
    for (size_t k = 0; k < i; ++k) s -= a[i * m + k] * b[k];
    b[i] = s / a[i * m + i];
  }
  for (size_t i = m; i-- > 0;) {  // L' x = z
    double s = b[i];
    for (size_t k = i + 1; k < m; ++k) s -= a[k * m + i] * b[k];
    b[i] = s / a[i * m + i];
  }
  return true;
}

}  // namespace

double sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

double logit(double p) {
  const double q = std::clamp(p, 1e-15, 1.0 - 1e-15);
  return std::log(q / (1.0 - q));
}

Standardisation fit_standardisation(const Matrix& x) {
  Standardisation s;
  s.mean.assign(x.cols, 0.0);
  s.scale.assign(x.cols, 1.0);
  for (size_t c = 0; c < x.cols; ++c) {
    double sum = 0;
    size_t n = 0;
    for (size_t r = 0; r < x.rows; ++r)
      if (!std::isnan(x.at(r, c))) sum += x.at(r, c), ++n;
    if (n == 0) continue;
    const double mean = sum / static_cast<double>(n);
    double ss = 0;
    for (size_t r = 0; r < x.rows; ++r)
      if (!std::isnan(x.at(r, c))) ss += (x.at(r, c) - mean) * (x.at(r, c) - mean);
    const double sd = std::sqrt(ss / static_cast<double>(n));
    s.mean[c] = mean;
    // Relative test: a column that is constant up to rounding is constant.
    s.scale[c] = sd > 1e-12 * std::max(1.0, std::fabs(mean)) ? sd : 1.0;
  }
  return s;
}

Matrix standardise(const Matrix& x, const Standardisation& s) {
  RIMSCAN_ASSERT(s.mean.size() == x.cols && s.scale.size() == x.cols, "standardisation has the wrong width");
  Matrix z(x.rows, x.cols);
  for (size_t r = 0; r < x.rows; ++r)
    for (size_t c = 0; c < x.cols; ++c) {
      const double v = x.at(r, c);
      z.at(r, c) = std::isnan(v) ? 0.0 : (v - s.mean[c]) / s.scale[c];
    }
  return z;
}

LogisticFit fit_logistic(const Matrix& x, const std::vector<int>& y, const LogisticOptions& opt) {
  const size_t n = x.rows, k = x.cols, m = k + 1;
  if (n == 0) invalid("no cases");
  if (y.size() != n) invalid("labels and features have different lengths");
  if (!(opt.lambda >= 0) || !std::isfinite(opt.lambda)) invalid("lambda must be a finite number >= 0");
  size_t npos = 0;
  for (int v : y) {
    if (v != 0 && v != 1) invalid("labels must be 0 or 1");
    npos += static_cast<size_t>(v);
  }
  if (npos == 0 || npos == n) invalid("both classes are needed (got " + std::to_string(npos) + " positive of " + std::to_string(n) + ")");
  for (double v : x.v)
    if (!std::isfinite(v)) invalid("non-finite feature value");

  std::vector<double> beta(m, 0.0);
  beta[0] = logit(static_cast<double>(npos) / static_cast<double>(n));
  double j = objective(x, y, beta, opt.lambda);
  LogisticFit fit;
  std::vector<double> p(n), h(m * m), g(m);
  for (int it = 1; it <= opt.max_iterations; ++it) {
    fit.iterations = it;
    std::fill(h.begin(), h.end(), 0.0);
    std::fill(g.begin(), g.end(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      double eta = beta[0];
      for (size_t c = 0; c < k; ++c) eta += x.at(i, c) * beta[c + 1];
      const double pi = sigmoid(eta);
      // A floor on the weight keeps X'WX usable when some p_i saturate (near-separable data).
      const double w = std::max(pi * (1.0 - pi), 1e-12);
      const double r = pi - y[i];
      g[0] += r;
      h[0] += w;
      for (size_t a = 0; a < k; ++a) {
        const double xa = x.at(i, a);
        g[a + 1] += r * xa;
        h[(a + 1) * m] += w * xa;
        for (size_t b = 0; b <= a; ++b) h[(a + 1) * m + b + 1] += w * xa * x.at(i, b);
      }
    }
    for (size_t a = 1; a < m; ++a) {
      g[a] += opt.lambda * beta[a];
      h[a * m + a] += opt.lambda;
    }
    for (size_t a = 0; a < m; ++a)
      for (size_t b = a + 1; b < m; ++b) h[a * m + b] = h[b * m + a];
    std::vector<double> d = g;
    if (!cholesky_solve(h, m, d))
      invalid("the Hessian is singular (collinear or constant features with lambda = 0); use lambda > 0");

    double step_max = 0, beta_max = 0, slope = 0;
    for (size_t a = 0; a < m; ++a) {
      step_max = std::max(step_max, std::fabs(d[a]));
      beta_max = std::max(beta_max, std::fabs(beta[a]));
      slope += g[a] * d[a];
    }
    // Backtracking (Armijo) line search along the Newton direction.
    double t = 1.0;
    std::vector<double> next(m);
    double j_next = j;
    bool decreased = false;
    for (int halvings = 0; halvings < 50; ++halvings, t *= 0.5) {
      for (size_t a = 0; a < m; ++a) next[a] = beta[a] - t * d[a];
      j_next = objective(x, y, next, opt.lambda);
      if (j_next <= j - 1e-4 * t * slope) {
        decreased = true;
        break;
      }
    }
    if (step_max <= opt.tolerance * (1.0 + beta_max)) {
      if (decreased) beta = next, j = j_next;
      fit.converged = true;
      break;
    }
    if (!decreased) break;  // no descent possible in floating point: not converged
    beta = next;
    j = j_next;
  }
  fit.intercept = beta[0];
  fit.weights.assign(beta.begin() + 1, beta.end());
  fit.objective = j;
  return fit;
}

double predict_probability(const LogisticFit& fit, const double* row) {
  double eta = fit.intercept;
  for (size_t c = 0; c < fit.weights.size(); ++c) eta += fit.weights[c] * row[c];
  return sigmoid(eta);
}

}  // namespace rimscan::classify
