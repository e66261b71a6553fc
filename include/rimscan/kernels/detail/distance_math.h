#pragma once
// Exact Euclidean distance transform on an anisotropic grid: the per-line math shared by the
// CPU and CUDA backends (docs/kernels.md#distance-transform).
//
// The transform is computed as a nearest-feature transform, one pass per axis
// (Felzenszwalb & Huttenlocher, Theory of Computing 2012; Maurer et al., PAMI 2003): after the
// pass along axis a, every voxel holds the linear index of a feature voxel nearest to it among
// those reachable by moving along the axes processed so far (or -1). Distances are never
// stored between passes: they are recomputed in double from the integer index differences,
// always by the same formula, so the final value is exactly that formula evaluated at a
// nearest feature, on every backend. The lower envelope of parabolas uses double precision
// and, with FMA contraction disabled, rounds identically on both backends.
#include <cmath>
#include <cstdint>

#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail::edt {

// Unsigned 32-bit division by a run-time constant with a multiply and shifts (Granlund &
// Montgomery, PLDI 1994; "round-up" method with the add fix-up of Hacker's Delight 10-8),
// exact for every numerator: integer division is the slowest operation of the passes.
struct DivU32 {
  uint32_t d, m;
  int shift;  // l - 1, with l = ceil(log2 d)
};
inline DivU32 make_divu32(uint32_t d) {
  DivU32 r{d, 0, 0};
  if (d <= 1) return r;
  int l = 0;
  while ((uint64_t{1} << l) < d) ++l;
  r.m = static_cast<uint32_t>(((uint64_t{1} << 32) * ((uint64_t{1} << l) - d)) / d + 1);
  r.shift = l - 1;
  return r;
}
RIMSCAN_HD inline uint32_t divu32(uint32_t n, const DivU32& dv) {
  if (dv.d <= 1) return n;
  const uint32_t t = static_cast<uint32_t>((static_cast<uint64_t>(dv.m) * n) >> 32);
  return (t + ((n - t) >> 1)) >> dv.shift;
}

struct Grid {
  int64_t n[3];
  int64_t stride[3];
  DivU32 div_nx;   // decodes j from an index within one z plane
  double sp[3];    // spacing (mm)
};

// The one distance formula (mm^2), from integer index differences:
//   ((di * sx)^2 + (dj * sy)^2) + (dk * sz)^2   in double, in this order.
RIMSCAN_HD inline double sq_mm(const Grid& g, int64_t di, int64_t dj, int64_t dk) {
  const double dx = static_cast<double>(di) * g.sp[0];
  const double dy = static_cast<double>(dj) * g.sp[1];
  const double dz = static_cast<double>(dk) * g.sp[2];
  return (dx * dx + dy * dy) + dz * dz;
}

// First pass, one line along x: nearest feature in the line by a forward and a backward scan
// (ties between left and right go to the left, the lower index).
RIMSCAN_HD inline void nearest_in_row(const uint8_t* mask, uint8_t invert, int32_t* out, const Grid& g, int64_t line) {
  const int64_t nx = g.n[0];
  const int64_t base = line * nx;
  int64_t last = -1;
  for (int64_t i = 0; i < nx; ++i) {
    if ((mask[base + i] != 0) != (invert != 0)) last = i;
    out[base + i] = last >= 0 ? static_cast<int32_t>(base + last) : -1;
  }
  int64_t next = -1;
  for (int64_t i = nx - 1; i >= 0; --i) {
    if ((mask[base + i] != 0) != (invert != 0)) next = i;
    if (next < 0) continue;
    const int32_t left = out[base + i];
    if (left < 0 || next - i < i - (left - base)) out[base + i] = static_cast<int32_t>(base + next);
  }
}

// Where along the line the parabola of sample q (with f = fq) starts to lie below that of an
// earlier sample r (r < q): at x = num / den with den > 0. Kept as a fraction so that the
// envelope compares crossings by multiplication instead of dividing (division is the slowest
// operation on both backends); products round the same way on both.
struct Crossing {
  double num, den;
};
RIMSCAN_HD inline Crossing envelope_cross(double fr, int64_t r, double fq, int64_t q, double s2) {
  const double rr = static_cast<double>(r), qq = static_cast<double>(q);
  return Crossing{(fq + s2 * qq * qq) - (fr + s2 * rr * rr), 2.0 * s2 * (qq - rr)};
}
// a <= b for two crossings.
RIMSCAN_HD inline bool crossing_le(const Crossing& a, const Crossing& b) { return a.num * b.den <= b.num * a.den; }
// crossing < x for a position x.
RIMSCAN_HD inline bool crossing_lt(const Crossing& a, double x) { return a.num < x * a.den; }

