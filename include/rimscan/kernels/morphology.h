#pragma once
// Binary morphology (docs/kernels.md#morphology), written once against the backend interface:
//   * by a ball of radius r mm, through the exact distance transform (distance.h): any radius
//     and any anisotropic spacing at the cost of one transform;
//   * by one voxel (6/18/26 neighbours), a single stencil pass;
//   * boundary extraction.
// The grid's outside: by default it is ignored -- erosion does not eat in from the faces of
// the grid and boundary voxels need a neighbour inside the grid that is outside the mask -- so
// closing contains the mask and opening is contained in it even where the mask touches the
// faces (a head cut by the field of view has no surface there). With outside_is_background
// the grid is surrounded by background instead (scipy.ndimage's border_value = 0).
#include <cstdint>
#include <string>

#include "rimscan/error.h"
#include "rimscan/geometry.h"
#include "rimscan/kernels/detail/morphology_math.h"
#include "rimscan/kernels/detail/row_piece.h"
#include "rimscan/kernels/distance.h"
#include "rimscan/kernels/types.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

namespace morph_impl {
inline void check_radius(double r, const char* what) {
  if (!(r >= 0.0) || !(r < 1e300))
    throw Error(ErrorCode::kUsage, std::string(what) + ": radius must be finite and >= 0 mm");
}
}  // namespace morph_impl

// out = { v : distance(v, mask) <= r + kBallEpsilonMm }.
template <class B>
void dilate_mm(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, Vec3 spacing, double radius_mm) {
  morph_impl::check_radius(radius_mm, "dilation");
  const int64_t n = size[0] * size[1] * size[2];
  par::ArrayOf<B, float> dist(be, n);
  distance_transform(be, mask, dist.data(), size, spacing);
  const double lim = radius_mm + kBallEpsilonMm;
  const float* d = dist.data();
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { out[v] = static_cast<double>(d[v]) <= lim ? uint8_t{1} : uint8_t{0}; });
}

// out = { v in mask : distance(v, not mask) > r + kBallEpsilonMm } (and, with
// outside_is_background, distance to the centres just outside the grid > r + eps as well).
template <class B>
void erode_mm(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, Vec3 spacing, double radius_mm,
              bool outside_is_background = false) {
  morph_impl::check_radius(radius_mm, "erosion");
  const int64_t n = size[0] * size[1] * size[2];
  par::ArrayOf<B, float> dist(be, n);
  distance_to_outside(be, mask, dist.data(), size, spacing);
  const double lim = radius_mm + kBallEpsilonMm;
  const float* d = dist.data();
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const double sx = spacing[0], sy = spacing[1], sz = spacing[2];
  const bool obg = outside_is_background;
  be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
    bool keep = mask[v] != 0 && static_cast<double>(d[v]) > lim;
    if (keep && obg) {
      const int64_t g[3] = {nx, ny, nz};
      const double s[3] = {sx, sy, sz};
      keep = detail::morph::distance_to_grid_outside(g, s, v % nx, (v / nx) % ny, v / (nx * ny)) > lim;
    }
    out[v] = keep ? uint8_t{1} : uint8_t{0};
  });
}

// Opening: dilate_mm(erode_mm(mask, r), r).
template <class B>
void open_mm(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, Vec3 spacing, double radius_mm,
             bool outside_is_background = false) {
  const int64_t n = size[0] * size[1] * size[2];
  par::ArrayOf<B, uint8_t> tmp(be, n);
  erode_mm(be, mask, tmp.data(), size, spacing, radius_mm, outside_is_background);
  dilate_mm(be, tmp.data(), out, size, spacing, radius_mm);
}

// Closing: erode_mm(dilate_mm(mask, r), r).
template <class B>
void close_mm(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, Vec3 spacing, double radius_mm,
              bool outside_is_background = false) {
  const int64_t n = size[0] * size[1] * size[2];
  par::ArrayOf<B, uint8_t> tmp(be, n);
  dilate_mm(be, mask, tmp.data(), size, spacing, radius_mm);
  erode_mm(be, tmp.data(), out, size, spacing, radius_mm, outside_is_background);
}

