#include "io/dicom_geometry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace rimscan::io::detail {
namespace {

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
Vec3 sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 scale(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }
Vec3 unit(const Vec3& a) { return scale(a, 1.0 / norm(a)); }

std::string fmt(const char* f, double a, double b = 0, double c = 0) {
  char buf[200];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

}  // namespace

StackGeometry stack_geometry(const std::vector<DicomSlice>& s, const std::string& what,
                             const StackTolerance& tol) {
  const int n = static_cast<int>(s.size());
  if (n == 0) throw Error(ErrorCode::kInputInvalid, what + ": series has no image");
  for (int i = 0; i < n; ++i) {
    if (!s[i].has_orientation || !s[i].has_position)
      throw Error(ErrorCode::kInputUnsupported,
                  what + ": image " + std::to_string(i + 1) + " of " + std::to_string(n) +
                      " lacks ImagePositionPatient/ImageOrientationPatient (not a 3D-locatable image)");
    if (s[i].rows <= 0 || s[i].columns <= 0)
      throw Error(ErrorCode::kInputInvalid, what + ": image " + std::to_string(i + 1) + " has no rows/columns");
  }
  const DicomSlice& s0 = s[0];
  if (norm(s0.row) < 0.5 || norm(s0.col) < 0.5)
    throw Error(ErrorCode::kInputInvalid, what + ": ImageOrientationPatient is not a pair of unit vectors");
  if (!(s0.pixel_spacing_row > 0) || !(s0.pixel_spacing_col > 0))
    throw Error(ErrorCode::kInputInvalid, what + ": PixelSpacing is missing or not positive");
  int orientations = 1;
  for (int i = 1; i < n; ++i) {
    double d = 0;
    for (int c = 0; c < 3; ++c)
      d = std::max({d, std::fabs(s[i].row[c] - s0.row[c]), std::fabs(s[i].col[c] - s0.col[c])});
    if (d > tol.orientation) ++orientations;
  }
  if (orientations > 1)
    throw Error(ErrorCode::kInputUnsupported,
                what + ": mixed orientations: " + std::to_string(orientations) + " of " + std::to_string(n) +
                    " images differ from the first one's ImageOrientationPatient (e.g. a localizer or "
                    "several stacks in one series)");
  for (int i = 1; i < n; ++i) {
    if (s[i].rows != s0.rows || s[i].columns != s0.columns)
      throw Error(ErrorCode::kInputUnsupported,
                  what + ": mixed matrix sizes (" + std::to_string(s0.columns) + "x" + std::to_string(s0.rows) +
                      " and " + std::to_string(s[i].columns) + "x" + std::to_string(s[i].rows) + ")");
    if (std::fabs(s[i].pixel_spacing_row - s0.pixel_spacing_row) > tol.pixel_spacing_rel * s0.pixel_spacing_row ||
        std::fabs(s[i].pixel_spacing_col - s0.pixel_spacing_col) > tol.pixel_spacing_rel * s0.pixel_spacing_col)
      throw Error(ErrorCode::kInputUnsupported, what + ": mixed pixel spacings");
  }

  // An orthonormal frame from the IOP (values are rounded in the header).
  const Vec3 row = unit(s0.row);
  Vec3 col = sub(s0.col, scale(row, dot(s0.col, row)));
  if (norm(col) < 0.5)
    throw Error(ErrorCode::kInputInvalid, what + ": ImageOrientationPatient rows and columns are parallel");
  col = unit(col);
  const Vec3 normal = cross(row, col);

  StackGeometry out;
  out.order.resize(n);
  std::iota(out.order.begin(), out.order.end(), 0);
  std::vector<double> d(n);
  for (int i = 0; i < n; ++i) d[i] = dot(s[i].position, normal);
  // Stable: equal positions keep their input order (then refused below anyway).
  std::stable_sort(out.order.begin(), out.order.end(), [&](int a, int b) { return d[a] < d[b]; });

  double gap = 0;
  if (n == 1) {
    gap = s0.slice_thickness > 0 ? s0.slice_thickness : 1.0;
  } else {
    int duplicates = 0;
    for (int k = 1; k < n; ++k)
      if (d[out.order[k]] - d[out.order[k - 1]] < tol.duplicate_mm) ++duplicates;
    if (duplicates > 0)
      throw Error(ErrorCode::kInputUnsupported,
                  what + ": " + std::to_string(duplicates + 1) + " or more images share a slice position "
                         "(several echoes, phases, time points or repeated images in one series)");
    const double extent = d[out.order[n - 1]] - d[out.order[0]];
    // The smallest gap is the nominal spacing if slices are missing; the mean otherwise.
    double min_gap = extent;
    for (int k = 1; k < n; ++k) min_gap = std::min(min_gap, d[out.order[k]] - d[out.order[k - 1]]);
    double max_gap = 0;
    for (int k = 1; k < n; ++k) max_gap = std::max(max_gap, d[out.order[k]] - d[out.order[k - 1]]);
    const double min_tol = std::max(tol.spacing_abs_mm, tol.spacing_rel * min_gap);
    // Gaps of (about) a whole multiple of the smallest gap are missing slices.
    for (int k = 1; k < n; ++k) {
      const double g = d[out.order[k]] - d[out.order[k - 1]];
      const double ratio = g / min_gap;
      if (ratio < 1.5) continue;
      const double nearest = std::round(ratio);
      if (std::fabs(g - nearest * min_gap) <= nearest * min_tol)
        throw Error(ErrorCode::kInputCorrupt,
                    what + fmt(": missing slice(s): a gap of %.4g mm between two slices where the spacing is "
                               "%.4g mm (about %.0f slice(s) absent)", g, min_gap, nearest - 1));
      throw Error(ErrorCode::kInputUnsupported,
                  what + fmt(": inconsistent slice spacing: gaps from %.4g to %.4g mm along the slice normal",
                             min_gap, max_gap));
    }
    // Otherwise every gap must be the mean gap, within tolerance.
    const double mean_gap = extent / (n - 1);
    const double gap_tol = std::max(tol.spacing_abs_mm, tol.spacing_rel * mean_gap);
    for (int k = 1; k < n; ++k) {
      const double g = d[out.order[k]] - d[out.order[k - 1]];
      if (std::fabs(g - mean_gap) > gap_tol)
        throw Error(ErrorCode::kInputUnsupported,
                    what + fmt(": inconsistent slice spacing: gaps from %.4g to %.4g mm along the slice normal "
                               "(mean %.4g mm)", min_gap, max_gap, mean_gap));
    }
    gap = extent / (n - 1);
    // Gantry tilt: the slice origins drift within the plane as they advance along the normal.
    const Vec3& p0 = s[out.order[0]].position;
    double worst_angle = 0;
    for (int k = 1; k < n; ++k) {
      const Vec3 v = sub(s[out.order[k]].position, p0);
      const double along = dot(v, normal);
      const double drift = norm(sub(v, scale(normal, along)));
      if (drift > std::max(tol.shear_abs_mm, tol.shear_rel * std::fabs(along)))
        worst_angle = std::max(worst_angle, std::atan2(drift, std::fabs(along)) * 180.0 / M_PI);
    }
    if (worst_angle > 0)
      throw Error(ErrorCode::kInputUnsupported,
                  what + fmt(": gantry tilt: slices are sheared by %.3g degrees relative to their plane "
                             "normal (rimscan does not resample tilted acquisitions; correct the tilt first)",
                             worst_angle));
  }

  Geometry& g = out.geom;
  g.size = {s0.columns, s0.rows, n};
  g.spacing = {s0.pixel_spacing_col, s0.pixel_spacing_row, gap};
  g.origin = s[out.order[0]].position;
  for (int r = 0; r < 3; ++r) {
    g.direction[r * 3 + 0] = row[r];
    g.direction[r * 3 + 1] = col[r];
    g.direction[r * 3 + 2] = normal[r];
  }
  out.slice_gap_mm = gap;
  validate_geometry(g, what);
  return out;
}

}  // namespace rimscan::io::detail
