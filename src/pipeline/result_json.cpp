#include "rimscan/pipeline/result_json.h"

#include <cmath>
#include <sstream>

#include "rimscan/pipeline/case_features.h"
#include "rimscan/version.h"

namespace rimscan {

using json = nlohmann::ordered_json;

namespace {

json opt(const OptDouble& v) { return v ? json(*v) : json(nullptr); }

// Floats are written with enough digits to round-trip and with no noise from formatting.
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

json geometry_to_json(const Geometry& g) {
  json j;
  j["size"] = {g.size[0], g.size[1], g.size[2]};
  j["spacing_mm"] = {g.spacing[0], g.spacing[1], g.spacing[2]};
  j["origin_mm"] = {g.origin[0], g.origin[1], g.origin[2]};
  j["direction"] = json::array();
  for (double d : g.direction) j["direction"].push_back(d);
  j["orientation"] = g.orientation_code();
  return j;
}

json params_to_json(const AnalysisParams& p, const std::string& lesion_labels) {
  json j;
  j["skull_stripped"] = p.skull_stripped;
  j["mask_closing_mm"] = p.mask_closing_mm;
  j["mask_csf_margin_mm"] = p.mask_csf_margin_mm;
  j["bias_sigma_mm"] = p.bias_sigma_mm;
  j["bias_grid_mm"] = p.bias_grid_mm;
  j["smoothing_sigma_mm"] = p.smoothing_sigma_mm;
  j["enhancement_threshold"] = p.enhancement_threshold;
  j["min_component_mm3"] = p.min_component_mm3;
  j["dura_band_mm"] = p.dura_band_mm;
  j["vessel_threshold"] = p.vessel_threshold;
  j["vessel_component_fraction"] = p.vessel_component_fraction;
  j["vessel_sigmas_mm"] = p.vessel_sigmas_mm;
  j["vessel_c"] = p.vessel_c;
  j["attachment_open_mm"] = p.attachment_open_mm;
  j["attachment_reach_mm"] = p.attachment_reach_mm;
  j["min_compactness"] = p.min_compactness;
  j["min_elongation"] = p.min_elongation;
  j["surface_band_mm"] = p.surface_band_mm;
  j["surface_max_fraction"] = p.surface_max_fraction;
  j["surface_min_compactness"] = p.surface_min_compactness;
  j["gate_min_volume_ml"] = p.gate_min_volume_ml;
  j["gate_min_diameter_mm"] = p.gate_min_diameter_mm;
  j["ring_hole_min_mm2"] = p.ring_hole_min_mm2;
  j["subtraction_threshold"] = p.subtraction_threshold;
  j["intrinsic_bright_threshold"] = p.intrinsic_bright_threshold;
  j["enhancement_low_threshold"] = p.enhancement_low_threshold;
  j["lmd_threshold"] = p.lmd_threshold;
  j["lmd_low_threshold"] = p.lmd_low_threshold;
  j["lmd_csf_bright_threshold"] = p.lmd_csf_bright_threshold;
  j["lmd_max_depth_mm"] = p.lmd_max_depth_mm;
  j["lmd_midline_mm"] = p.lmd_midline_mm;
  j["lmd_ependymal_min_mm3"] = p.lmd_ependymal_min_mm3;
  j["vessel_margin_mm"] = p.vessel_margin_mm;
  j["lmd_dura_band_mm"] = p.lmd_dura_band_mm;
  j["pial_band_mm"] = p.pial_band_mm;
  j["lesion_exclusion_mm"] = p.lesion_exclusion_mm;
  j["geometry_tolerance_mm"] = p.geometry_tolerance_mm;
  j["lesion_labels"] = lesion_labels;
  return j;
}

json lesion_to_json(const LesionMetrics& m) {
  json j;
  j["id"] = m.id;
  j["volume_ml"] = num(m.volume_ml);
  j["enhancing_volume_ml"] = num(m.enhancing_volume_ml);
  j["core_volume_ml"] = num(m.core_volume_ml);
  j["max_diameter_mm"] = num(m.max_diameter_mm);
  j["too_small_to_judge"] = m.too_small_to_judge;
  j["centroid_mm"] = {m.centroid_mm[0], m.centroid_mm[1], m.centroid_mm[2]};
  j["bbox_index"] = {{"min", {m.bbox_min[0], m.bbox_min[1], m.bbox_min[2]}},
                     {"max", {m.bbox_max[0], m.bbox_max[1], m.bbox_max[2]}}};
  j["core_fraction"] = num(m.core_fraction);
  j["ring_completeness"] = opt(m.ring_completeness);
  j["rim_thickness_mm"] = opt(m.rim_thickness_mm);
  j["rim_thickness_skeleton_mm"] = opt(m.rim_thickness_skeleton_mm);
  j["rim_to_core_ratio"] = opt(m.rim_to_core_ratio);
  j["radial_profile"] = json::array();
  for (const auto& v : m.radial_profile) j["radial_profile"].push_back(opt(v));
  j["central_to_peripheral_ratio"] = opt(m.central_to_peripheral_ratio);
  j["radial_slope"] = opt(m.radial_slope);
  j["median_enhancing"] = num(m.median_enhancing);
  j["median_core"] = opt(m.median_core);
  j["heterogeneity_cov"] = num(m.heterogeneity_cov);
  j["heterogeneity_iqr_median"] = num(m.heterogeneity_iqr_median);
  j["sphericity_enhancing"] = opt(m.sphericity_enhancing);
  j["sphericity_whole"] = opt(m.sphericity_whole);
  j["cavities"] = m.cavities;
  j["ring_slice_fraction"] = num(m.ring_slice_fraction);
  j["subtraction_confirmed_core_fraction"] = opt(m.subtraction_confirmed_core_fraction);
  return j;
}

json case_to_json(const std::string& case_id, const std::vector<InputRecord>& inputs, const AnalysisParams& params,
                  const std::string& lesion_labels, const CaseResult& r) {
  json j;
  j["schema"] = kCaseSchemaName;
  j["schema_version"] = kCaseSchemaVersion;
  j["tool"] = {{"name", "rimscan"}, {"version", kVersion}};
  j["case_id"] = case_id;
  json in = json::object();
  for (const InputRecord& rec : inputs) {
    json e;
    e["path"] = rec.path;
    e["sha256"] = rec.sha256.empty() ? json(nullptr) : json(rec.sha256);
    if (!rec.series_key.empty()) e["dicom_series_key"] = rec.series_key;
    e["geometry"] = geometry_to_json(rec.geom);
    in[rec.role] = e;
  }
  j["inputs"] = in;
  j["parameters"] = params_to_json(params, lesion_labels);

  json qc;
  qc["skull_stripped"] = r.qc.skull_stripped;
  qc["skull_stripped_source"] = r.qc.skull_stripped_source;
  qc["intracranial_volume_ml"] = num(r.qc.intracranial_volume_ml);
  qc["nawm_median_raw"] = num(r.qc.nawm_median_raw);
  qc["nawm_voxels"] = r.qc.nawm_voxels;
  qc["wm_class_fraction"] = num(r.qc.wm_class_fraction);
  qc["bias_field_p5"] = num(r.qc.bias_field_p5);
  qc["bias_field_p95"] = num(r.qc.bias_field_p95);
  qc["enhancing_candidates"] = r.qc.candidates;
  qc["removed_vessel"] = r.qc.removed_vessel;
  qc["removed_surface"] = r.qc.removed_surface;
  qc["removed_choroid"] = r.qc.removed_choroid;
  qc["removed_small"] = r.qc.removed_small;
  qc["enhancing_voxels_in_dura_band"] = r.qc.enhancing_voxels_in_dura_band;
  qc["enhancing_voxels_cut_as_attachments"] = r.qc.enhancing_voxels_cut_as_attachments;
  qc["warnings"] = r.qc.warnings;
  j["qc"] = qc;

  j["segmentation"] = {{"source", r.segmentation_source}};
  j["lesions"] = json::array();
  for (const LesionMetrics& m : r.lesions) j["lesions"].push_back(lesion_to_json(m));

  json s;
  s["n_lesions"] = r.summary.n_lesions;
  s["n_gated"] = r.summary.n_gated;
  s["total_enhancing_volume_ml"] = num(r.summary.total_enhancing_volume_ml);
  s["index_lesion_id"] = r.summary.index_lesion_id ? json(*r.summary.index_lesion_id) : json(nullptr);
  const CaseFeatures f = compute_case_features(r);
  for (const auto& [path, value] : f.named()) {
    const std::string prefix = "summary.";
    if (path.compare(0, prefix.size(), prefix) == 0 && path != "summary.n_gated") s[path.substr(prefix.size())] = num(value);
  }
  j["summary"] = s;

  const LeptomeningealMetrics& l = r.lmd;
  json lm;
  lm["burden"] = num(l.burden);
  lm["burden_by_region"] = {{"left", num(l.burden_left)},
                            {"right", num(l.burden_right)},
                            {"supratentorial", num(l.burden_supratentorial)},
                            {"infratentorial", num(l.burden_infratentorial)}};
  lm["pial_surface_fraction"] = num(l.pial_surface_fraction);
  lm["pial_surface_fraction_by_region"] = {{"left", num(l.psf_left)},
                                           {"right", num(l.psf_right)},
                                           {"supratentorial", num(l.psf_supratentorial)},
                                           {"infratentorial", num(l.psf_infratentorial)}};
  lm["regions_with_raised_psf"] = l.regions_with_raised_psf;
  lm["n_components"] = l.n_components;
  lm["n_nodules"] = l.n_nodules;
  lm["linear_area_mm2"] = num(l.linear_area_mm2);
  lm["eano_esmo_type"] = l.eano_type;
  lm["ependymal_fraction"] = num(l.ependymal_fraction);
  lm["flair_sulcal_index"] = opt(l.flair_sulcal_index);
  lm["dural_index_mm"] = num(l.dural_index_mm);
  lm["region_volume_ml"] = num(l.region_volume_ml);
  lm["enhancing_volume_ml"] = num(l.enhancing_volume_ml);
  lm["csf_status"] = "unknown: MRI shows enhancement only; CSF-only disease is invisible to it";
  j["leptomeningeal"] = lm;
  return j;
}

json run_to_json(const CaseResult& r, const RunRecord& run) {
  json j;
  j["device"] = r.device;
  j["threads"] = run.threads;
  j["host"] = run.host;
  j["date_utc"] = run.date_utc;
  json st = json::object();
  double total = 0;
  for (const auto& [name, sec] : run.extra_seconds) {
    st[name] = sec;
    total += sec;
  }
  for (const auto& [name, sec] : r.stage_seconds) {
    st[name] = sec;
    total += sec;
  }
  j["stage_seconds"] = st;
  j["total_seconds"] = total;
  return j;
}

const json* json_at_path(const json& doc, const std::string& dot_path) {
  const json* cur = &doc;
  std::stringstream ss(dot_path);
  std::string part;
  while (std::getline(ss, part, '.')) {
    if (cur->is_object()) {
      auto it = cur->find(part);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else if (cur->is_array()) {
      char* end = nullptr;
      const long idx = std::strtol(part.c_str(), &end, 10);
      if (end == part.c_str() || *end != '\0' || idx < 0 || static_cast<size_t>(idx) >= cur->size()) return nullptr;
      cur = &(*cur)[static_cast<size_t>(idx)];
    } else {
      return nullptr;
    }
  }
  return cur;
}

}  // namespace rimscan