// One of the four ball operations.
template <class B>
void morphology_mm(const B& be, MorphOp op, const uint8_t* mask, uint8_t* out, Size3 size, Vec3 spacing,
                   double radius_mm, bool outside_is_background = false) {
  switch (op) {
    case MorphOp::kDilate: dilate_mm(be, mask, out, size, spacing, radius_mm); break;
    case MorphOp::kErode: erode_mm(be, mask, out, size, spacing, radius_mm, outside_is_background); break;
    case MorphOp::kOpen: open_mm(be, mask, out, size, spacing, radius_mm, outside_is_background); break;
    case MorphOp::kClose: close_mm(be, mask, out, size, spacing, radius_mm, outside_is_background); break;
  }
}

// One-voxel dilation: out[v] = mask[v] or any `conn`-neighbour of v in the mask.
template <class B>
void dilate_voxel(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, Connectivity conn) {
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const int c = static_cast<int>(conn);
  be.for_each(detail::row_pieces(nx, ny, nz), RIMSCAN_LAMBDA(int64_t item) {
    const auto rp = detail::row_piece(item, nx, ny);
    if (c == 26) {  // the 3x3x3 block: column ORs shared along the row (same result, fewer reads)
      detail::morph::dilate26_row_piece(mask, out, nx, ny, nz, rp.i0, rp.i1, rp.j, rp.k);
      return;
    }
    for (int64_t i = rp.i0; i < rp.i1; ++i) {
      const int64_t v = i + nx * (rp.j + ny * rp.k);
      out[v] = (mask[v] != 0 || detail::morph::scan_neighbours(mask, nx, ny, nz, i, rp.j, rp.k, c).in_mask > 0)
                   ? uint8_t{1}
                   : uint8_t{0};
    }
  });
}

// One-voxel erosion: out[v] = mask[v] and every in-grid `conn`-neighbour in the mask (and,
// with outside_is_background, no neighbour outside the grid).
template <class B>
void erode_voxel(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, Connectivity conn,
                 bool outside_is_background = false) {
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const int c = static_cast<int>(conn);
  const bool obg = outside_is_background;
  be.for_each(detail::row_pieces(nx, ny, nz), RIMSCAN_LAMBDA(int64_t item) {
    const auto rp = detail::row_piece(item, nx, ny);
    for (int64_t i = rp.i0; i < rp.i1; ++i) {
      const int64_t v = i + nx * (rp.j + ny * rp.k);
      bool keep = mask[v] != 0;
      if (keep) {
        const auto nb = detail::morph::scan_neighbours(mask, nx, ny, nz, i, rp.j, rp.k, c);
        keep = nb.in_mask == nb.in_grid && !(obg && nb.touches_outside);
      }
      out[v] = keep ? uint8_t{1} : uint8_t{0};
    }
  });
}

// Boundary: mask voxels with a 6-neighbour outside the mask (= mask minus its 6-erosion).
template <class B>
void boundary(const B& be, const uint8_t* mask, uint8_t* out, Size3 size, bool outside_is_background = false) {
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const bool obg = outside_is_background;
  be.for_each(detail::row_pieces(nx, ny, nz), RIMSCAN_LAMBDA(int64_t item) {
    const auto rp = detail::row_piece(item, nx, ny);
    for (int64_t i = rp.i0; i < rp.i1; ++i) {
      const int64_t v = i + nx * (rp.j + ny * rp.k);
      bool edge = false;
      if (mask[v] != 0) {
        const auto nb = detail::morph::scan_neighbours(mask, nx, ny, nz, i, rp.j, rp.k, 6);
        edge = nb.in_mask < nb.in_grid || (obg && nb.touches_outside);
      }
      out[v] = edge ? uint8_t{1} : uint8_t{0};
    }
  });
}

}  // namespace rimscan::kernels
