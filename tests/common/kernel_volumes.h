#pragma once
// Deterministic test volumes for the kernel tests: random masks, smooth blobs, shells.
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "rimscan/image.h"

namespace rimscan::test {

// Independent Bernoulli(p) voxels.
inline ImageU8 random_mask(Size3 size, double p, unsigned seed, Vec3 spacing = {1, 1, 1}) {
  ImageU8 m(Geometry::make(size, spacing));
  std::mt19937 rng(seed);
  std::bernoulli_distribution d(p);
  for (auto& v : m.voxels) v = d(rng) ? 1 : 0;
  return m;
}

// Uniform noise in [0, 1000).
inline ImageF random_image(Size3 size, unsigned seed, Vec3 spacing = {1, 1, 1}) {
  ImageF img(Geometry::make(size, spacing));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(0.0f, 1000.0f);
  for (auto& v : img.voxels) v = d(rng);
  return img;
}

// Blobby mask: sum of a few random Gaussian bumps, thresholded (irregular, multi-component
// shapes with holes and handles at small sizes).
inline ImageU8 blob_mask(Size3 size, int bumps, double radius, double threshold, unsigned seed) {
  ImageU8 m(Geometry::make(size));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> ux(0, size[0]), uy(0, size[1]), uz(0, size[2]);
  std::uniform_real_distribution<double> us(-1.0, 1.0);
  std::vector<std::array<double, 4>> b;
  for (int t = 0; t < bumps; ++t) b.push_back({ux(rng), uy(rng), uz(rng), us(rng)});
  for (int64_t k = 0; k < size[2]; ++k)
    for (int64_t j = 0; j < size[1]; ++j)
      for (int64_t i = 0; i < size[0]; ++i) {
        double s = 0;
        for (const auto& c : b) {
          const double d2 = (i - c[0]) * (i - c[0]) + (j - c[1]) * (j - c[1]) + (k - c[2]) * (k - c[2]);
          s += c[3] * std::exp(-d2 / (2 * radius * radius));
        }
        m.at(i, j, k) = s > threshold ? 1 : 0;
      }
  return m;
}

// Voxels whose centre lies at distance in [r_in, r_out] (voxel units) from `c`.
inline ImageU8 shell_mask(Size3 size, std::array<double, 3> c, double r_in, double r_out) {
  ImageU8 m(Geometry::make(size));
  for (int64_t k = 0; k < size[2]; ++k)
    for (int64_t j = 0; j < size[1]; ++j)
      for (int64_t i = 0; i < size[0]; ++i) {
        const double d = std::sqrt((i - c[0]) * (i - c[0]) + (j - c[1]) * (j - c[1]) + (k - c[2]) * (k - c[2]));
        m.at(i, j, k) = (d >= r_in && d <= r_out) ? 1 : 0;
      }
  return m;
}

}  // namespace rimscan::test
