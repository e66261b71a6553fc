#pragma once
// Image<T>: a 3D scalar volume in host memory with its geometry. Independent of ITK.
// Float images carry intensities; integer images carry masks and label maps.
#include <cstdint>
#include <string>
#include <vector>

#include "rimscan/error.h"
#include "rimscan/geometry.h"

namespace rimscan {

template <class T>
struct Image {
  Geometry geom;
  std::vector<T> voxels;

  Image() = default;
  explicit Image(const Geometry& g, T fill = T{}) : geom(g), voxels(static_cast<size_t>(g.num_voxels()), fill) {}

  int64_t size(int axis) const { return geom.size[axis]; }
  int64_t num_voxels() const { return geom.num_voxels(); }
  bool empty() const { return voxels.empty(); }

  T& at(int64_t i, int64_t j, int64_t k) { return voxels[static_cast<size_t>(geom.linear_index(i, j, k))]; }
  const T& at(int64_t i, int64_t j, int64_t k) const {
    return voxels[static_cast<size_t>(geom.linear_index(i, j, k))];
  }
  T* data() { return voxels.data(); }
  const T* data() const { return voxels.data(); }

  // An image of another pixel type on the same grid.
  template <class U>
  Image<U> like(U fill = U{}) const {
    return Image<U>(geom, fill);
  }
};

using ImageF = Image<float>;
using ImageU8 = Image<uint8_t>;
using ImageI32 = Image<int32_t>;

// Label map values written by rimscan (docs/output.md).
enum LabelValue : uint8_t {
  kLabelBackground = 0,
  kLabelEnhancing = 1,       // enhancing lesion tissue (E)
  kLabelCore = 2,            // non-enhancing core enclosed by a rim (C)
  kLabelLeptomeningeal = 3,  // leptomeningeal enhancement
};

// Throws Error(kInputInvalid) naming `what` if any voxel is NaN or +-Inf, with the count and the
// first offending voxel index.
void require_finite(const ImageF& img, const std::string& what);

// Throws Error(kEmptyMask) naming `what` if no voxel is non-zero.
template <class T>
void require_nonempty_mask(const Image<T>& mask, const std::string& what) {
  for (const T& v : mask.voxels)
    if (v != T{}) return;
  throw Error(ErrorCode::kEmptyMask, what + ": mask is empty (no non-zero voxel)");
}

}  // namespace rimscan
