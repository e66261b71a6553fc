#include "phantom/noise.h"

#include <cmath>

namespace rimscan::phantom::detail {

namespace {

// The twelve cube-edge gradients of improved Perlin noise.
constexpr double kGrad[12][3] = {{1, 1, 0}, {-1, 1, 0}, {1, -1, 0}, {-1, -1, 0}, {1, 0, 1}, {-1, 0, 1},
                                 {1, 0, -1}, {-1, 0, -1}, {0, 1, 1}, {0, -1, 1}, {0, 1, -1}, {0, -1, -1}};

inline const double* lattice_gradient(uint64_t key, int64_t i, int64_t j, int64_t k) {
  uint64_t h = mix64(key ^ (static_cast<uint64_t>(i) * 0x8da6b343ULL) ^
                     (static_cast<uint64_t>(j) * 0xd8163841ULL * 0x10001ULL) ^
                     (static_cast<uint64_t>(k) * 0xcb1ab31fULL * 0x100000001ULL));
  return kGrad[(h >> 32) % 12];
}

inline double dot3(const double* g, double x, double y, double z) { return g[0] * x + g[1] * y + g[2] * z; }

}  // namespace

NoiseField make_noise_field(Rng& rng, double wavelength_mm) {
  NoiseField f;
  f.key = rng.fork();
  f.inv_wavelength = 1.0 / wavelength_mm;
  // Random rotation from a random unit quaternion.
  double q[4];
  double n = 0;
  for (double& c : q) {
    c = rng.normal();
    n += c * c;
  }
  n = std::sqrt(n);
  for (double& c : q) c /= n;
  const double w = q[0], x = q[1], y = q[2], z = q[3];
  f.rot = {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
           2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
           2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
  for (double& o : f.offset) o = rng.uniform(0, 256);
  return f;
}

double gradient_noise(uint64_t key, const double x[3], double grad[3]) {
  const double fx0 = std::floor(x[0]), fy0 = std::floor(x[1]), fz0 = std::floor(x[2]);
  const int64_t i = static_cast<int64_t>(fx0), j = static_cast<int64_t>(fy0), k = static_cast<int64_t>(fz0);
  const double fx = x[0] - fx0, fy = x[1] - fy0, fz = x[2] - fz0;
  // Quintic fade and its derivative.
  const double ux = fx * fx * fx * (fx * (fx * 6 - 15) + 10), uy = fy * fy * fy * (fy * (fy * 6 - 15) + 10),
               uz = fz * fz * fz * (fz * (fz * 6 - 15) + 10);
  const double* ga = lattice_gradient(key, i, j, k);
  const double* gb = lattice_gradient(key, i + 1, j, k);
  const double* gc = lattice_gradient(key, i, j + 1, k);
  const double* gd = lattice_gradient(key, i + 1, j + 1, k);
  const double* ge = lattice_gradient(key, i, j, k + 1);
  const double* gf = lattice_gradient(key, i + 1, j, k + 1);
  const double* gg = lattice_gradient(key, i, j + 1, k + 1);
  const double* gh = lattice_gradient(key, i + 1, j + 1, k + 1);
  const double va = dot3(ga, fx, fy, fz), vb = dot3(gb, fx - 1, fy, fz), vc = dot3(gc, fx, fy - 1, fz),
               vd = dot3(gd, fx - 1, fy - 1, fz), ve = dot3(ge, fx, fy, fz - 1), vf = dot3(gf, fx - 1, fy, fz - 1),
               vg = dot3(gg, fx, fy - 1, fz - 1), vh = dot3(gh, fx - 1, fy - 1, fz - 1);
  const double k1 = vb - va, k2 = vc - va, k3 = ve - va, k4 = va - vb - vc + vd, k5 = va - vc - ve + vg,
               k6 = va - vb - ve + vf, k7 = -va + vb + vc - vd + ve - vf - vg + vh;
  const double value = va + ux * k1 + uy * k2 + uz * k3 + ux * uy * k4 + uy * uz * k5 + uz * ux * k6 + ux * uy * uz * k7;
  if (grad) {
    const double dux = 30 * fx * fx * (fx * (fx - 2) + 1), duy = 30 * fy * fy * (fy * (fy - 2) + 1),
                 duz = 30 * fz * fz * (fz * (fz - 2) + 1);
    for (int c = 0; c < 3; ++c) {
      grad[c] = ga[c] + ux * (gb[c] - ga[c]) + uy * (gc[c] - ga[c]) + uz * (ge[c] - ga[c]) +
                ux * uy * (ga[c] - gb[c] - gc[c] + gd[c]) + uy * uz * (ga[c] - gc[c] - ge[c] + gg[c]) +
                uz * ux * (ga[c] - gb[c] - ge[c] + gf[c]) +
                ux * uy * uz * (-ga[c] + gb[c] + gc[c] - gd[c] + ge[c] - gf[c] - gg[c] + gh[c]);
    }
    grad[0] += dux * (k1 + k4 * uy + k6 * uz + k7 * uy * uz);
    grad[1] += duy * (k2 + k5 * uz + k4 * ux + k7 * uz * ux);
    grad[2] += duz * (k3 + k6 * ux + k5 * uy + k7 * ux * uy);
  }
  return value;
}

}  // namespace rimscan::phantom::detail
