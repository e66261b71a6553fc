#pragma once
// Binary hole filling (docs/kernels.md#hole-filling), written once against the backend
// interface. A background voxel is a hole when it is not connected, through background, to
// the border: the background is joined by the same lock-free union-find as the labelling
// (union_find.h) with every background run on a border face linked to a virtual "outside"
// node (-1), then a voxel is filled unless its root is that node. One pass per line, one
// merge pass and one output pass; no labelling or numbering of the background is needed.
#include <cstdint>

#include "rimscan/geometry.h"
#include "rimscan/kernels/union_find.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

namespace detail_fill {
template <class B>
void fill_from_plan(const B& be, const uint8_t* mask, uint8_t* filled, ufd::UfPlan plan, int64_t n) {
  par::ArrayOf<B, int32_t> parent(be, n);
  int32_t* p = parent.data();
  uf::build_forest(be, mask, p, plan);
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    filled[v] = (mask[v] != 0 || ufd::uf_find(p, static_cast<int32_t>(v)) != -1) ? uint8_t{1} : uint8_t{0};
  });
}
}  // namespace detail_fill

// filled[v] = 1 where mask[v] != 0 or v is background not 6-connected through background to
// a voxel on the volume border; 0 elsewhere. filled must not alias mask.
template <class B>
void fill_holes_3d(const B& be, const uint8_t* mask, uint8_t* filled, Size3 size) {
  const int64_t n = uf::checked_voxels(size, "hole filling");
  ufd::UfPlan plan = uf::plan_3d(size, Connectivity::k6);
  plan.invert = 1;
  plan.border_axes = 0x7;
  detail_fill::fill_from_plan(be, mask, filled, plan, n);
}

// The same in every slice perpendicular to `axis` independently: background 4-connected in
// the slice, border = the slice's edges.
template <class B>
void fill_holes_2d(const B& be, const uint8_t* mask, uint8_t* filled, Size3 size, int axis) {
  const int64_t n = uf::checked_voxels(size, "2D hole filling");
  ufd::UfPlan plan = uf::plan_2d(size, axis, false);
  plan.invert = 1;
  plan.border_axes = static_cast<uint8_t>(0x7 & ~(1u << axis));
  detail_fill::fill_from_plan(be, mask, filled, plan, n);
}

}  // namespace rimscan::kernels
