// Truth measured on a label map, with the definitions of docs/phantom.md#truth (the same as
// docs/rim_metrics.md): lesions = 26-connected components of {1, 2}; CF = |C| / |L|;
// RC = fraction of core boundary voxels (6-neighbourhood) touching E (26-neighbourhood);
// diameter = maximum 3D diameter of L's marching-cubes mesh (as docs/metrics.md).
#include <algorithm>
#include <cmath>
#include <vector>

#include "rimscan/features/mesh.h"
#include "rimscan/phantom/phantom.h"

namespace rimscan::phantom {

namespace {

// Maximum 3D diameter of one component as docs/metrics.md measures it (IBSI): the largest
// distance between vertices of the marching-cubes mesh of the component's mask.
double max_diameter(const Geometry& g, const std::vector<int64_t>& voxels) {
  const int64_t nx = g.size[0], ny = g.size[1];
  int64_t lo[3] = {g.size[0], g.size[1], g.size[2]}, hi[3] = {-1, -1, -1};
  for (int64_t v : voxels) {
    const int64_t c[3] = {v % nx, (v / nx) % ny, v / (nx * ny)};
    for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], c[a]), hi[a] = std::max(hi[a], c[a]);
  }
  const Size3 crop{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
  std::vector<uint8_t> mask(static_cast<size_t>(crop[0] * crop[1] * crop[2]), 0);
  for (int64_t v : voxels) {
    const int64_t i = v % nx - lo[0], j = (v / nx) % ny - lo[1], k = v / (nx * ny) - lo[2];
    mask[static_cast<size_t>(i + crop[0] * (j + crop[1] * k))] = 1;
  }
  return features::mesh_analyse(mask.data(), crop, g.spacing, true).diameters.max_3d;
}

}  // namespace

CaseTruth measure_truth(const ImageU8& labels, const TruthRule& rule) {
  const Geometry& g = labels.geom;
  const int64_t nx = g.size[0], ny = g.size[1], nz = g.size[2], n = g.num_voxels();
  const uint8_t* lab = labels.data();
  CaseTruth t;
  std::vector<int32_t> comp(static_cast<size_t>(n), -1);
  std::vector<int64_t> stack;
  std::vector<std::vector<int64_t>> members;
  for (int64_t v = 0; v < n; ++v) {
    if (lab[v] == kLabelLeptomeningeal) ++t.lme_voxels;
    if ((lab[v] != kLabelEnhancing && lab[v] != kLabelCore) || comp[static_cast<size_t>(v)] >= 0) continue;
    // Flood fill one lesion (26-connectivity); components are numbered in raster order.
    const int32_t id = static_cast<int32_t>(members.size());
    members.emplace_back();
    comp[static_cast<size_t>(v)] = id;
    stack.push_back(v);
    while (!stack.empty()) {
      const int64_t u = stack.back();
      stack.pop_back();
      members[static_cast<size_t>(id)].push_back(u);
      const int64_t i = u % nx, j = (u / nx) % ny, k = u / (nx * ny);
      for (int dk = -1; dk <= 1; ++dk)
        for (int dj = -1; dj <= 1; ++dj)
          for (int di = -1; di <= 1; ++di) {
            const int64_t ii = i + di, jj = j + dj, kk = k + dk;
            if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
            const int64_t w = ii + nx * (jj + ny * kk);
            if ((lab[w] == kLabelEnhancing || lab[w] == kLabelCore) && comp[static_cast<size_t>(w)] < 0) {
              comp[static_cast<size_t>(w)] = id;
              stack.push_back(w);
            }
          }
    }
  }
  t.lme_volume_ml = static_cast<double>(t.lme_voxels) * g.voxel_volume_mm3() / 1000.0;
  t.lmd = t.lme_voxels > 0;

  for (size_t id = 0; id < members.size(); ++id) {
    std::vector<int64_t>& vox = members[id];
    std::sort(vox.begin(), vox.end());
    LesionTruth L;
    int64_t boundary = 0, touching = 0;
    Vec3 sum{0, 0, 0};
    for (int64_t u : vox) {
      const int64_t i = u % nx, j = (u / nx) % ny, k = u / (nx * ny);
      const Vec3 p = g.index_to_physical({double(i), double(j), double(k)});
      for (int c = 0; c < 3; ++c) sum[c] += p[c];
      if (lab[u] == kLabelEnhancing) {
        ++L.enhancing_voxels;
        continue;
      }
      ++L.core_voxels;
      // Core boundary: a 6-neighbour outside C (the image border counts as outside).
      bool is_boundary = false;
      const int64_t off[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
      for (const auto& o : off) {
        const int64_t ii = i + o[0], jj = j + o[1], kk = k + o[2];
        if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz ||
            lab[ii + nx * (jj + ny * kk)] != kLabelCore || comp[static_cast<size_t>(ii + nx * (jj + ny * kk))] != static_cast<int32_t>(id)) {
          is_boundary = true;
          break;
        }
      }
      if (!is_boundary) continue;
      ++boundary;
      bool touches = false;
      for (int dk = -1; dk <= 1 && !touches; ++dk)
        for (int dj = -1; dj <= 1 && !touches; ++dj)
          for (int di = -1; di <= 1 && !touches; ++di) {
            const int64_t ii = i + di, jj = j + dj, kk = k + dk;
            if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
            const int64_t w = ii + nx * (jj + ny * kk);
            touches = lab[w] == kLabelEnhancing && comp[static_cast<size_t>(w)] == static_cast<int32_t>(id);
          }
      if (touches) ++touching;
    }
    const double count = static_cast<double>(vox.size());
    L.volume_ml = count * g.voxel_volume_mm3() / 1000.0;
    L.core_fraction = static_cast<double>(L.core_voxels) / count;
    L.ring_completeness = boundary > 0 ? static_cast<double>(touching) / static_cast<double>(boundary) : -1.0;
    L.centroid_mm = {sum[0] / count, sum[1] / count, sum[2] / count};
    L.diameter_mm = max_diameter(g, vox);
    L.rim = L.diameter_mm >= rule.min_diameter_mm && L.core_fraction >= rule.min_core_fraction &&
            L.ring_completeness >= rule.min_ring_completeness;
    t.pce = t.pce || L.rim;
    t.lesions.push_back(L);
  }
  return t;
}

}  // namespace rimscan::phantom
