// Host-side parts of the per-lesion analysis: mesh measures on lesion crops, the size gate and
// the case summary.
#include <algorithm>
#include <cmath>

#include "pipeline/analyse_case.h"
#include "rimscan/features/mesh.h"

namespace rimscan::pipeline {

LabelSet make_label_set(const std::vector<int>& labels) {
  LabelSet s;
  for (int l : labels) {
    if (s.count >= 8) break;
    s.v[s.count++] = l;
  }
  return s;
}

void mesh_and_gate(const ImageI32& ids, const ImageU8& classes, const AnalysisParams& p,
                   std::vector<LesionMetrics>& metrics) {
  const Vec3 sp = ids.geom.spacing;
#pragma omp parallel for schedule(dynamic, 1)
  for (int64_t q = 0; q < static_cast<int64_t>(metrics.size()); ++q) {
    LesionMetrics& m = metrics[static_cast<size_t>(q)];
    Size3 crop;
    for (int a = 0; a < 3; ++a) crop[static_cast<size_t>(a)] = m.bbox_max[static_cast<size_t>(a)] - m.bbox_min[static_cast<size_t>(a)] + 1;
    std::vector<uint8_t> whole(static_cast<size_t>(crop[0] * crop[1] * crop[2]), 0), enh(whole.size(), 0);
    for (int64_t k = 0; k < crop[2]; ++k)
      for (int64_t j = 0; j < crop[1]; ++j)
        for (int64_t i = 0; i < crop[0]; ++i) {
          const int64_t v = ids.geom.linear_index(i + m.bbox_min[0], j + m.bbox_min[1], k + m.bbox_min[2]);
          const size_t w = static_cast<size_t>(i + crop[0] * (j + crop[1] * k));
          if (ids.voxels[static_cast<size_t>(v)] == m.id) {
            whole[w] = 1;
            enh[w] = classes.voxels[static_cast<size_t>(v)] == kLabelEnhancing ? 1 : 0;
          }
        }
    features::MeshResult ml = features::mesh_analyse(whole.data(), crop, sp, true);
    features::MeshMeasures me = features::mesh_measures(enh.data(), crop, sp);
    m.max_diameter_mm = ml.diameters.max_3d;
    if (ml.measures.surface_mm2 > 0) m.sphericity_whole = ml.measures.sphericity;
    if (me.surface_mm2 > 0) m.sphericity_enhancing = me.sphericity;
    // Size gate: too small to judge when below the minimum volume or below the minimum diameter.
    m.too_small_to_judge = m.volume_ml < p.gate_min_volume_ml || m.max_diameter_mm < p.gate_min_diameter_mm;
  }
}

void finish_summary(CaseResult& r, const Geometry& g, const AnalysisParams& p) {
  (void)g;
  (void)p;
  CaseSummary& s = r.summary;
  s = CaseSummary{};
  s.n_lesions = static_cast<int32_t>(r.lesions.size());
  for (const LesionMetrics& m : r.lesions) {
    s.total_enhancing_volume_ml += m.enhancing_volume_ml;
    if (m.too_small_to_judge) continue;
    ++s.n_gated;
    if (!s.index_lesion_id) {
      s.index_lesion_id = m.id;
      continue;
    }
    const LesionMetrics& best = r.lesions[static_cast<size_t>(*s.index_lesion_id - 1)];
    // Largest core fraction; ties go to the larger lesion, then the lower id.
    if (m.core_fraction > best.core_fraction ||
        (m.core_fraction == best.core_fraction && m.volume_ml > best.volume_ml))
      s.index_lesion_id = m.id;
  }
}

}  // namespace rimscan::pipeline
