#pragma once
// The 3D grid of a DICOM series from its slices' ImagePositionPatient (IPP) and
// ImageOrientationPatient (IOP), with the checks that make a stack a regular grid: one
// orientation, one matrix and pixel spacing, no duplicate positions, no gantry tilt (slices
// sheared along the plane), no missing slices and uniform spacing. Pure geometry (no GDCM/ITK),
// so it is unit-testable on synthetic stacks. Tolerances are documented in docs/dicom.md.
#include <string>
#include <vector>

#include "rimscan/error.h"
#include "rimscan/geometry.h"

namespace rimscan::io::detail {

struct DicomSlice {
  bool has_position = false, has_orientation = false;
  Vec3 position{0, 0, 0};         // IPP (LPS mm) of the first transmitted pixel
  Vec3 row{1, 0, 0}, col{0, 1, 0};  // IOP: direction of a row (increasing column) and a column
  double pixel_spacing_row = 0;   // PixelSpacing[0]: between rows (along `col`)
  double pixel_spacing_col = 0;   // PixelSpacing[1]: between columns (along `row`)
  int rows = 0, columns = 0;
  double slice_thickness = 0;     // used as the spacing of a single-slice series only
};

// Tolerances of the stack checks (docs/dicom.md).
struct StackTolerance {
  double orientation = 1e-3;        // max |IOP component difference| between slices
  double pixel_spacing_rel = 1e-4;  // relative difference of PixelSpacing between slices
  double duplicate_mm = 1e-3;       // two slices closer than this along the normal coincide
  double spacing_rel = 0.01;        // each gap within 1 % of the mean gap...
  double spacing_abs_mm = 0.01;     // ...or within 0.01 mm, whichever is larger
  double shear_rel = 1e-3;          // in-plane drift / distance along the normal (0.057 deg)
  double shear_abs_mm = 0.01;
};

struct StackGeometry {
  Geometry geom;
  std::vector<int> order;   // order[k] = index (into the input) of the slice at grid position k
  double slice_gap_mm = 0;  // mean distance between consecutive slices
};

// Throws Error naming `what` (kInputUnsupported: mixed orientations / matrix sizes, duplicate
// positions, gantry tilt, non-uniform spacing, missing position tags; kInputCorrupt: missing
// slices, i.e. gaps that are whole multiples of the spacing).
StackGeometry stack_geometry(const std::vector<DicomSlice>& slices, const std::string& what,
                             const StackTolerance& tol = {});

}  // namespace rimscan::io::detail
