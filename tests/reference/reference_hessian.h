#pragma once
// Naive oracles for the Hessian kernels: the finite differences of docs/kernels.md#hessian in
// long double, eigenvalues by classical (largest-pivot) Jacobi in long double, and the shape
// measures from their formulas. No code shared with src/ or cuda/.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "rimscan/image.h"

namespace rimscan::reference {

using L = long double;
using Mat = std::array<std::array<L, 3>, 3>;

inline L at(const ImageF& f, int64_t i, int64_t j, int64_t k) { return static_cast<L>(f.at(i, j, k)); }

// The documented stencils: second differences centred at clamp(c, 1, n-2) (0 if n < 3);
// mixed derivatives as first differences of first differences, central inside, one-sided at
// the faces (0 if n == 1).
inline Mat hessian(const ImageF& f, int64_t i, int64_t j, int64_t k) {
  const auto& s = f.geom.size;
  const auto& sp = f.geom.spacing;
  const int64_t c[3] = {i, j, k};
  Mat h{};
  for (int a = 0; a < 3; ++a) {
    if (s[a] < 3) continue;
    int64_t p[3] = {i, j, k}, m[3], q[3];
    p[a] = std::clamp<int64_t>(c[a], 1, s[a] - 2);
    std::copy(p, p + 3, m);
    std::copy(p, p + 3, q);
    m[a] -= 1;
    q[a] += 1;
    h[a][a] = (at(f, q[0], q[1], q[2]) - 2 * at(f, p[0], p[1], p[2]) + at(f, m[0], m[1], m[2])) / (L(sp[a]) * L(sp[a]));
  }
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b) {
      if (s[a] == 1 || s[b] == 1) continue;
      const int64_t la = std::max<int64_t>(c[a] - 1, 0), ha = std::min<int64_t>(c[a] + 1, s[a] - 1);
      const int64_t lb = std::max<int64_t>(c[b] - 1, 0), hb = std::min<int64_t>(c[b] + 1, s[b] - 1);
      auto F = [&](int64_t xa, int64_t xb) {
        int64_t p[3] = {i, j, k};
        p[a] = xa;
        p[b] = xb;
        return at(f, p[0], p[1], p[2]);
      };
      const L d = (F(ha, hb) - F(ha, lb) - F(la, hb) + F(la, lb)) / (L(ha - la) * L(sp[a]) * L(hb - lb) * L(sp[b]));
      h[a][b] = h[b][a] = d;
    }
  return h;
}

// Eigenvalues sorted by |l| (ties: smaller value first).
inline std::array<L, 3> eigenvalues(Mat a) {
  for (int iter = 0; iter < 200; ++iter) {
    int p = 0, q = 1;
    for (int r = 0; r < 3; ++r)
      for (int t = r + 1; t < 3; ++t)
        if (std::fabs(a[r][t]) > std::fabs(a[p][q])) p = r, q = t;
    const L scale = std::fabs(a[0][0]) + std::fabs(a[1][1]) + std::fabs(a[2][2]);
    if (std::fabs(a[p][q]) <= 1e-30L * scale || a[p][q] == 0) break;
    const L theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
    const L t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
    const L c = 1 / std::sqrt(t * t + 1), s = t * c;
    Mat b = a;
    for (int r = 0; r < 3; ++r) {
      b[r][p] = c * a[r][p] - s * a[r][q];
      b[r][q] = s * a[r][p] + c * a[r][q];
    }
    Mat d = b;
    for (int r = 0; r < 3; ++r) {
      d[p][r] = c * b[p][r] - s * b[q][r];
      d[q][r] = s * b[p][r] + c * b[q][r];
    }
    a = d;
  }
  std::array<L, 3> l{a[0][0], a[1][1], a[2][2]};
  std::sort(l.begin(), l.end(), [](L x, L y) { return std::fabs(x) < std::fabs(y) || (std::fabs(x) == std::fabs(y) && x < y); });
  return l;
}

inline L frobenius(const Mat& h) {
  L s = 0;
  for (const auto& r : h)
    for (L x : r) s += x * x;
  return std::sqrt(s);
}

struct Shape {
  L tube, blob, plate;
};
inline Shape shape(const std::array<L, 3>& l, L alpha, L beta, L c) {
  const L a1 = std::fabs(l[0]), a2 = std::fabs(l[1]), a3 = std::fabs(l[2]);
  const L ra = a3 > 0 ? a2 / a3 : 0;
  const L rb = a1 > 0 ? a1 / std::sqrt(a2 * a3) : 0;
  const L s2 = l[0] * l[0] + l[1] * l[1] + l[2] * l[2];
  const L st = c > 0 ? 1 - std::exp(-s2 / (2 * c * c)) : 0;
  const L fa = std::exp(-ra * ra / (2 * alpha * alpha)), fb = std::exp(-rb * rb / (2 * beta * beta));
  Shape out{0, 0, 0};
  if (l[1] < 0 && l[2] < 0) out.tube = (1 - fa) * fb * st;
  if (l[0] < 0 && l[1] < 0 && l[2] < 0) out.blob = (1 - fa) * (1 - fb) * st;
  if (l[2] < 0) out.plate = fa * fb * st;
  return out;
}

// Shape measures of sigma^2 H over a smoothed image, c automatic (half the largest
// ||sigma^2 H||_F) when c <= 0.
inline std::array<ImageF, 3> shape_measures(const ImageF& smoothed, double sigma, double alpha, double beta, double c) {
  const auto& s = smoothed.geom.size;
  const L norm = L(sigma) * L(sigma);
  L cc = c;
  if (!(c > 0)) {
    L mx = 0;
    for (int64_t k = 0; k < s[2]; ++k)
      for (int64_t j = 0; j < s[1]; ++j)
        for (int64_t i = 0; i < s[0]; ++i) mx = std::max(mx, norm * frobenius(hessian(smoothed, i, j, k)));
    cc = mx / 2;
  }
  std::array<ImageF, 3> out{ImageF(smoothed.geom), ImageF(smoothed.geom), ImageF(smoothed.geom)};
  for (int64_t k = 0; k < s[2]; ++k)
    for (int64_t j = 0; j < s[1]; ++j)
      for (int64_t i = 0; i < s[0]; ++i) {
        Mat h = hessian(smoothed, i, j, k);
        for (auto& r : h)
          for (L& x : r) x *= norm;
        const Shape m = shape(eigenvalues(h), alpha, beta, cc);
        out[0].at(i, j, k) = static_cast<float>(m.tube);
        out[1].at(i, j, k) = static_cast<float>(m.blob);
        out[2].at(i, j, k) = static_cast<float>(m.plate);
      }
  return out;
}

}  // namespace rimscan::reference
