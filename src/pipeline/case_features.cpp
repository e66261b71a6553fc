#include "rimscan/pipeline/case_features.h"

#include <algorithm>

namespace rimscan {

std::vector<std::pair<std::string, double>> CaseFeatures::named() const {
  return {
      {"summary.index_core_fraction", index_core_fraction},
      {"summary.index_ring_completeness", index_ring_completeness},
      {"summary.index_central_to_peripheral_ratio", index_central_to_peripheral_ratio},
      {"summary.index_rim_to_core_ratio", index_rim_to_core_ratio},
      {"summary.index_ring_slice_fraction", index_ring_slice_fraction},
      {"summary.index_sphericity_ratio", index_sphericity_ratio},
      {"summary.index_volume_ml", index_volume_ml},
      {"summary.max_core_fraction", max_core_fraction},
      {"summary.n_gated", static_cast<double>(n_gated)},
      {"leptomeningeal.burden", lmd_burden},
      {"leptomeningeal.pial_surface_fraction", lmd_pial_surface_fraction},
      {"leptomeningeal.n_nodules", static_cast<double>(lmd_n_nodules)},
      {"leptomeningeal.linear_area_mm2", lmd_linear_area_mm2},
      {"leptomeningeal.ependymal_fraction", lmd_ependymal_fraction},
      {"leptomeningeal.regions_with_raised_psf", static_cast<double>(lmd_regions_with_raised_psf)},
  };
}

CaseFeatures compute_case_features(const CaseResult& r) {
  CaseFeatures f;
  f.n_gated = r.summary.n_gated;
  for (const LesionMetrics& m : r.lesions)
    if (!m.too_small_to_judge) f.max_core_fraction = std::max(f.max_core_fraction, m.core_fraction);
  if (r.summary.index_lesion_id) {
    const LesionMetrics& m = r.lesions[static_cast<size_t>(*r.summary.index_lesion_id - 1)];
    f.index_core_fraction = m.core_fraction;
    f.index_ring_completeness = m.ring_completeness.value_or(0.0);
    f.index_central_to_peripheral_ratio = m.central_to_peripheral_ratio.value_or(1.0);
    f.index_rim_to_core_ratio = m.rim_to_core_ratio.value_or(1.0);
    f.index_ring_slice_fraction = m.ring_slice_fraction;
    if (m.sphericity_enhancing && m.sphericity_whole && *m.sphericity_whole > 0)
      f.index_sphericity_ratio = *m.sphericity_enhancing / *m.sphericity_whole;
    f.index_volume_ml = m.volume_ml;
  }
  f.lmd_burden = r.lmd.burden;
  f.lmd_pial_surface_fraction = r.lmd.pial_surface_fraction;
  f.lmd_n_nodules = r.lmd.n_nodules;
  f.lmd_linear_area_mm2 = r.lmd.linear_area_mm2;
  f.lmd_ependymal_fraction = r.lmd.ependymal_fraction;
  f.lmd_regions_with_raised_psf = r.lmd.regions_with_raised_psf;
  return f;
}

}  // namespace rimscan
