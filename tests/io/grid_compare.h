#pragma once
// Comparing an image with a reference that stores the same voxels on the same physical grid but
// possibly with axes permuted or flipped (converters reorient differently): every voxel centre
// of `a` is mapped through physical space to `b`'s grid and must land on a voxel centre there.
#include <cmath>
#include <cstdint>

#include "rimscan/image.h"

namespace rimscan::test {

struct GridMatch {
  bool same_voxel_count = false;
  double max_position_error_mm = 0;  // distance from a's voxel centre to the nearest b centre
  int64_t outside = 0;               // a's voxels that fall outside b
  int64_t compared = 0;
  double max_abs_value_diff = 0;
};

inline GridMatch match_grids(const ImageF& a, const ImageF& b) {
  GridMatch m;
  m.same_voxel_count = a.num_voxels() == b.num_voxels();
  const Geometry& ga = a.geom;
  const Geometry& gb = b.geom;
  for (int64_t k = 0; k < ga.size[2]; ++k)
    for (int64_t j = 0; j < ga.size[1]; ++j)
      for (int64_t i = 0; i < ga.size[0]; ++i) {
        const Vec3 p = ga.index_to_physical({double(i), double(j), double(k)});
        const Vec3 q = gb.physical_to_index(p);
        int64_t r[3];
        double err2 = 0;
        bool inside = true;
        for (int c = 0; c < 3; ++c) {
          r[c] = static_cast<int64_t>(std::llround(q[c]));
          const double d = (q[c] - double(r[c])) * gb.spacing[c];
          err2 += d * d;
          inside = inside && r[c] >= 0 && r[c] < gb.size[c];
        }
        m.max_position_error_mm = std::max(m.max_position_error_mm, std::sqrt(err2));
        if (!inside) {
          ++m.outside;
          continue;
        }
        ++m.compared;
        const double va = a.at(i, j, k), vb = b.at(r[0], r[1], r[2]);
        m.max_abs_value_diff = std::max(m.max_abs_value_diff, std::fabs(va - vb));
      }
  return m;
}

}  // namespace rimscan::test
