// generate_case: plans a case from its random streams, renders it, measures its truth.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "phantom/model.h"
#include "rimscan/phantom/phantom.h"

namespace rimscan::phantom {

std::string case_id(const std::string& prefix, int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "_%04d", index);
  return prefix + buf;
}

PhantomCase generate_case(const PhantomParams& params, uint64_t seed, int index, const GenerateOptions& opt) {
  validate(params);
  if (index < 0) throw Error(ErrorCode::kUsage, "phantom case index must be non-negative");
  PhantomCase c;
  CasePlan& plan = c.plan;
  plan.case_id = case_id(opt.case_prefix, index);
  plan.seed = seed;
  plan.index = index;
  plan.kind = detail::choose_kind(params, seed, index);

  detail::CaseModel m;
  m.anatomy = detail::plan_anatomy(params, seed, index);
  m.vessels = detail::plan_vessels(params, m.anatomy, seed, index, &m.vein_value, &m.sinus_value);
  m.lesions = detail::plan_lesions(params, m.anatomy, seed, index, plan.kind, &plan.lesions);
  m.lmd = detail::plan_leptomeningeal(params, m.anatomy, seed, index, plan.kind, &plan.lmd);
  const detail::Acquisition acq = detail::plan_acquisition(params, seed, index);
  plan.geom = acq.geom;
  plan.intensity_scale = acq.scale;
  plan.snr = acq.snr;
  plan.bias_strength = acq.bias_strength;

  detail::Rendered r = detail::render(m, acq, opt.threads, opt.tissue_map);
  c.t1c = std::move(r.t1c);
  c.truth = std::move(r.truth);
  c.intracranial = std::move(r.intracranial);
  c.tissue = std::move(r.tissue);
  c.measured = measure_truth(c.truth);
  return c;
}

std::string case_json(const PhantomCase& c, const TruthRule& rule) {
  using J = nlohmann::ordered_json;
  auto vec = [](const Vec3& v) { return J::array({v[0], v[1], v[2]}); };
  const CasePlan& p = c.plan;
  J j;
  j["case_id"] = p.case_id;
  j["seed"] = p.seed;
  j["index"] = p.index;
  j["kind"] = case_kind_name(p.kind);
  j["truth"] = {{"pce", c.measured.pce ? 1 : 0},
                {"lmd", c.measured.lmd ? 1 : 0},
                {"rule",
                 {{"min_diameter_mm", rule.min_diameter_mm},
                  {"min_core_fraction", rule.min_core_fraction},
                  {"min_ring_completeness", rule.min_ring_completeness}}},
                {"lme_voxels", c.measured.lme_voxels},
                {"lme_volume_ml", c.measured.lme_volume_ml}};
  J lesions = J::array();
  for (const LesionTruth& l : c.measured.lesions) {
    J e;
    e["kind"] = l.core_voxels > 0 ? "rim" : "solid";
    e["diameter_mm"] = l.diameter_mm;
    e["volume_ml"] = l.volume_ml;
    e["core_fraction"] = l.core_fraction;
    e["ring_completeness"] = l.ring_completeness < 0 ? J() : J(l.ring_completeness);
    e["enhancing_voxels"] = l.enhancing_voxels;
    e["core_voxels"] = l.core_voxels;
    e["centroid_mm"] = vec(l.centroid_mm);
    e["rim_by_rule"] = l.rim;
    lesions.push_back(e);
  }
  j["truth"]["lesions"] = lesions;
  J planned = J::array();
  for (const LesionPlan& l : p.lesions) {
    planned.push_back({{"kind", l.kind == LesionKind::kRim ? "rim" : "solid"},
                       {"location", l.location},
                       {"centre_mm", vec(l.centre_mm)},
                       {"radius_mm", l.radius_mm},
                       {"shell_mm", l.shell_mm},
                       {"intended_core_fraction", l.intended_core_fraction},
                       {"intended_ring_completeness", l.intended_ring_completeness},
                       {"enhancement", l.enhancement},
                       {"core_intensity", l.core_intensity},
                       {"oedema_mm", l.oedema_mm}});
  }
  j["plan"] = {{"lesions", planned},
               {"lmd",
                {{"types", p.lmd.types_text()},
                 {"region", p.lmd.region},
                 {"nodules", p.lmd.nodules},
                 {"coat_thickness_mm", p.lmd.coat_thickness_mm},
                 {"intensity", p.lmd.intensity}}}};
  j["acquisition"] = {{"size", J::array({p.geom.size[0], p.geom.size[1], p.geom.size[2]})},
                      {"spacing_mm", vec(p.geom.spacing)},
                      {"orientation", p.geom.orientation_code()},
                      {"intensity_scale", p.intensity_scale},
                      {"snr", p.snr},
                      {"bias_strength", p.bias_strength}};
  j["units"] = "intensities in white-matter units (white matter = 1 before bias/noise/scale)";
  return j.dump(2);
}

}  // namespace rimscan::phantom
