// Eigenvalues of symmetric matrices: Householder reduction to tridiagonal form, then the
// implicit QL iteration with Wilkinson-type shifts (eigenvalues only).
#include <algorithm>
#include <cmath>

#include "rimscan/features/radiomics/features.h"

namespace rimscan::radiomics {

std::vector<double> symmetric_eigenvalues(std::vector<double> a, int n) {
  auto A = [&a, n](int r, int c) -> double& { return a[static_cast<size_t>(r * n + c)]; };
  std::vector<double> v(static_cast<size_t>(n)), p(static_cast<size_t>(n));
  // Householder: zero column k below the sub-diagonal, applying H S H to the trailing block.
  for (int k = 0; k + 2 < n; ++k) {
    double norm = 0;
    for (int r = k + 1; r < n; ++r) norm += A(r, k) * A(r, k);
    norm = std::sqrt(norm);
    if (norm == 0) continue;
    const double alpha = A(k + 1, k) > 0 ? -norm : norm;
    double vn = 0;
    for (int r = k + 1; r < n; ++r) {
      v[static_cast<size_t>(r)] = A(r, k) - (r == k + 1 ? alpha : 0.0);
      vn += v[static_cast<size_t>(r)] * v[static_cast<size_t>(r)];
    }
    vn = std::sqrt(vn);
    if (vn == 0) continue;
    for (int r = k + 1; r < n; ++r) v[static_cast<size_t>(r)] /= vn;
    double kk = 0;
    for (int r = k + 1; r < n; ++r) {
      double s = 0;
      for (int c = k + 1; c < n; ++c) s += A(r, c) * v[static_cast<size_t>(c)];
      p[static_cast<size_t>(r)] = s;
      kk += v[static_cast<size_t>(r)] * s;
    }
    for (int r = k + 1; r < n; ++r) p[static_cast<size_t>(r)] -= kk * v[static_cast<size_t>(r)];
    for (int r = k + 1; r < n; ++r)
      for (int c = k + 1; c < n; ++c)
        A(r, c) -= 2.0 * (v[static_cast<size_t>(r)] * p[static_cast<size_t>(c)] + p[static_cast<size_t>(r)] * v[static_cast<size_t>(c)]);
    A(k + 1, k) = A(k, k + 1) = alpha;
    for (int r = k + 2; r < n; ++r) A(r, k) = A(k, r) = 0;
  }
  std::vector<double> d(static_cast<size_t>(n)), e(static_cast<size_t>(n), 0.0);
  for (int i = 0; i < n; ++i) d[static_cast<size_t>(i)] = A(i, i);
  for (int i = 0; i + 1 < n; ++i) e[static_cast<size_t>(i)] = A(i + 1, i);
  // Implicit QL on the tridiagonal (d, e), e[i] coupling i and i+1.
  for (int l = 0; l < n; ++l) {
    for (int iter = 0; iter < 60; ++iter) {
      int m = l;
      for (; m + 1 < n; ++m) {
        const double dd = std::fabs(d[static_cast<size_t>(m)]) + std::fabs(d[static_cast<size_t>(m + 1)]);
        if (std::fabs(e[static_cast<size_t>(m)]) <= 1e-15 * dd) break;
      }
      if (m == l) break;
      double g = (d[static_cast<size_t>(l + 1)] - d[static_cast<size_t>(l)]) / (2.0 * e[static_cast<size_t>(l)]);
      double r = std::hypot(g, 1.0);
      g = d[static_cast<size_t>(m)] - d[static_cast<size_t>(l)] + e[static_cast<size_t>(l)] / (g + std::copysign(r, g));
      double s = 1, c = 1, pp = 0;
      int i = m - 1;
      bool underflow = false;
      for (; i >= l; --i) {
        const double f = s * e[static_cast<size_t>(i)], b = c * e[static_cast<size_t>(i)];
        r = std::hypot(f, g);
        e[static_cast<size_t>(i + 1)] = r;
        if (r == 0) {
          d[static_cast<size_t>(i + 1)] -= pp;
          e[static_cast<size_t>(m)] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[static_cast<size_t>(i + 1)] - pp;
        r = (d[static_cast<size_t>(i)] - g) * s + 2.0 * c * b;
        pp = s * r;
        d[static_cast<size_t>(i + 1)] = g + pp;
        g = c * r - b;
      }
      if (underflow) continue;
      d[static_cast<size_t>(l)] -= pp;
      e[static_cast<size_t>(l)] = g;
      e[static_cast<size_t>(m)] = 0;
    }
  }
  std::sort(d.begin(), d.end());
  return d;
}

}  // namespace rimscan::radiomics
