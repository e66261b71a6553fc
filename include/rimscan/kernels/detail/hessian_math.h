#pragma once
// Hessian matrix, its eigenvalues and Frangi-style shape measures: the per-voxel math shared
// by the CPU and CUDA backends (docs/kernels.md#hessian).
//
// Everything is double precision. The Hessian uses only +, -, * (FMA contraction disabled; the
// reciprocals of the stencil weights are computed once on the host) and is bit-identical on
// both backends; the eigenvalues (acos, cos) and the shape measures
// (exp) call maths-library functions whose last bit may differ between host and device, so
// those agree to ~1e-15 relative (parity tolerance 1e-5).
#include <cmath>
#include <cstdint>

#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail::hessian {

struct Sym3 {
  double xx, yy, zz, xy, xz, yz;
};

struct Grid {
  int64_t n[3];
  int64_t stride[3];
  double sp[3];
  double inv_s2[3];    // 1 / s^2
  double inv_w[3][2];  // 1 / ((hi - lo) s): [0] central (2 s), [1] one-sided (s)
};

inline Grid make_grid(const int64_t n[3], const double sp[3]) {
  Grid g{};
  for (int a = 0; a < 3; ++a) {
    g.n[a] = n[a];
    g.sp[a] = sp[a];
    g.inv_s2[a] = 1.0 / (sp[a] * sp[a]);
    g.inv_w[a][0] = 1.0 / (2.0 * sp[a]);
    g.inv_w[a][1] = 1.0 / sp[a];
  }
  g.stride[0] = 1;
  g.stride[1] = n[0];
  g.stride[2] = n[0] * n[1];
  return g;
}

// Second difference along one axis at position c (line length n):
// ((f[m+1] - 2 f[m]) + f[m-1]) / s^2 with m = clamp(c, 1, n-2) -- the central stencil, moved
// inwards at the two ends (one-sided there); 0 when n < 3. (Multiplied by the precomputed
// 1 / s^2: no division per voxel.)
RIMSCAN_HD inline double second_diff(const float* f, int64_t v, int64_t c, int64_t n, int64_t stride, double inv_s2) {
  if (n < 3) return 0.0;
  const int64_t m = c < 1 ? 1 : (c > n - 2 ? n - 2 : c);
  const int64_t w = v + (m - c) * stride;
  const double a = f[w - stride], b = f[w], d = f[w + stride];
  return ((d - 2.0 * b) + a) * inv_s2;
}

// First-difference stencil along one axis at position c: (f[hi] - f[lo]) / ((hi - lo) s) with
// lo = max(c-1, 0), hi = min(c+1, n-1) -- central inside, one-sided at the ends; inv = 0
// (derivative 0) when n == 1.
struct Stencil1 {
  int64_t lo, hi;  // offsets (in voxels) from c
  double inv;      // 1 / ((hi - lo) s)
};
RIMSCAN_HD inline Stencil1 first_stencil(const Grid& g, int a, int64_t c) {
  const int64_t n = g.n[a];
  const int64_t lo = c > 0 ? -1 : 0;
  const int64_t hi = c < n - 1 ? 1 : 0;
  const double inv = hi - lo == 2 ? g.inv_w[a][0] : (hi - lo == 1 ? g.inv_w[a][1] : 0.0);
  return Stencil1{lo, hi, inv};
}

// Mixed derivative d2f / da db = D_a(D_b f) with the first-difference stencils:
// ((f(ha,hb) - f(ha,lb)) - (f(la,hb) - f(la,lb))) * (inv_a inv_b).
RIMSCAN_HD inline double mixed_diff(const float* f, int64_t v, const Stencil1& a, int64_t sa, const Stencil1& b,
                                    int64_t sb) {
  if (a.inv == 0.0 || b.inv == 0.0) return 0.0;
  const double hh = f[v + a.hi * sa + b.hi * sb], hl = f[v + a.hi * sa + b.lo * sb];
  const double lh = f[v + a.lo * sa + b.hi * sb], ll = f[v + a.lo * sa + b.lo * sb];
  return ((hh - hl) - (lh - ll)) * (a.inv * b.inv);
}

// Hessian (physical units: intensity / mm^2) of f at voxel (i, j, k) = linear index v.
RIMSCAN_HD inline Sym3 hessian_at(const float* f, const Grid& g, int64_t v, int64_t i, int64_t j, int64_t k) {
  Sym3 h;
  h.xx = second_diff(f, v, i, g.n[0], g.stride[0], g.inv_s2[0]);
  h.yy = second_diff(f, v, j, g.n[1], g.stride[1], g.inv_s2[1]);
  h.zz = second_diff(f, v, k, g.n[2], g.stride[2], g.inv_s2[2]);
  const Stencil1 sx = first_stencil(g, 0, i);
  const Stencil1 sy = first_stencil(g, 1, j);
  const Stencil1 sz = first_stencil(g, 2, k);
  h.xy = mixed_diff(f, v, sx, g.stride[0], sy, g.stride[1]);
  h.xz = mixed_diff(f, v, sx, g.stride[0], sz, g.stride[2]);
  h.yz = mixed_diff(f, v, sy, g.stride[1], sz, g.stride[2]);
  return h;
}

// Frobenius norm ||H||_F = sqrt(l1^2 + l2^2 + l3^2).
RIMSCAN_HD inline double frobenius(const Sym3& h) {
  return sqrt(((h.xx * h.xx + h.yy * h.yy) + h.zz * h.zz) + 2.0 * ((h.xy * h.xy + h.xz * h.xz) + h.yz * h.yz));
}

