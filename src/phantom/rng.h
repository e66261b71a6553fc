#pragma once
// Counter-based random numbers for the phantom generator. Every random quantity is a pure
// function of (key, counter) where the key hashes (seed, case index, purpose), so results never
// depend on thread count, on the order in which voxels are visited, or on other cases, and
// adding a draw to one purpose does not shift the draws of another.
#include <cmath>
#include <cstdint>

#include "rimscan/phantom/phantom.h"

namespace rimscan::phantom::detail {

// SplitMix64 finaliser: a bijective 64-bit mix with good avalanche.
inline uint64_t mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
inline uint64_t hash2(uint64_t a, uint64_t b) { return mix64(mix64(a) ^ (b * 0xd6e8feb86659fd93ULL)); }
inline uint64_t hash3(uint64_t a, uint64_t b, uint64_t c) { return hash2(hash2(a, b), c); }
// Uniform in [0, 1) with 53 random bits.
inline double to_unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

// Purposes of the independent streams of one case.
enum Stream : uint64_t {
  kStreamChoices = 1, kStreamAnatomy, kStreamVessels, kStreamLesions, kStreamLmd, kStreamAcquisition,
  kStreamNoise, kStreamFoldA, kStreamFoldB, kStreamTexture, kStreamShape, kStreamBias,
};
inline uint64_t stream_key(uint64_t seed, int index, Stream s) {
  return hash3(seed, static_cast<uint64_t>(index) + 0x51ed27ULL, static_cast<uint64_t>(s));
}

// A sequential generator over one stream (used while planning a case, single-threaded).
class Rng {
 public:
  explicit Rng(uint64_t key) : key_(key) {}
  uint64_t next() { return hash2(key_, counter_++); }
  double uniform() { return to_unit(next()); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double in(const Range& r) { return r.lo == r.hi ? r.lo : uniform(r.lo, r.hi); }
  int in(const IntRange& r) { return r.lo + static_cast<int>(next() % static_cast<uint64_t>(r.hi - r.lo + 1)); }
  bool chance(double p) { return uniform() < p; }
  int pick(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
  // A uniformly distributed unit vector.
  void unit_vector(double v[3]) {
    double z = uniform(-1, 1), phi = uniform(0, 2 * M_PI), r = std::sqrt(1 - z * z);
    v[0] = r * std::cos(phi);
    v[1] = r * std::sin(phi);
    v[2] = z;
  }
  // A fresh independent key derived from this stream (for a sub-object).
  uint64_t fork() { return mix64(next() ^ 0x7f4a7c159e3779b9ULL); }

 private:
  uint64_t key_;
  uint64_t counter_ = 0;
};

// Two independent standard normals for voxel `n` of a stream (Box-Muller on two hashed draws).
inline void normal_pair_at(uint64_t key, uint64_t n, double& a, double& b) {
  double u1 = to_unit(hash2(key, 2 * n)), u2 = to_unit(hash2(key, 2 * n + 1));
  if (u1 < 1e-300) u1 = 1e-300;
  double r = std::sqrt(-2.0 * std::log(u1)), t = 2.0 * M_PI * u2;
  a = r * std::cos(t);
  b = r * std::sin(t);
}

}  // namespace rimscan::phantom::detail
