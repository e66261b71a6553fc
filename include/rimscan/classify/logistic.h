#pragma once
// L2-regularised logistic regression fitted by IRLS (Newton's method), the estimator behind
// `rimscan train` (docs/model.md). Deterministic: no random starts, a fixed iteration order and a
// convergence test on the step size, so the same data give bit-identical weights.
//
// The fit minimises, over intercept b and weights w,
//   J(b, w) = -sum_i [ y_i log p_i + (1 - y_i) log(1 - p_i) ] + (lambda / 2) ||w||^2,
//   p_i = 1 / (1 + exp(-(b + x_i . w))),
// i.e. the usual sum (not mean) log-likelihood with a ridge penalty on the weights; the intercept
// is not penalised. Features are expected standardised (Standardisation below), so lambda acts
// equally on every feature. With lambda > 0 J is strictly convex and coercive, so the minimiser
// exists and is unique even on linearly separable data; with lambda = 0 and separable data the
// weights grow without bound and the fit reports converged = false.
#include <cstddef>
#include <vector>

namespace rimscan::classify {

// A dense row-major matrix of doubles (n cases x k features). NaN marks a missing value where a
// function says so.
struct Matrix {
  size_t rows = 0, cols = 0;
  std::vector<double> v;
  Matrix() = default;
  Matrix(size_t r, size_t c, double fill = 0.0) : rows(r), cols(c), v(r * c, fill) {}
  double& at(size_t r, size_t c) { return v[r * cols + c]; }
  double at(size_t r, size_t c) const { return v[r * cols + c]; }
  const double* row(size_t r) const { return v.data() + r * cols; }
};

// Per-column z-scoring: z = (x - mean) / scale with the mean and the population standard
// deviation (divisor n) of the non-missing (non-NaN) values. A constant column gets scale 1 (its
// z is 0 everywhere, so the ridge penalty drives its weight to 0); a column with no value at all
// gets mean 0, scale 1.
struct Standardisation {
  std::vector<double> mean, scale;
};
Standardisation fit_standardisation(const Matrix& x);
// z-scores `x`; a missing value (NaN) becomes 0, i.e. it is imputed at the mean.
Matrix standardise(const Matrix& x, const Standardisation& s);

struct LogisticOptions {
  double lambda = 1.0;       // ridge penalty on the weights (not the intercept), >= 0
  int max_iterations = 100;  // Newton steps
  // Converged when the full Newton step is at most tolerance * (1 + max |coefficient|). Newton
  // converges quadratically, so the step taken after that test leaves an error of the order of
  // tolerance^2; a tighter tolerance cannot be met reliably, because near the optimum the step
  // is dominated by rounding in the gradient (about sqrt(machine epsilon) relative).
  double tolerance = 1e-6;
};

struct LogisticFit {
  std::vector<double> weights;
  double intercept = 0;
  int iterations = 0;
  bool converged = false;
  double objective = 0;  // J at the solution
};

// Fits on x (n x k, no NaN) and 0/1 labels y. Throws Error(kInputInvalid) when n == 0, the
// sizes disagree, a label is not 0/1, x holds a non-finite value, lambda < 0, or only one class
// is present (the unpenalised intercept would be infinite).
//
// IRLS: start at b = logit(mean y), w = 0; each iteration solves (X'WX + L) d = X'(p - y) + L beta
// (X with a leading column of ones, W = diag(p_i (1 - p_i)), L = diag(0, lambda, ..., lambda)) by
// Cholesky and steps beta -= t d with t halved until J decreases (Armijo condition), which makes
// every iteration a descent step even far from the optimum.
LogisticFit fit_logistic(const Matrix& x, const std::vector<int>& y, const LogisticOptions& opt = {});

// p = sigma(b + x . w) for one row of k values.
double predict_probability(const LogisticFit& fit, const double* row);

// Numerically safe logistic function and its inverse (logit clamps p to [1e-15, 1 - 1e-15]).
double sigmoid(double z);
double logit(double p);

}  // namespace rimscan::classify
