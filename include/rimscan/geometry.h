#pragma once
// Geometry of a 3D voxel grid, independent of ITK. Conventions follow ITK/DICOM:
// physical points are in LPS millimetres, voxel (i, j, k) with i fastest in memory, and
//   p = origin + D * diag(spacing) * (i, j, k)^T
// where D is the 3x3 direction-cosine matrix whose column c is the direction of axis c.
#include <array>
#include <cstdint>
#include <string>

namespace rimscan {

using Vec3 = std::array<double, 3>;
using Size3 = std::array<int64_t, 3>;
using Mat3 = std::array<double, 9>;  // row-major: m[r * 3 + c]

struct Geometry {
  Size3 size{0, 0, 0};
  Vec3 spacing{1.0, 1.0, 1.0};
  Vec3 origin{0.0, 0.0, 0.0};
  Mat3 direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

  static Geometry make(Size3 size, Vec3 spacing = {1.0, 1.0, 1.0}, Vec3 origin = {0, 0, 0});

  int64_t num_voxels() const { return size[0] * size[1] * size[2]; }
  int64_t linear_index(int64_t i, int64_t j, int64_t k) const {
    return i + size[0] * (j + size[1] * k);
  }
  double voxel_volume_mm3() const { return spacing[0] * spacing[1] * spacing[2]; }

  // Continuous index <-> physical point (LPS mm).
  Vec3 index_to_physical(const Vec3& index) const;
  Vec3 physical_to_index(const Vec3& point) const;

  // Which image axis is closest to the patient's superior-inferior axis (0, 1 or 2); used for
  // "axial slice" logic independent of storage orientation.
  int axial_axis() const;

  // Three-letter code of where each axis points (DICOM LPS letters): identity is "LPS"; a
  // NIfTI stored RAS+ reads "RAS".
  std::string orientation_code() const;

  // One-line description: "240x240x155, 1x1x1 mm, origin (...), RAI".
  std::string describe() const;
};

// Differences between two geometries, for mismatch diagnostics and tolerance checks.
struct GeometryDifference {
  bool same_size = true;
  double max_spacing_diff_mm = 0.0;
  double max_origin_diff_mm = 0.0;
  double max_direction_diff = 0.0;
  // Largest distance (mm) between corresponding corner voxels of the two grids.
  double max_corner_diff_mm = 0.0;
};
GeometryDifference compare_geometry(const Geometry& a, const Geometry& b);

// Throws Error(kGeometryMismatch) naming both inputs when the grids differ by more than
// tolerance_mm at any corner or in size.
void require_same_grid(const Geometry& a, const std::string& name_a, const Geometry& b,
                       const std::string& name_b, double tolerance_mm);

// Throws Error(kInputInvalid) naming `what` when sizes are not positive, spacing is not finite
// and positive, origin not finite, or the direction matrix is not orthonormal (within 1e-3).
void validate_geometry(const Geometry& g, const std::string& what);

}  // namespace rimscan
