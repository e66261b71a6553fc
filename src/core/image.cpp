#include "rimscan/image.h"

#include <cmath>

namespace rimscan {

void require_finite(const ImageF& img, const std::string& what) {
  int64_t bad = 0, first = -1;
  for (size_t n = 0; n < img.voxels.size(); ++n) {
    if (!std::isfinite(img.voxels[n])) {
      if (first < 0) first = static_cast<int64_t>(n);
      ++bad;
    }
  }
  if (bad == 0) return;
  const int64_t nx = img.geom.size[0], ny = img.geom.size[1];
  throw Error(ErrorCode::kInputInvalid,
              what + ": " + std::to_string(bad) + " NaN/Inf voxel(s), first at (" +
                  std::to_string(first % nx) + "," + std::to_string((first / nx) % ny) + "," +
                  std::to_string(first / (nx * ny)) + ")");
}

}  // namespace rimscan
