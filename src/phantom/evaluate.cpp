// One point of a case: anatomy (with lesion oedema), then leptomeningeal enhancement, then
// vessels, then lesions, each blended over the previous by its soft coverage. The label and
// tissue follow the same precedence with hard edges: lesion > vessel > leptomeningeal > tissue.
#include "phantom/model.h"

namespace rimscan::phantom::detail {

PointSample evaluate(const CaseModel& m, const Vec3& physical) {
  const Anatomy& a = m.anatomy;
  const Vec3 h = to_head(a, physical);
  if (ellipsoid_radius(h, a.bound_upper) > 1.0 && ellipsoid_radius(h, a.bound_lower) > 1.0) return PointSample{};
  const AnatomyGeom g = anatomy_geometry(a, h);
  const LesionHit lesion = lesion_at(m.lesions, h, a.edge);
  const AnatomyValue av = anatomy_value(a, g, h, lesion.oedema, lesion.oedema_factor);
  PointSample s;
  s.intensity = mix(av.other, av.parenchyma, av.par_fraction);
  s.tissue = static_cast<uint8_t>(av.tissue);
  s.intracranial = av.intracranial ? 1 : 0;
  if (av.intracranial) {
    bool lme_label = false;
    const double lc = lmd_cover(m.lmd, a, g, h, &lme_label);
    if (lc > 0) s.intensity = mix(s.intensity, m.lmd.value * (1.0 + 0.06 * sample(a.texture_fine, h)), lc);
    if (lme_label) {
      s.label = kLabelLeptomeningeal;
      s.tissue = static_cast<uint8_t>(Tissue::kLeptomeningeal);
    }
    bool sinus = false;
    const double dv = m.vessels.query(h, &sinus);
    if (dv < a.edge) {
      s.intensity = mix(s.intensity, sinus ? m.sinus_value : m.vein_value, cover(dv, a.edge));
      if (dv < 0) {
        s.label = kLabelBackground;
        s.tissue = static_cast<uint8_t>(sinus ? Tissue::kSinus : Tissue::kVein);
      }
    }
  }
  if (lesion.cover > 0) {
    s.intensity = mix(s.intensity, lesion.value, lesion.cover);
    if (lesion.label != kLabelBackground) {
      s.label = lesion.label;
      s.tissue = static_cast<uint8_t>(lesion.label == kLabelCore ? Tissue::kLesionCore : Tissue::kLesionEnhancing);
    }
  }
  return s;
}

}  // namespace rimscan::phantom::detail
