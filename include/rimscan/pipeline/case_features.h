#pragma once
// Case-level features: always-numeric summaries of a CaseResult that the classifier, `train`
// and the batch results.csv use. A case without a gated lesion still has values (the
// "nothing there" value of each feature), so a model never sees a null for an empty case.
// Names are the JSON dot-paths under which they appear in the case JSON ("summary.*",
// "leptomeningeal.*"); docs/output.md lists them.
#include <string>
#include <utility>
#include <vector>

#include "rimscan/pipeline/case_result.h"

namespace rimscan {

struct CaseFeatures {
  // pCE: of the index lesion (the gated lesion with the largest core fraction), or the
  // "solid/no lesion" value when there is none.
  double index_core_fraction = 0;             // 0
  double index_ring_completeness = 0;         // 0
  double index_central_to_peripheral_ratio = 1; // 1 (flat profile)
  double index_rim_to_core_ratio = 1;         // 1
  double index_ring_slice_fraction = 0;       // 0
  double index_sphericity_ratio = 1;          // sphericity(E) / sphericity(L); 1
  double index_volume_ml = 0;
  double max_core_fraction = 0;               // over gated lesions
  int n_gated = 0;
  // LMD.
  double lmd_burden = 0;
  double lmd_pial_surface_fraction = 0;
  int lmd_n_nodules = 0;
  double lmd_linear_area_mm2 = 0;
  double lmd_ependymal_fraction = 0;
  int lmd_regions_with_raised_psf = 0;

  // (dot-path, value) pairs in a fixed order, as written to JSON/CSV.
  std::vector<std::pair<std::string, double>> named() const;
};

CaseFeatures compute_case_features(const CaseResult& r);

}  // namespace rimscan
