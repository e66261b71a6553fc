#include "rimscan/geometry.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "rimscan/error.h"

namespace rimscan {

Geometry Geometry::make(Size3 size, Vec3 spacing, Vec3 origin) {
  Geometry g;
  g.size = size;
  g.spacing = spacing;
  g.origin = origin;
  return g;
}

Vec3 Geometry::index_to_physical(const Vec3& idx) const {
  Vec3 p = origin;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) p[r] += direction[r * 3 + c] * spacing[c] * idx[c];
  return p;
}

Vec3 Geometry::physical_to_index(const Vec3& point) const {
  // D is orthonormal (validated on input), so D^-1 = D^T.
  Vec3 d{point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]};
  Vec3 idx{0, 0, 0};
  for (int c = 0; c < 3; ++c) {
    double s = 0;
    for (int r = 0; r < 3; ++r) s += direction[r * 3 + c] * d[r];
    idx[c] = s / spacing[c];
  }
  return idx;
}

int Geometry::axial_axis() const {
  // Column c of D is axis c's direction; the axial (slice) axis is the one most aligned with S-I.
  int best = 2;
  double best_abs = -1;
  for (int c = 0; c < 3; ++c) {
    double a = std::fabs(direction[2 * 3 + c]);
    if (a > best_abs + 1e-9) {
      best_abs = a;
      best = c;
    }
  }
  return best;
}

std::string Geometry::orientation_code() const {
  // Each letter names where the axis points in patient coordinates (DICOM convention; an
  // identity direction is "LPS").
  std::string code;
  for (int c = 0; c < 3; ++c) {
    int best_r = 0;
    double best_abs = -1;
    for (int r = 0; r < 3; ++r) {
      double a = std::fabs(direction[r * 3 + c]);
      if (a > best_abs) {
        best_abs = a;
        best_r = r;
      }
    }
    bool pos = direction[best_r * 3 + c] > 0;
    static const char kToward[3][2] = {{'L', 'R'}, {'P', 'A'}, {'S', 'I'}};
    code += pos ? kToward[best_r][0] : kToward[best_r][1];
  }
  return code;
}

std::string Geometry::describe() const {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%lldx%lldx%lld, %.4gx%.4gx%.4g mm, origin (%.4g, %.4g, %.4g), %s",
                static_cast<long long>(size[0]), static_cast<long long>(size[1]),
                static_cast<long long>(size[2]), spacing[0], spacing[1], spacing[2], origin[0],
                origin[1], origin[2], orientation_code().c_str());
  return buf;
}

GeometryDifference compare_geometry(const Geometry& a, const Geometry& b) {
  GeometryDifference d;
  d.same_size = a.size == b.size;
  for (int c = 0; c < 3; ++c) {
    d.max_spacing_diff_mm = std::max(d.max_spacing_diff_mm, std::fabs(a.spacing[c] - b.spacing[c]));
    d.max_origin_diff_mm = std::max(d.max_origin_diff_mm, std::fabs(a.origin[c] - b.origin[c]));
  }
  for (int e = 0; e < 9; ++e)
    d.max_direction_diff = std::max(d.max_direction_diff, std::fabs(a.direction[e] - b.direction[e]));
  // Compare the physical positions of the eight corner voxels of a's grid.
  for (int corner = 0; corner < 8; ++corner) {
    Vec3 idx{(corner & 1) ? double(a.size[0] - 1) : 0.0, (corner & 2) ? double(a.size[1] - 1) : 0.0,
             (corner & 4) ? double(a.size[2] - 1) : 0.0};
    Vec3 pa = a.index_to_physical(idx), pb = b.index_to_physical(idx);
    double dist = std::sqrt((pa[0] - pb[0]) * (pa[0] - pb[0]) + (pa[1] - pb[1]) * (pa[1] - pb[1]) +
                            (pa[2] - pb[2]) * (pa[2] - pb[2]));
    d.max_corner_diff_mm = std::max(d.max_corner_diff_mm, dist);
  }
  return d;
}

void require_same_grid(const Geometry& a, const std::string& name_a, const Geometry& b,
                       const std::string& name_b, double tolerance_mm) {
  GeometryDifference d = compare_geometry(a, b);
  if (!d.same_size) {
    throw Error(ErrorCode::kGeometryMismatch,
                name_a + " (" + a.describe() + ") and " + name_b + " (" + b.describe() +
                    ") have different dimensions");
  }
  if (d.max_corner_diff_mm > tolerance_mm) {
    char buf[160];
    std::snprintf(buf, sizeof buf, " geometry differs by %.4g mm (tolerance %.4g mm)",
                  d.max_corner_diff_mm, tolerance_mm);
    throw Error(ErrorCode::kGeometryMismatch, name_a + " and " + name_b + buf + ": " +
                                                  a.describe() + " vs " + b.describe());
  }
}

void validate_geometry(const Geometry& g, const std::string& what) {
  for (int c = 0; c < 3; ++c) {
    if (g.size[c] <= 0)
      throw Error(ErrorCode::kInputInvalid, what + ": dimension " + std::to_string(c) +
                                                " has size " + std::to_string(g.size[c]));
    if (!std::isfinite(g.spacing[c]) || g.spacing[c] <= 0)
      throw Error(ErrorCode::kInputInvalid,
                  what + ": spacing along axis " + std::to_string(c) + " is " +
                      std::to_string(g.spacing[c]) + " (must be finite and positive)");
    if (!std::isfinite(g.origin[c]))
      throw Error(ErrorCode::kInputInvalid, what + ": origin is not finite");
  }
  for (int c = 0; c < 3; ++c) {
    for (int c2 = c; c2 < 3; ++c2) {
      double dot = 0;
      for (int r = 0; r < 3; ++r) dot += g.direction[r * 3 + c] * g.direction[r * 3 + c2];
      double want = c == c2 ? 1.0 : 0.0;
      if (!std::isfinite(dot) || std::fabs(dot - want) > 1e-3)
        throw Error(ErrorCode::kInputInvalid,
                    what + ": direction cosines are not orthonormal (columns " + std::to_string(c) +
                        "," + std::to_string(c2) + " dot " + std::to_string(dot) + ")");
    }
  }
}

}  // namespace rimscan
