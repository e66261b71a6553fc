#pragma once
// Surface mesh of a binary mask by marching cubes, and the measures taken from it (IBSI
// "morphological features", pyradiomics "shape"): mesh volume, surface area, sphericity and the
// maximum diameters. Definitions and conventions in docs/radiomics.md#morphology.
//
// Conventions (shared with IBSI and pyradiomics):
//   - the mask is padded by one background voxel on every side, cubes span 2x2x2 voxel centres;
//   - mesh vertices lie at the midpoints of the lattice edges whose two voxels differ (the 0.5
//     iso-level of a binary mask), in physical units (index * spacing, origin ignored);
//   - volume = sum of signed tetrahedra (origin, a, b, c) / 6 over the closed, consistently
//     oriented mesh; area = sum of triangle areas.
// The triangulation is derived programmatically (src/features/mesh_tables.cpp): each face of a
// cube is cut by segments joining the edge crossings; on an ambiguous face (two diagonal corners
// inside) the inside corners are separated; each loop is split into the triangles that enclose
// the largest volume. Every mesh is closed and consistently oriented.
#include <cstdint>
#include <vector>

#include "rimscan/geometry.h"

namespace rimscan::features {

struct MeshMeasures {
  double volume_mm3 = 0.0;   // enclosed by the mesh
  double surface_mm2 = 0.0;  // mesh surface area
  double sphericity = 0.0;   // pi^(1/3) (6 V)^(2/3) / A; 0 for an empty mask
};

// Mesh measures of the non-zero voxels of `mask` (size[0]*size[1]*size[2] bytes, x fastest).
// The work is confined to the mask's bounding box.
MeshMeasures mesh_measures(const uint8_t* mask, Size3 size, Vec3 spacing);

// Mesh measures of every label 1..n of a label map (one pass for the bounding boxes, then one
// cropped mesh per label, labels in parallel). Entry l-1 is label l; absent labels give zeros.
std::vector<MeshMeasures> mesh_measures_per_label(const int32_t* labels, int32_t n, Size3 size, Vec3 spacing);

// Largest distances between mesh vertices (mm): over all pairs, and over pairs that share the
// same z (slice), y (column) or x (row) coordinate, as pyradiomics' Maximum3DDiameter,
// Maximum2DDiameterSlice / Column / Row. Exact: only vertices of the convex hulls of the
// axis-aligned vertex planes can realise a maximum, and those are few.
struct MeshDiameters {
  double max_3d = 0.0;
  double max_2d_slice = 0.0;   // same z
  double max_2d_column = 0.0;  // same y
  double max_2d_row = 0.0;     // same x
};

// Everything the shape features need, from one pass over the mask.
struct MeshResult {
  MeshMeasures measures;
  MeshDiameters diameters;
  int64_t num_triangles = 0;
  int64_t num_vertices = 0;
  // Convex-hull volume and area are not computed here (see docs/radiomics.md).
};
MeshResult mesh_analyse(const uint8_t* mask, Size3 size, Vec3 spacing, bool with_diameters);

// The triangle table: for each of the 256 cube configurations (bit c set = corner c inside,
// corner c = x + 2y + 4z of the cube), triangles as triples of cube edge indices (edge e joins
// corners along axis e / 4; see mesh_tables.cpp). Exposed for the unit tests.
const std::vector<std::vector<int>>& marching_cubes_triangles();
// The two corners joined by cube edge e (0..11).
void marching_cubes_edge_corners(int e, int* c0, int* c1);

}  // namespace rimscan::features
