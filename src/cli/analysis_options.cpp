#include "cli/analysis_options.h"

#include "rimscan/error.h"

namespace rimscan::cli {

void AnalysisOptions::declare(CLI::App& sub) {
  AnalysisParams& p = params;
  auto* g = "Analysis parameters (docs/pipeline.md)";
  sub.add_option("--skull-stripped", p.skull_stripped, "Is the T1c skull-stripped? auto detects it")
      ->check(CLI::IsMember({"auto", "yes", "no"}))->capture_default_str()->group(g);
  sub.add_option("--enhancement-threshold", p.enhancement_threshold, "tau_E on the white-matter-normalised T1c")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
  sub.add_option("--enhancement-low-threshold", p.enhancement_low_threshold, "Hysteresis floor of lesion enhancement")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
  sub.add_option("--lmd-threshold", p.lmd_threshold, "tau_L: a leptomeningeal component must reach it")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
  sub.add_option("--lmd-low-threshold", p.lmd_low_threshold, "Hysteresis floor of leptomeningeal enhancement")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
  sub.add_option("--lmd-csf-bright-threshold", p.lmd_csf_bright_threshold,
                 "Non-ventricular voxels above this count as external CSF replaced by enhancement")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
  sub.add_option("--lmd-max-depth-mm", p.lmd_max_depth_mm,
                 "Leptomeningeal regions end this deep under the intracranial boundary (mm)")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
  sub.add_option("--lmd-dura-band-mm", p.lmd_dura_band_mm,
                 "Band inside the intracranial boundary left out of the leptomeningeal regions (mm)")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--lmd-midline-mm", p.lmd_midline_mm,
                 "Slab either side of the mid-sagittal plane (the falx) left out of the leptomeningeal regions (mm)")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--min-component-mm3", p.min_component_mm3, "Smaller enhancing components are dropped")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--gate-min-volume-ml", p.gate_min_volume_ml, "Size gate: minimum volume of a judged lesion")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--gate-min-diameter-mm", p.gate_min_diameter_mm, "Size gate: or minimum maximum-3D-diameter")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--dura-band-mm", p.dura_band_mm, "Band inside the intracranial boundary excluded as dura")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--vessel-threshold", p.vessel_threshold, "Tubularity above which enhancement is a vessel")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--smoothing-sigma-mm", p.smoothing_sigma_mm, "Gaussian denoising before thresholds")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--bias-sigma-mm", p.bias_sigma_mm, "Scale of the white-matter reference field")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
  sub.add_option("--geometry-tolerance-mm", p.geometry_tolerance_mm,
                 "How far (mm) the grids of the T1c and the masks/other images may differ")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->group(g);
  sub.add_option("--model", model_path, "Flag model JSON (default: the built-in model; see docs/model.md)")
      ->check(CLI::ExistingFile)->group(g);
  sub.add_option("--max-voxels", max_voxels, "Refuse images with more voxels than this (checked before reading)")
      ->check(CLI::PositiveNumber)->capture_default_str()->group(g);
}

void AnalysisOptions::validate() const {
  if (params.mask_closing_mm < 0 || params.pial_band_mm <= 0)
    throw Error(ErrorCode::kUsage, "invalid mask parameters");
  if (params.enhancement_low_threshold > params.enhancement_threshold)
    throw Error(ErrorCode::kUsage, "--enhancement-low-threshold must not exceed --enhancement-threshold");
  if (params.lmd_low_threshold > params.lmd_threshold)
    throw Error(ErrorCode::kUsage, "--lmd-low-threshold must not exceed --lmd-threshold");
}

const classify::Model* load_model_option(const std::string& path, classify::Model& storage) {
  if (path.empty()) return nullptr;
  storage = classify::load_model(path);
  return &storage;
}

}  // namespace rimscan::cli
