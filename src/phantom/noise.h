#pragma once
// Smooth random fields for the phantom: gradient (Perlin) noise with analytic derivatives,
// evaluated in a randomly rotated and shifted frame so that no lattice direction shows.
#include <cmath>
#include <cstdint>

#include "phantom/rng.h"
#include "rimscan/geometry.h"

namespace rimscan::phantom::detail {

// One gradient-noise field: value(p) = noise(R * p / wavelength + offset), roughly in [-1, 1].
struct NoiseField {
  uint64_t key = 0;
  double inv_wavelength = 1.0;
  Mat3 rot{1, 0, 0, 0, 1, 0, 0, 0, 1};
  Vec3 offset{0, 0, 0};
};

// A field of the given wavelength (mm) with a random orientation and offset drawn from rng.
NoiseField make_noise_field(Rng& rng, double wavelength_mm);

// Gradient noise at lattice coordinates x; grad (may be null) receives d value / d x.
double gradient_noise(uint64_t key, const double x[3], double grad[3]);

// The field at a point (mm); grad (may be null) receives the gradient per mm.
inline double sample(const NoiseField& f, const Vec3& p, double grad[3] = nullptr) {
  double x[3];
  for (int r = 0; r < 3; ++r)
    x[r] = (f.rot[r * 3 + 0] * p[0] + f.rot[r * 3 + 1] * p[1] + f.rot[r * 3 + 2] * p[2]) * f.inv_wavelength +
           f.offset[r];
  if (!grad) return gradient_noise(f.key, x, nullptr);
  double g[3];
  double v = gradient_noise(f.key, x, g);
  // Chain rule through x = R p / lambda: grad_p = R^T g / lambda.
  for (int c = 0; c < 3; ++c)
    grad[c] = (f.rot[0 * 3 + c] * g[0] + f.rot[1 * 3 + c] * g[1] + f.rot[2 * 3 + c] * g[2]) * f.inv_wavelength;
  return v;
}

}  // namespace rimscan::phantom::detail
