#pragma once
// Naive oracle of the phantom truth rule (docs/phantom.md#truth), written independently of
// src/phantom/truth.cpp: breadth-first components, every pair of mesh vertices (midpoints of
// the lesion's boundary lattice edges) for the diameter.
// For small label maps only (the diameter is quadratic in the lesion size).
#include <array>
#include <cmath>
#include <cstdint>
#include <queue>
#include <vector>

#include "rimscan/image.h"

namespace rimscan::reference {

struct TruthLesion {
  int64_t enhancing = 0, core = 0;
  double core_fraction = 0;
  double ring_completeness = -1;  // -1 without a core
  double diameter_mm = 0;
};

inline std::vector<TruthLesion> truth_lesions(const ImageU8& lab) {
  const auto& g = lab.geom;
  const int64_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
  auto in_lesion = [&](int64_t i, int64_t j, int64_t k) {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return false;
    const uint8_t v = lab.at(i, j, k);
    return v == 1 || v == 2;
  };
  std::vector<int> comp(static_cast<size_t>(g.num_voxels()), -1);
  std::vector<TruthLesion> out;
  for (int64_t k = 0; k < nz; ++k)
    for (int64_t j = 0; j < ny; ++j)
      for (int64_t i = 0; i < nx; ++i) {
        if (!in_lesion(i, j, k) || comp[g.linear_index(i, j, k)] >= 0) continue;
        const int id = static_cast<int>(out.size());
        std::vector<std::array<int64_t, 3>> vox;
        std::queue<std::array<int64_t, 3>> q;
        q.push({i, j, k});
        comp[g.linear_index(i, j, k)] = id;
        while (!q.empty()) {
          auto v = q.front();
          q.pop();
          vox.push_back(v);
          for (int dk = -1; dk <= 1; ++dk)
            for (int dj = -1; dj <= 1; ++dj)
              for (int di = -1; di <= 1; ++di) {
                const int64_t a = v[0] + di, b = v[1] + dj, c = v[2] + dk;
                if (in_lesion(a, b, c) && comp[g.linear_index(a, b, c)] < 0) {
                  comp[g.linear_index(a, b, c)] = id;
                  q.push({a, b, c});
                }
              }
        }
        TruthLesion L;
        int64_t boundary = 0, touching = 0;
        for (const auto& v : vox) {
          if (lab.at(v[0], v[1], v[2]) == 1) {
            ++L.enhancing;
            continue;
          }
          ++L.core;
          bool is_boundary = false;
          const int d6[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
          for (const auto& d : d6) {
            const int64_t a = v[0] + d[0], b = v[1] + d[1], c = v[2] + d[2];
            if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz || lab.at(a, b, c) != 2) is_boundary = true;
          }
          if (!is_boundary) continue;
          ++boundary;
          bool touch = false;
          for (int dk = -1; dk <= 1; ++dk)
            for (int dj = -1; dj <= 1; ++dj)
              for (int di = -1; di <= 1; ++di) {
                const int64_t a = v[0] + di, b = v[1] + dj, c = v[2] + dk;
                if (a >= 0 && b >= 0 && c >= 0 && a < nx && b < ny && c < nz && lab.at(a, b, c) == 1 &&
                    comp[g.linear_index(a, b, c)] == id)
                  touch = true;
              }
          if (touch) ++touching;
        }
        L.core_fraction = static_cast<double>(L.core) / static_cast<double>(vox.size());
        if (boundary > 0) L.ring_completeness = static_cast<double>(touching) / static_cast<double>(boundary);
        // Mesh vertices of a binary mask at the 0.5 iso-level: the midpoints of lattice edges
        // joining a voxel of the lesion to one outside it (or outside the image).
        std::vector<Vec3> verts;
        const int d6v[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (const auto& v : vox)
          for (const auto& d : d6v)
            if (!in_lesion(v[0] + d[0], v[1] + d[1], v[2] + d[2]))
              verts.push_back({(v[0] + 0.5 * d[0]) * g.spacing[0], (v[1] + 0.5 * d[1]) * g.spacing[1],
                               (v[2] + 0.5 * d[2]) * g.spacing[2]});
        double best = 0;
        for (size_t p = 0; p < verts.size(); ++p)
          for (size_t r = p + 1; r < verts.size(); ++r) {
            const double dx = verts[p][0] - verts[r][0], dy = verts[p][1] - verts[r][1], dz = verts[p][2] - verts[r][2];
            best = std::max(best, dx * dx + dy * dy + dz * dz);
          }
        L.diameter_mm = std::sqrt(best);
        out.push_back(L);
      }
  return out;
}

// pce: some lesion with diameter >= 10 mm, CF >= 0.15 and RC >= 0.5.
inline bool truth_pce(const ImageU8& lab) {
  for (const auto& L : truth_lesions(lab))
    if (L.diameter_mm >= 10.0 && L.core_fraction >= 0.15 && L.ring_completeness >= 0.5) return true;
  return false;
}

// lmd: some voxel labelled 3.
inline bool truth_lmd(const ImageU8& lab) {
  for (uint8_t v : lab.voxels)
    if (v == 3) return true;
  return false;
}

}  // namespace rimscan::reference
