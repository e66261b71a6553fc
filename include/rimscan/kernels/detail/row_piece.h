#pragma once
// Work items of per-voxel passes that need voxel coordinates: pieces of kRowChunk voxels along
// x, so that coordinates are decoded (integer division, slow on both backends) once per piece
// rather than once per voxel, while a GPU still gets millions of independent items.
#include <cstdint>

#include "rimscan/par/hd.h"

namespace rimscan::kernels::detail {

inline constexpr int64_t kRowChunk = 32;

struct RowPiece {
  int64_t j, k, i0, i1;  // voxels (i0..i1-1, j, k)
};

RIMSCAN_HD inline RowPiece row_piece(int64_t item, int64_t nx, int64_t ny) {
  const int64_t per_row = (nx + kRowChunk - 1) / kRowChunk;
  const int64_t row = item / per_row;
  const int64_t i0 = (item - row * per_row) * kRowChunk;
  return RowPiece{row % ny, row / ny, i0, i0 + kRowChunk < nx ? i0 + kRowChunk : nx};
}

inline int64_t row_pieces(int64_t nx, int64_t ny, int64_t nz) { return ny * nz * ((nx + kRowChunk - 1) / kRowChunk); }

}  // namespace rimscan::kernels::detail
