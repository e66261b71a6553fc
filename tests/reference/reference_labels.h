#pragma once
// Naive, obviously-correct oracles for labelling and hole filling: breadth-first search over
// explicit neighbour lists, sharing no code with src/ or cuda/.
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <vector>

#include "rimscan/image.h"

namespace rimscan::reference {

struct Offset {
  int d[3];
};

// All 3D offsets with 1 <= |d|_1 and max|d| = 1, restricted by connectivity 6 / 18 / 26.
inline std::vector<Offset> offsets_3d(int connectivity) {
  std::vector<Offset> out;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int l1 = std::abs(dx) + std::abs(dy) + std::abs(dz);
        if (l1 == 0) continue;
        if (connectivity == 6 && l1 > 1) continue;
        if (connectivity == 18 && l1 > 2) continue;
        out.push_back({{dx, dy, dz}});
      }
  return out;
}

// In-plane offsets of the slices perpendicular to `axis` (4 or 8 of them).
inline std::vector<Offset> offsets_2d(int axis, bool eight) {
  std::vector<Offset> out;
  for (int b = -1; b <= 1; ++b)
    for (int a = -1; a <= 1; ++a) {
      if (a == 0 && b == 0) continue;
      if (!eight && a != 0 && b != 0) continue;
      Offset o{{0, 0, 0}};
      const int u = axis == 0 ? 1 : 0, w = axis == 2 ? 1 : 2;
      o.d[u] = a;
      o.d[w] = b;
      out.push_back(o);
    }
  return out;
}

// BFS labelling: scans voxels in raster order and floods each unlabelled foreground voxel,
// so components are numbered in raster order of their first voxel.
inline ImageI32 label_bfs(const ImageU8& mask, const std::vector<Offset>& offs, int32_t* n_out = nullptr) {
  const auto& s = mask.geom.size;
  ImageI32 lab(mask.geom, 0);
  int32_t next = 0;
  std::deque<int64_t> q;
  for (int64_t k = 0; k < s[2]; ++k)
    for (int64_t j = 0; j < s[1]; ++j)
      for (int64_t i = 0; i < s[0]; ++i) {
        if (!mask.at(i, j, k) || lab.at(i, j, k)) continue;
        ++next;
        lab.at(i, j, k) = next;
        q.push_back(mask.geom.linear_index(i, j, k));
        while (!q.empty()) {
          const int64_t v = q.front();
          q.pop_front();
          const int64_t c[3] = {v % s[0], (v / s[0]) % s[1], v / (s[0] * s[1])};
          for (const auto& o : offs) {
            int64_t m[3];
            bool in = true;
            for (int a = 0; a < 3; ++a) {
              m[a] = c[a] + o.d[a];
              in = in && m[a] >= 0 && m[a] < s[a];
            }
            if (!in || !mask.at(m[0], m[1], m[2]) || lab.at(m[0], m[1], m[2])) continue;
            lab.at(m[0], m[1], m[2]) = next;
            q.push_back(mask.geom.linear_index(m[0], m[1], m[2]));
          }
        }
      }
  if (n_out) *n_out = next;
  return lab;
}

// Hole filling by flooding the background from every border voxel (border = faces of the
// axes in `border_axes`), through background, with offsets `offs`; what the flood does not
// reach is filled.
inline ImageU8 fill_holes_flood(const ImageU8& mask, const std::vector<Offset>& offs, const bool border_axes[3]) {
  const auto& s = mask.geom.size;
  ImageU8 reached(mask.geom, 0);
  std::deque<int64_t> q;
  for (int64_t k = 0; k < s[2]; ++k)
    for (int64_t j = 0; j < s[1]; ++j)
      for (int64_t i = 0; i < s[0]; ++i) {
        const int64_t c[3] = {i, j, k};
        bool border = false;
        for (int a = 0; a < 3; ++a) border = border || (border_axes[a] && (c[a] == 0 || c[a] == s[a] - 1));
        if (border && !mask.at(i, j, k)) {
          reached.at(i, j, k) = 1;
          q.push_back(mask.geom.linear_index(i, j, k));
        }
      }
  while (!q.empty()) {
    const int64_t v = q.front();
    q.pop_front();
    const int64_t c[3] = {v % s[0], (v / s[0]) % s[1], v / (s[0] * s[1])};
    for (const auto& o : offs) {
      int64_t m[3];
      bool in = true;
      for (int a = 0; a < 3; ++a) {
        m[a] = c[a] + o.d[a];
        in = in && m[a] >= 0 && m[a] < s[a];
      }
      if (!in || mask.at(m[0], m[1], m[2]) || reached.at(m[0], m[1], m[2])) continue;
      reached.at(m[0], m[1], m[2]) = 1;
      q.push_back(mask.geom.linear_index(m[0], m[1], m[2]));
    }
  }
  ImageU8 out(mask.geom, 0);
  for (size_t v = 0; v < out.voxels.size(); ++v) out.voxels[v] = (mask.voxels[v] || !reached.voxels[v]) ? 1 : 0;
  return out;
}

inline ImageU8 fill_holes_3d(const ImageU8& mask) {
  const bool all[3] = {true, true, true};
  return fill_holes_flood(mask, offsets_3d(6), all);
}

inline ImageU8 fill_holes_2d(const ImageU8& mask, int axis) {
  bool in_plane[3] = {true, true, true};
  in_plane[axis] = false;
  return fill_holes_flood(mask, offsets_2d(axis, false), in_plane);
}

}  // namespace rimscan::reference
