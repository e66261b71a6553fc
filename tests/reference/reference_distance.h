#pragma once
// Naive, obviously-correct oracles for distance transforms and binary morphology: brute force
// over all voxel pairs (small volumes only), sharing no code with src/ or cuda/.
// The distance between voxel centres is, as documented in docs/kernels.md,
//   float(sqrt(((di sx)^2 + (dj sy)^2) + (dk sz)^2))   evaluated in double.
#include <cmath>
#include <cstdint>
#include <vector>

#include "rimscan/image.h"

namespace rimscan::reference {

inline constexpr float kFar = 1e30f;
inline constexpr double kEps = 1e-4;

inline double sq_mm(const Geometry& g, int64_t a, int64_t b) {
  const auto& s = g.size;
  const int64_t ai = a % s[0], aj = (a / s[0]) % s[1], ak = a / (s[0] * s[1]);
  const int64_t bi = b % s[0], bj = (b / s[0]) % s[1], bk = b / (s[0] * s[1]);
  const double dx = static_cast<double>(ai - bi) * g.spacing[0];
  const double dy = static_cast<double>(aj - bj) * g.spacing[1];
  const double dz = static_cast<double>(ak - bk) * g.spacing[2];
  return (dx * dx + dy * dy) + dz * dz;
}

// Distance from every voxel to the nearest voxel with in_set(value) true.
template <class Pred>
ImageF distance_brute(const ImageU8& m, Pred in_set) {
  ImageF out(m.geom, kFar);
  std::vector<int64_t> set;
  for (int64_t v = 0; v < m.num_voxels(); ++v)
    if (in_set(m.voxels[v])) set.push_back(v);
  if (set.empty()) return out;
  for (int64_t v = 0; v < m.num_voxels(); ++v) {
    double best = -1;
    for (int64_t f : set) {
      const double q = sq_mm(m.geom, v, f);
      if (best < 0 || q < best) best = q;
    }
    out.voxels[v] = static_cast<float>(std::sqrt(best));
  }
  return out;
}

inline ImageF distance_transform(const ImageU8& feature) {
  return distance_brute(feature, [](uint8_t x) { return x != 0; });
}
inline ImageF distance_to_outside(const ImageU8& mask) {
  return distance_brute(mask, [](uint8_t x) { return x == 0; });
}

// Ball morphology, straight from the definitions (docs/kernels.md#morphology).
inline ImageU8 dilate_mm(const ImageU8& m, double r) {
  ImageF d = distance_transform(m);
  ImageU8 out(m.geom, 0);
  for (size_t v = 0; v < out.voxels.size(); ++v) out.voxels[v] = static_cast<double>(d.voxels[v]) <= r + kEps;
  return out;
}
inline ImageU8 erode_mm(const ImageU8& m, double r, bool outside_is_background) {
  ImageF d = distance_to_outside(m);
  ImageU8 out(m.geom, 0);
  const auto& s = m.geom.size;
  for (int64_t v = 0; v < m.num_voxels(); ++v) {
    bool keep = m.voxels[v] && static_cast<double>(d.voxels[v]) > r + kEps;
    if (outside_is_background) {
      // Centres just outside the grid: index -1 or n along one axis, same other indices.
      const int64_t c[3] = {v % s[0], (v / s[0]) % s[1], v / (s[0] * s[1])};
      for (int a = 0; a < 3; ++a) {
        keep = keep && static_cast<double>(c[a] + 1) * m.geom.spacing[a] > r + kEps;
        keep = keep && static_cast<double>(s[a] - c[a]) * m.geom.spacing[a] > r + kEps;
      }
    }
    out.voxels[v] = keep;
  }
  return out;
}

// One-voxel morphology by explicit neighbour loops.
inline bool is_neighbour(int dx, int dy, int dz, int conn) {
  const int l1 = std::abs(dx) + std::abs(dy) + std::abs(dz);
  return l1 > 0 && (conn == 26 || (conn == 18 && l1 <= 2) || (conn == 6 && l1 == 1));
}
// erode = true: all in-grid neighbours set (and, if outside_is_background, none outside);
// erode = false (dilate): any neighbour set.
inline ImageU8 voxel_morph(const ImageU8& m, bool erode, int conn, bool outside_is_background) {
  const auto& s = m.geom.size;
  ImageU8 out(m.geom, 0);
  for (int64_t k = 0; k < s[2]; ++k)
    for (int64_t j = 0; j < s[1]; ++j)
      for (int64_t i = 0; i < s[0]; ++i) {
        bool all = true, any = false;
        for (int dz = -1; dz <= 1; ++dz)
          for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
              if (!is_neighbour(dx, dy, dz, conn)) continue;
              const int64_t a = i + dx, b = j + dy, c = k + dz;
              const bool inside = a >= 0 && b >= 0 && c >= 0 && a < s[0] && b < s[1] && c < s[2];
              const bool set = inside && m.at(a, b, c);
              if (!inside && !outside_is_background) continue;
              all = all && set;
              any = any || set;
            }
        out.at(i, j, k) = erode ? (m.at(i, j, k) && all) : (m.at(i, j, k) || any);
      }
  return out;
}

inline ImageU8 boundary(const ImageU8& m, bool outside_is_background) {
  ImageU8 e = voxel_morph(m, true, 6, outside_is_background);
  ImageU8 out(m.geom, 0);
  for (size_t v = 0; v < out.voxels.size(); ++v) out.voxels[v] = m.voxels[v] && !e.voxels[v];
  return out;
}

}  // namespace rimscan::reference
