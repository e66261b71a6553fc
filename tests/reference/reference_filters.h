#pragma once
// Naive, obviously-correct oracles for filters: direct loops, double precision, no sharing of
// code with src/ or cuda/.
#include <cmath>
#include <vector>

#include "rimscan/image.h"

namespace rimscan::reference {

// Separable Gaussian with replicate boundaries, taps exp(-t^2 / 2 s^2) truncated at ceil(3 s),
// normalised to sum 1, computed in double.
inline ImageF gaussian(const ImageF& in, double sigma_mm) {
  ImageF cur = in;
  for (int axis = 0; axis < 3; ++axis) {
    const double s = sigma_mm / in.geom.spacing[axis];
    const int r = std::max(1, static_cast<int>(std::ceil(3.0 * s)));
    std::vector<double> w(2 * r + 1);
    double sum = 0;
    for (int t = -r; t <= r; ++t) sum += (w[t + r] = std::exp(-0.5 * t * t / (s * s)));
    for (double& x : w) x /= sum;
    ImageF next(in.geom);
    const auto& sz = in.geom.size;
    for (int64_t k = 0; k < sz[2]; ++k)
      for (int64_t j = 0; j < sz[1]; ++j)
        for (int64_t i = 0; i < sz[0]; ++i) {
          double acc = 0;
          for (int t = -r; t <= r; ++t) {
            int64_t idx[3] = {i, j, k};
            idx[axis] = std::min<int64_t>(std::max<int64_t>(idx[axis] + t, 0), sz[axis] - 1);
            acc += w[t + r] * cur.at(idx[0], idx[1], idx[2]);
          }
          next.at(i, j, k) = static_cast<float>(acc);
        }
    cur = std::move(next);
  }
  return cur;
}

}  // namespace rimscan::reference
