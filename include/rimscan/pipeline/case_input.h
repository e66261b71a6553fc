#pragma once
// The decoded inputs of one case, in host memory. Reading files is the I/O adapter's job; the
// core only sees images. Optional images must share the T1c grid (checked by validate_case_input
// with AnalysisParams::geometry_tolerance_mm).
#include <optional>
#include <string>

#include "rimscan/image.h"
#include "rimscan/pipeline/params.h"

namespace rimscan {

struct CaseInput {
  ImageF t1c;
  std::optional<ImageU8> brain_mask;   // intracranial mask (non-zero = inside)
  std::optional<ImageI32> lesion_mask; // expert/other segmentation, encoded per lesion_labels
  LesionLabelScheme lesion_labels;
  std::optional<ImageF> t1pre;         // pre-contrast T1, registered to the T1c grid
  std::optional<ImageF> flair;         // FLAIR, registered to the T1c grid

  // Names used in error messages (paths as the user gave them).
  std::string t1c_name = "t1c";
  std::string brain_mask_name = "brain mask";
  std::string lesion_mask_name = "lesion mask";
  std::string t1pre_name = "t1pre";
  std::string flair_name = "flair";
};

// Throws rimscan::Error naming the input: invalid geometry, NaN/Inf voxels, grids that differ
// beyond the tolerance, an empty brain or lesion mask, a lesion mask whose labels select nothing.
void validate_case_input(const CaseInput& in, const AnalysisParams& params);

}  // namespace rimscan