// f(p) of the y pass: the feature of voxel (i, p, k) lies in its own x row, so only its x
// coordinate differs: f = (di sx)^2 (the distance formula with dj = dk = 0).
struct RowSample {
  const int32_t* in;
  Grid g;
  int64_t i, k, base, st;
  RIMSCAN_HD int32_t feature(int64_t p) const { return in[base + p * st]; }
  RIMSCAN_HD double f(int64_t p) const {
    const int64_t fi = feature(p) - (p * g.stride[1] + k * g.stride[2]);
    return sq_mm(g, i - fi, 0, 0);
  }
};

// f(p) of the z pass: the feature of voxel (i, j, p) lies in its own z plane.
struct PlaneSample {
  const int32_t* in;
  Grid g;
  int64_t i, j, base, st;
  RIMSCAN_HD int32_t feature(int64_t p) const { return in[base + p * st]; }
  RIMSCAN_HD double f(int64_t p) const {
    const uint32_t rem = static_cast<uint32_t>(feature(p) - p * g.stride[2]);
    const uint32_t fj = divu32(rem, g.div_nx);
    const uint32_t fi = rem - fj * static_cast<uint32_t>(g.n[0]);
    return sq_mm(g, i - static_cast<int64_t>(fi), j - static_cast<int64_t>(fj), 0);
  }
};

// The exact 1D lower envelope (Felzenszwalb & Huttenlocher) of the parabolas
// f(p) + s2 (x - p)^2 over the samples p of one line that have a feature, then, for every
// position q, emit(q, r, f(r)) with r the sample whose parabola is lowest at q (at a crossing
// the earlier sample). env: len slots strided by env_stride, scratch for the positions; the
// value of the top of the stack and its left boundary are kept in registers and recomputed,
// identically, after a pop. Returns false (emitting nothing) when no sample has a feature.
template <class Sample, class Emit>
RIMSCAN_HD inline bool lower_envelope(const Sample& smp, int64_t len, double s2, int32_t* env, int64_t env_stride,
                                      Emit& emit) {
  int64_t k = -1;
  int64_t r_top = 0;
  double f_top = 0.0;
  Crossing z_top{0.0, 1.0};
  for (int64_t p = 0; p < len; ++p) {
    if (smp.feature(p) < 0) continue;
    const double fp = smp.f(p);
    Crossing s{0.0, 1.0};
    while (k >= 0) {
      s = envelope_cross(f_top, r_top, fp, p, s2);
      if (k > 0 && crossing_le(s, z_top)) {
        --k;  // the top parabola is nowhere lowest any more
        r_top = env[k * env_stride];
        f_top = smp.f(r_top);
        if (k > 0) {
          const int64_t r0 = env[(k - 1) * env_stride];
          z_top = envelope_cross(smp.f(r0), r0, f_top, r_top, s2);
        }
      } else {
        break;
      }
    }
    ++k;
    env[k * env_stride] = static_cast<int32_t>(p);
    z_top = s;  // not read while k == 0
    r_top = p;
    f_top = fp;
  }
  if (k < 0) return false;
  int64_t j = 0;
  int64_t r = env[0];
  double fr = smp.f(r);
  int64_t r1 = 0;
  double f1 = 0.0;
  Crossing z1{0.0, 1.0};
  if (k > 0) {
    r1 = env[env_stride];
    f1 = smp.f(r1);
    z1 = envelope_cross(fr, r, f1, r1, s2);
  }
  for (int64_t q = 0; q < len; ++q) {
    while (j < k && crossing_lt(z1, static_cast<double>(q))) {
      ++j;
      r = r1;
      fr = f1;
      if (j < k) {
        r1 = env[(j + 1) * env_stride];
        f1 = smp.f(r1);
        z1 = envelope_cross(fr, r, f1, r1, s2);
      }
    }
    emit(q, r, fr);
  }
  return true;
}

// y pass output: the nearest feature index.
struct EmitFeature {
  const int32_t* in;
  int32_t* out;
  int64_t base, st;
  RIMSCAN_HD void operator()(int64_t q, int64_t r, double) const { out[base + q * st] = in[base + r * st]; }
};

// z pass output: the distance itself, f(r) + (dk sz)^2 -- the distance formula, in the same
// order -- and optionally the nearest feature index.
struct EmitDistance {
  const int32_t* in;
  float* dist;
  int32_t* nearest;  // may be null
  int64_t base, st;
  double sz;
  RIMSCAN_HD void operator()(int64_t q, int64_t r, double fr) const {
    const double dz = static_cast<double>(q - r) * sz;
    dist[base + q * st] = static_cast<float>(sqrt(fr + dz * dz));
    if (nearest) nearest[base + q * st] = in[base + r * st];
  }
};

}  // namespace rimscan::kernels::detail::edt
