#pragma once
// Signed-distance helpers for the analytic head model (negative inside, in mm). Exact for
// spheres, capsules and planes; the ellipsoid is the usual first-order bound, good near its
// surface, which is where the model needs it.
#include <algorithm>
#include <cmath>

#include "rimscan/geometry.h"

namespace rimscan::phantom::detail {

inline double clamp01(double x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }
inline double mix(double a, double b, double t) { return a + (b - a) * t; }
inline double smoothstep(double e0, double e1, double x) {
  double t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3 - 2 * t);
}
// Fraction of a soft edge of half-width h covered by the inside of a signed distance.
inline double cover(double sdf, double h) { return clamp01(0.5 - sdf / (2 * h)); }

inline Vec3 sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
inline Vec3 add(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
inline Vec3 scale(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
inline double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
inline double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }
inline Vec3 normalized(const Vec3& a) {
  double n = norm(a);
  return n > 0 ? scale(a, 1 / n) : Vec3{0, 0, 1};
}
inline Vec3 mat_vec(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}
inline Vec3 mat_t_vec(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[3] * v[1] + m[6] * v[2], m[1] * v[0] + m[4] * v[1] + m[7] * v[2],
          m[2] * v[0] + m[5] * v[1] + m[8] * v[2]};
}

// Polynomial smooth minimum / maximum with blend width k (mm).
inline double smin(double a, double b, double k) {
  double h = clamp01(0.5 + 0.5 * (b - a) / k);
  return mix(b, a, h) - k * h * (1 - h);
}
inline double smax(double a, double b, double k) { return -smin(-a, -b, k); }

struct Ellipsoid {
  Vec3 c{0, 0, 0}, r{1, 1, 1};
  Vec3 inv{1, 1, 1}, inv2{1, 1, 1};  // 1 / r and 1 / r^2, precomputed (this is the hot path)
  Ellipsoid() = default;
  Ellipsoid(const Vec3& centre, const Vec3& radii) : c(centre), r(radii) {
    for (int a = 0; a < 3; ++a) inv[a] = 1.0 / r[a], inv2[a] = inv[a] * inv[a];
  }
};
inline double sd_ellipsoid(const Vec3& p, const Ellipsoid& e) {
  const double q0 = p[0] - e.c[0], q1 = p[1] - e.c[1], q2 = p[2] - e.c[2];
  const double a0 = q0 * e.inv[0], a1 = q1 * e.inv[1], a2 = q2 * e.inv[2];
  const double b0 = q0 * e.inv2[0], b1 = q1 * e.inv2[1], b2 = q2 * e.inv2[2];
  const double k0 = std::sqrt(a0 * a0 + a1 * a1 + a2 * a2);
  const double k1 = std::sqrt(b0 * b0 + b1 * b1 + b2 * b2);
  if (k1 < 1e-12) return -std::min(e.r[0], std::min(e.r[1], e.r[2]));
  return k0 * (k0 - 1) / k1;
}
// Normalised radius |q / r| (1 on the surface): a cheap inside/outside test.
inline double ellipsoid_radius(const Vec3& p, const Ellipsoid& e) {
  const double a0 = (p[0] - e.c[0]) * e.inv[0], a1 = (p[1] - e.c[1]) * e.inv[1], a2 = (p[2] - e.c[2]) * e.inv[2];
  return std::sqrt(a0 * a0 + a1 * a1 + a2 * a2);
}

// A segment with linearly varying radius (a tapered tube with round ends).
struct Capsule {
  Vec3 a{0, 0, 0}, b{0, 0, 0};
  double ra = 1, rb = 1;
};
// Signed distance and the segment parameter t of the closest point.
inline double sd_capsule(const Vec3& p, const Capsule& c, double* t_out = nullptr) {
  const Vec3 ab = sub(c.b, c.a), ap = sub(p, c.a);
  const double len2 = dot(ab, ab);
  double t = len2 > 0 ? clamp01(dot(ap, ab) / len2) : 0;
  if (t_out) *t_out = t;
  const Vec3 d = sub(ap, scale(ab, t));
  return norm(d) - mix(c.ra, c.rb, t);
}

// Axis-aligned box with rounded edges: half sizes hs, corner radius r.
inline double sd_round_box(const Vec3& p, const Vec3& c, const Vec3& hs, double r) {
  double q[3], outside = 0, inside = -1e30;
  for (int a = 0; a < 3; ++a) {
    q[a] = std::fabs(p[a] - c[a]) - hs[a] + r;
    outside += std::max(q[a], 0.0) * std::max(q[a], 0.0);
    inside = std::max(inside, q[a]);
  }
  return std::sqrt(outside) + std::min(inside, 0.0) - r;
}

}  // namespace rimscan::phantom::detail
