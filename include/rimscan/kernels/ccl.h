#pragma once
// Connected-component labelling of binary volumes (docs/kernels.md#connected-components),
// written once against the backend interface: lock-free union-find (union_find.h) followed by
// canonical numbering, so the output is the same for every backend, thread count and
// interleaving of atomics.
#include <cstdint>

#include "rimscan/geometry.h"
#include "rimscan/kernels/types.h"
#include "rimscan/kernels/union_find.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

// labels[v] = 0 where mask[v] == 0, else 1..n with components (under `conn`) numbered in raster
// (linear index) order of their first voxel; returns n. mask and labels are device pointers of
// n = size[0]*size[1]*size[2] entries. Throws Error(kTooLarge) for n >= 2^31 - 1.
template <class B>
int32_t label_components(const B& be, const uint8_t* mask, int32_t* labels, Size3 size, Connectivity conn) {
  const int64_t n = uf::checked_voxels(size, "connected components");
  par::ArrayOf<B, int32_t> parent(be, n);
  uf::build_forest(be, mask, parent.data(), uf::plan_3d(size, conn));
  return uf::canonical_labels(be, mask, uint8_t{0}, parent.data(), labels, n);
}

// Independent 2D labelling of every slice perpendicular to `axis` (0, 1 or 2) with 4- or
// 8-connectivity in the slice; labels are unique across the volume and numbered in raster
// (linear index) order of each component's first voxel.
template <class B>
int32_t label_components_2d(const B& be, const uint8_t* mask, int32_t* labels, Size3 size, int axis,
                            bool eight_connected) {
  const int64_t n = uf::checked_voxels(size, "2D connected components");
  const ufd::UfPlan plan = uf::plan_2d(size, axis, eight_connected);
  par::ArrayOf<B, int32_t> parent(be, n);
  uf::build_forest(be, mask, parent.data(), plan);
  return uf::canonical_labels(be, mask, uint8_t{0}, parent.data(), labels, n);
}

}  // namespace rimscan::kernels
