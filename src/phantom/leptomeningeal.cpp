// Leptomeningeal enhancement (label 3): a linear coating of the pial surface that follows the
// sulci (or cerebellar folia) over one region, nodules on the pial surface, and ependymal lining
// of the lateral ventricles. Always in the pial/CSF band or the ependymal band: never in the
// dura (the band at the inner table, falx, tentorium), which is a normal enhancing structure.
#include <algorithm>
#include <cmath>

#include "phantom/model.h"
#include "phantom/rng.h"

namespace rimscan::phantom::detail {

namespace {

struct Region {
  const char* name;
  Vec3 axis;
  int comp;
  bool wide;
};
// Axes from the coat origin (head frame); x is the patient's left.
const Region kRegions[] = {
    {"occipital", {0, 1, 0.15}, -1, false},        {"frontal", {0, -1, 0.3}, -1, false},
    {"parietal_left", {0.6, 0.3, 0.75}, -1, false}, {"parietal_right", {-0.6, 0.3, 0.75}, -1, false},
    {"temporal_left", {1, 0, -0.3}, -1, false},     {"temporal_right", {-1, 0, -0.3}, -1, false},
    {"vertex", {0, 0.1, 1}, -1, false},            {"cerebellar", {0, 0.75, -0.66}, 1, false},
    {"hemisphere_left", {1, 0, 0.25}, -1, true},   {"hemisphere_right", {-1, 0, 0.25}, -1, true},
};
constexpr Vec3 kCoatOrigin{0, 10, 5};
constexpr Vec3 kCerebellarOrigin{0, 52, -32};

uint8_t pick_type(Rng& r, const PhantomParams& p, uint8_t exclude) {
  double w[3] = {p.lmd_linear_weight, p.lmd_nodular_weight, p.lmd_ependymal_weight};
  const uint8_t bit[3] = {static_cast<uint8_t>(LmdType::kLinear), static_cast<uint8_t>(LmdType::kNodular),
                          static_cast<uint8_t>(LmdType::kEpendymal)};
  double total = 0;
  for (int i = 0; i < 3; ++i) {
    if (exclude & bit[i]) w[i] = 0;
    total += w[i];
  }
  if (total <= 0) return 0;
  double u = r.uniform() * total;
  for (int i = 0; i < 3; ++i) {
    if (u < w[i]) return bit[i];
    u -= w[i];
  }
  return bit[2];
}

}  // namespace

Leptomeningeal plan_leptomeningeal(const PhantomParams& p, const Anatomy& a, uint64_t seed, int index, CaseKind kind,
                                   LmdPlan* plan) {
  Rng r(stream_key(seed, index, kStreamLmd));
  Leptomeningeal l;
  bool present = false;
  switch (kind) {
    case CaseKind::kRandom: present = r.chance(p.lmd_probability); break;
    case CaseKind::kLmd:
    case CaseKind::kRimLmd: present = true; break;
    default: present = false; break;
  }
  // Draw everything regardless, so that presence does not shift the other draws.
  uint8_t types = pick_type(r, p, 0);
  if (r.chance(p.lmd_mixed_probability)) types |= pick_type(r, p, types);
  const double inv = 1.0 / a.scale;
  const Region& reg = kRegions[r.pick(static_cast<int>(sizeof kRegions / sizeof kRegions[0]))];
  const double extent = reg.wide ? 75.0 : r.in(p.coat_extent_deg);
  l.region_axis = normalized(reg.axis);
  l.region_cos = std::cos(extent * M_PI / 180.0);
  l.region_comp = reg.comp;
  l.coat = r.in(p.coat_thickness_mm) * inv;
  l.value = r.in(p.lme_intensity);
  l.patch = make_noise_field(r, 22.0);
  l.patch_threshold = r.uniform(-0.3, -0.05);
  const int n_nod = r.in(p.nodule_count);
  const Vec3 origin = reg.comp == 1 ? kCerebellarOrigin : kCoatOrigin;
  for (int n = 0, tries = 0; n < n_nod && tries < 500; ++tries) {
    double u[3];
    r.unit_vector(u);
    const Vec3 d{u[0], u[1], u[2]};
    if (dot(d, l.region_axis) < l.region_cos) continue;
    const double rad = 0.5 * r.in(p.nodule_diameter_mm) * inv;
    const Vec3 c = add(origin, scale(d, envelope_distance_along(a, origin, d) + 0.1 * rad));
    int comp = 0;
    envelope(a, c, &comp, nullptr, nullptr);
    if (std::fabs(c[0]) < rad + 5.0 || (reg.comp >= 0 && comp != reg.comp)) continue;
    bool clash = false;
    for (size_t k = 0; k < l.nodule_c.size(); ++k)
      if (norm(sub(c, l.nodule_c[k])) < rad + l.nodule_r[k] + 4.0) clash = true;
    if (clash) continue;
    l.nodule_c.push_back(c);
    l.nodule_r.push_back(rad);
    ++n;
  }
  const int sides = r.pick(3);  // 0 left, 1 right, 2 both
  l.ependymal_side[0] = sides != 1;
  l.ependymal_side[1] = sides != 0;
  const int part = r.pick(3);  // whole, frontal half, posterior half
  if (part == 1) l.ependymal_y_max = 12;
  if (part == 2) l.ependymal_y_min = 8;
  l.ependymal_th = r.in(p.ependymal_thickness_mm) * inv;

  if (!present) types = 0;
  if (!(types & static_cast<uint8_t>(LmdType::kNodular))) {
    l.nodule_c.clear();
    l.nodule_r.clear();
  }
  l.types = types;
  plan->types = types;
  plan->region = (types & (static_cast<uint8_t>(LmdType::kLinear) | static_cast<uint8_t>(LmdType::kNodular)))
                     ? reg.name
                     : ((types & static_cast<uint8_t>(LmdType::kEpendymal)) ? "ventricles" : "");
  plan->nodules = static_cast<int>(l.nodule_c.size());
  plan->coat_thickness_mm = (types & static_cast<uint8_t>(LmdType::kLinear)) ? l.coat * a.scale : 0.0;
  plan->intensity = types ? l.value : 0.0;
  return l;
}

double lmd_cover(const Leptomeningeal& l, const Anatomy& a, const AnatomyGeom& g, const Vec3& h, bool* label) {
  *label = false;
  if (!l.types) return 0;
  const double e = a.edge;
  double cov = 0;
  // The pial/CSF band: inside the subarachnoid space (not the dura band, not a dura sheet, not a
  // ventricle).
  const double not_dura = cover(g.d_hull - a.csf_th, e) * cover(-g.d_dura_sheet, e) * cover(-g.d_vent, e);
  const bool hard_not_dura = g.d_hull < a.csf_th && g.d_dura_sheet > 0 && g.d_vent > 0;
  if ((l.types & static_cast<uint8_t>(LmdType::kLinear)) && g.d_par > -e && g.d_par < l.coat + e &&
      (l.region_comp < 0 || g.comp == l.region_comp)) {
    const Vec3 origin = l.region_comp == 1 ? kCerebellarOrigin : kCoatOrigin;
    const double c = dot(normalized(sub(h, origin)), l.region_axis);
    const double in_region = smoothstep(l.region_cos - 0.04, l.region_cos + 0.04, c);
    const double pn = sample(l.patch, h);
    const double patch = smoothstep(l.patch_threshold - 0.06, l.patch_threshold + 0.06, pn);
    const double band = cover(-g.d_par, e) * cover(g.d_par - l.coat, e);
    cov = std::max(cov, band * in_region * patch * not_dura);
    if (g.d_par > 0 && g.d_par < l.coat && c > l.region_cos && pn > l.patch_threshold && hard_not_dura) *label = true;
  }
  for (size_t n = 0; n < l.nodule_c.size(); ++n) {
    const double d = norm(sub(h, l.nodule_c[n])) - l.nodule_r[n];
    if (d > e) continue;
    cov = std::max(cov, cover(d, e) * not_dura);
    if (d < 0 && hard_not_dura) *label = true;
  }
  if (l.types & static_cast<uint8_t>(LmdType::kEpendymal)) {
    for (int side = 0; side < 2; ++side) {
      if (!l.ependymal_side[side] || h[1] < l.ependymal_y_min || h[1] > l.ependymal_y_max) continue;
      const double d = g.d_vent_lat[side];
      if (d < -e || d > l.ependymal_th + e) continue;
      cov = std::max(cov, cover(-d, e) * cover(d - l.ependymal_th, e) * cover(-g.d_vent, e));
      if (d > 0 && d < l.ependymal_th && g.d_vent > 0) *label = true;
    }
  }
  return cov;
}

}  // namespace rimscan::phantom::detail
