#pragma once
// Exact Euclidean distance transforms on anisotropic grids (docs/kernels.md#distance-transform),
// written once against the backend interface. Three passes (x, y, z), each line handled by
// one thread; the per-line math lives in detail/distance_math.h.
#include <cmath>
#include <cstdint>
#include <string>

#include "rimscan/error.h"
#include "rimscan/geometry.h"
#include "rimscan/kernels/detail/distance_math.h"
#include "rimscan/kernels/types.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

namespace edt_impl {

inline detail::edt::Grid make_grid(Size3 size, Vec3 spacing, const char* what) {
  for (int a = 0; a < 3; ++a) {
    if (size[a] <= 0)
      throw Error(ErrorCode::kInputInvalid, std::string(what) + ": volume size must be positive on every axis");
    if (!(spacing[a] > 0.0) || !(spacing[a] < 1e300))
      throw Error(ErrorCode::kInputInvalid, std::string(what) + ": spacing must be finite and positive");
  }
  const int64_t n = size[0] * size[1] * size[2];
  if (n >= INT32_MAX)
    throw Error(ErrorCode::kTooLarge, std::string(what) + ": volume of " + std::to_string(n) +
                                          " voxels exceeds the 2^31-1 voxel limit");
  detail::edt::Grid g{};
  for (int a = 0; a < 3; ++a) {
    g.n[a] = size[a];
    g.sp[a] = spacing[a];
  }
  g.stride[0] = 1;
  g.stride[1] = size[0];
  g.stride[2] = size[0] * size[1];
  g.div_nx = detail::edt::make_divu32(static_cast<uint32_t>(size[0]));
  return g;
}

// The three passes for the set {v : (mask[v] != 0) != invert}. a, b, env: int32 scratch
// volumes (env may be `nearest`). Lines of the y and z passes are indexed with x fastest so
// that neighbouring threads touch neighbouring voxels. Envelope slot k of line L lives at
// env[k * lines + L] on CUDA (coalesced across the threads of a warp) and at env[L * len + k]
// on the CPU (one contiguous block per line; the strided layout costs a TLB miss per slot).
template <class B>
void distance_passes(const B& be, const uint8_t* mask, uint8_t invert, float* dist_mm, int32_t* nearest, int32_t* a,
                     int32_t* b, int32_t* env, const detail::edt::Grid& grid) {
  const detail::edt::Grid g = grid;
  const int64_t nx = g.n[0], ny = g.n[1], nz = g.n[2];
  const bool interleave = B::kIsCuda;
  // x: one thread per row, mask -> a.
  be.for_each(ny * nz, RIMSCAN_LAMBDA(int64_t line) { detail::edt::nearest_in_row(mask, invert, a, g, line); });
  // y: a -> b.
  const int64_t lines_y = nx * nz;
  be.for_each(lines_y, RIMSCAN_LAMBDA(int64_t line) {
    const int64_t i = line % nx, k = line / nx;
    const int64_t base = i + k * g.stride[2];
    const detail::edt::RowSample smp{a, g, i, k, base, g.stride[1]};
    detail::edt::EmitFeature emit{a, b, base, g.stride[1]};
    int32_t* e = interleave ? env + line : env + line * ny;
    if (!detail::edt::lower_envelope(smp, ny, g.sp[1] * g.sp[1], e, interleave ? lines_y : 1, emit))
      for (int64_t q = 0; q < ny; ++q) b[base + q * g.stride[1]] = -1;
  });
  // z: b -> distances (and nearest features).
  const int64_t lines_z = nx * ny;
  be.for_each(lines_z, RIMSCAN_LAMBDA(int64_t line) {
    const int64_t i = line % nx, j = line / nx;
    const detail::edt::PlaneSample smp{b, g, i, j, line, g.stride[2]};
    detail::edt::EmitDistance emit{b, dist_mm, nearest, line, g.stride[2], g.sp[2]};
    int32_t* e = interleave ? a + line : a + line * nz;
    if (!detail::edt::lower_envelope(smp, nz, g.sp[2] * g.sp[2], e, interleave ? lines_z : 1, emit))
      for (int64_t q = 0; q < nz; ++q) {
        dist_mm[line + q * g.stride[2]] = kFarDistance;
        if (nearest) nearest[line + q * g.stride[2]] = -1;
      }
  });
}

template <class B>
void distance_impl(const B& be, const uint8_t* mask, uint8_t invert, float* dist_mm, Size3 size, Vec3 spacing,
                   int32_t* nearest, const char* what) {
  const detail::edt::Grid g = make_grid(size, spacing, what);
  const int64_t n = size[0] * size[1] * size[2];
  par::ArrayOf<B, int32_t> sa(be, n), sb(be, n), senv(be, nearest ? 0 : n);
  distance_passes(be, mask, invert, dist_mm, nearest, sa.data(), sb.data(), nearest ? nearest : senv.data(), g);
}

}  // namespace edt_impl

// dist_mm[v] = Euclidean distance (mm) from the centre of voxel v to the nearest centre of a
// voxel with feature != 0; 0 on feature voxels; kFarDistance everywhere when there is no
// feature voxel. Exact: the value is float(sqrt(((di sx)^2 + (dj sy)^2) + (dk sz)^2)) in
// double for a nearest feature voxel. `nearest` (optional, n entries): linear index of that
// feature voxel, -1 when there is none (among equidistant features the choice is
// deterministic and identical on every backend, but not necessarily the lowest index).
template <class B>
void distance_transform(const B& be, const uint8_t* feature, float* dist_mm, Size3 size, Vec3 spacing,
                        int32_t* nearest = nullptr) {
  edt_impl::distance_impl(be, feature, uint8_t{0}, dist_mm, size, spacing, nearest, "distance transform");
}

// Synonym of distance_transform: distance to the set {feature != 0}.
template <class B>
void distance_to_set(const B& be, const uint8_t* set, float* dist_mm, Size3 size, Vec3 spacing) {
  distance_transform(be, set, dist_mm, size, spacing);
}

// Distance (mm) of each mask voxel to the nearest voxel centre outside the mask (mask == 0);
// 0 outside the mask. Voxels beyond the grid do not count as outside; a mask that fills the
// whole grid gives kFarDistance on every voxel.
template <class B>
void distance_to_outside(const B& be, const uint8_t* mask, float* dist_mm, Size3 size, Vec3 spacing) {
  edt_impl::distance_impl(be, mask, uint8_t{1}, dist_mm, size, spacing, nullptr, "distance to outside");
}

}  // namespace rimscan::kernels