// Eigenvalues of h by the closed-form trigonometric solution of the characteristic cubic
// (Smith, CACM 1961): with q = tr(H)/3, p = sqrt(tr((H - qI)^2)/6), B = (H - qI)/p and
// r = det(B)/2 clamped to [-1, 1], phi = acos(r)/3, the eigenvalues are q + 2p cos(phi),
// q + 2p cos(phi + 2 pi/3) and 3q minus those two. Double precision; accurate to about
// 1e-15 ||H|| (1e-8 ||H|| for nearly repeated eigenvalues, where acos is ill-conditioned).
// acos/cos may differ in the last bit between host and device libraries, so backends agree to
// that accuracy rather than bit for bit. Then ordered by magnitude |l[0]| <= |l[1]| <= |l[2]|
// (equal magnitudes: smaller value first).
RIMSCAN_HD inline void eigenvalues(const Sym3& h, double l[3]) {
  const double p1 = (h.xy * h.xy + h.xz * h.xz) + h.yz * h.yz;
  if (p1 == 0.0) {
    l[0] = h.xx;
    l[1] = h.yy;
    l[2] = h.zz;
  } else {
    const double q = ((h.xx + h.yy) + h.zz) / 3.0;
    const double a = h.xx - q, b = h.yy - q, c = h.zz - q;
    const double p = sqrt((((a * a + b * b) + c * c) + 2.0 * p1) / 6.0);
    const double ip = 1.0 / p;
    const double b00 = a * ip, b11 = b * ip, b22 = c * ip, b01 = h.xy * ip, b02 = h.xz * ip, b12 = h.yz * ip;
    double r = 0.5 * ((b00 * (b11 * b22 - b12 * b12) - b01 * (b01 * b22 - b12 * b02)) + b02 * (b01 * b12 - b11 * b02));
    r = r < -1.0 ? -1.0 : (r > 1.0 ? 1.0 : r);
    const double phi = acos(r) / 3.0;
    l[0] = q + 2.0 * p * cos(phi);
    l[2] = q + 2.0 * p * cos(phi + 2.0943951023931957);  // 2 pi / 3
    l[1] = (3.0 * q - l[0]) - l[2];
  }
  // Sort by (|l|, l).
  for (int x = 0; x < 2; ++x)
    for (int y = 0; y < 2 - x; ++y) {
      const double u = l[y], w = l[y + 1];
      const bool swap = fabs(u) > fabs(w) || (fabs(u) == fabs(w) && u > w);
      if (swap) {
        l[y] = w;
        l[y + 1] = u;
      }
    }
}

// Frangi's ratios: Ra = |l2|/|l3| (plate ~0, line and blob ~1), Rb = |l1|/sqrt(|l2 l3|)
// (blob ~1, line and plate ~0), S = sqrt(l1^2 + l2^2 + l3^2) (structure vs flat noise).
struct ShapeRatios {
  double ra, rb, s;
};
RIMSCAN_HD inline ShapeRatios shape_ratios(const double l[3]) {
  const double a1 = fabs(l[0]), a2 = fabs(l[1]), a3 = fabs(l[2]);
  ShapeRatios r;
  r.ra = a3 > 0.0 ? a2 / a3 : 0.0;
  r.rb = a1 > 0.0 ? a1 / sqrt(a2 * a3) : 0.0;
  r.s = sqrt((l[0] * l[0] + l[1] * l[1]) + l[2] * l[2]);
  return r;
}

RIMSCAN_HD inline double structure_term(double s, double c) { return c > 0.0 ? 1.0 - exp(-(s * s) / (2.0 * c * c)) : 0.0; }

// Bright tube (Frangi et al., MICCAI 1998): 0 unless l2 < 0 and l3 < 0, else
//   (1 - exp(-Ra^2 / 2 alpha^2)) exp(-Rb^2 / 2 beta^2) (1 - exp(-S^2 / 2 c^2)).
RIMSCAN_HD inline double vesselness_bright(const double l[3], double alpha, double beta, double c) {
  if (!(l[1] < 0.0 && l[2] < 0.0)) return 0.0;
  const ShapeRatios r = shape_ratios(l);
  return (1.0 - exp(-(r.ra * r.ra) / (2.0 * alpha * alpha))) * exp(-(r.rb * r.rb) / (2.0 * beta * beta)) *
         structure_term(r.s, c);
}

// Bright blob: 0 unless l1, l2, l3 < 0, else
//   (1 - exp(-Ra^2 / 2 alpha^2)) (1 - exp(-Rb^2 / 2 beta^2)) (1 - exp(-S^2 / 2 c^2)).
RIMSCAN_HD inline double blobness_bright(const double l[3], double alpha, double beta, double c) {
  if (!(l[0] < 0.0 && l[1] < 0.0 && l[2] < 0.0)) return 0.0;
  const ShapeRatios r = shape_ratios(l);
  return (1.0 - exp(-(r.ra * r.ra) / (2.0 * alpha * alpha))) * (1.0 - exp(-(r.rb * r.rb) / (2.0 * beta * beta))) *
         structure_term(r.s, c);
}

// Bright plate (sheet): 0 unless l3 < 0, else
//   exp(-Ra^2 / 2 alpha^2) exp(-Rb^2 / 2 beta^2) (1 - exp(-S^2 / 2 c^2)).
RIMSCAN_HD inline double plateness_bright(const double l[3], double alpha, double beta, double c) {
  if (!(l[2] < 0.0)) return 0.0;
  const ShapeRatios r = shape_ratios(l);
  return exp(-(r.ra * r.ra) / (2.0 * alpha * alpha)) * exp(-(r.rb * r.rb) / (2.0 * beta * beta)) *
         structure_term(r.s, c);
}

}  // namespace rimscan::kernels::detail::hessian
