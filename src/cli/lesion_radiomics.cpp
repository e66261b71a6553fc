#include "cli/lesion_radiomics.h"

#include <chrono>
#include <cmath>

#include "config/radiomics_params_file.h"
#include "rimscan/error.h"
#include "rimscan/features/radiomics/radiomics.h"
#include "rimscan/io/resample.h"
#include "rimscan/log.h"

namespace rimscan::cli {

using json = nlohmann::ordered_json;

void RadiomicsOptions::declare(CLI::App& sub) {
  auto* g = "Radiomics per lesion (docs/radiomics.md)";
  sub.add_flag("--radiomics", enabled,
               "Add pyradiomics-compatible features to each lesion (T1c inside the lesion: rim + enclosed core)")
      ->group(g);
  sub.add_option("--radiomics-params", params_path,
                 "Parameter file for --radiomics (the YAML/JSON `rimscan features --params` reads); implies --radiomics")
      ->check(CLI::ExistingFile)
      ->group(g);
}

std::optional<radiomics::RadiomicsParams> RadiomicsOptions::resolve() const {
  if (!enabled && params_path.empty()) return std::nullopt;
  radiomics::RadiomicsParams p =
      params_path.empty() ? radiomics::RadiomicsParams{} : config::read_radiomics_params(params_path);
  p.validate();
  return p;
}

json radiomics_parameters_json(const radiomics::RadiomicsParams& p) {
  json j = radiomics::params_to_json(p);
  j.erase("label");
  return j;
}

namespace {

// Per-lesion diagnostics: what describes this ROI. Settings are written once under
// parameters.radiomics; versions and engine name belong to tool and run.
json lesion_diagnostics(const json& d) {
  json out = json::object();
  for (const char* k : {"mask", "discretisation", "texture_directions"})
    if (d.contains(k)) out[k] = d[k];
  return out;
}

json features_json(const radiomics::RadiomicsResult& r) {
  json f = json::object();
  for (const auto& [k, v] : r.features) f[k] = std::isfinite(v) ? json(v) : json(nullptr);
  return f;
}

}  // namespace

double add_lesion_radiomics(json& doc, Engine& engine, const ImageF& t1c, const std::string& t1c_path,
                            const io::ReadOptions& read, const CaseResult& result,
                            const radiomics::RadiomicsParams& params) {
  const auto t0 = std::chrono::steady_clock::now();
  const bool resample = !params.resampled_spacing.empty();
  bool integer_image = false;
  if (resample) {
    const std::string type = io::read_header(t1c_path, read).component_type;
    integer_image = type.rfind("float", 0) != 0 && type.rfind("double", 0) != 0;
  }
  const ImageI32& ids = result.lesion_ids;
  json& lesions = doc["lesions"];
  for (json& lesion : lesions) {
    const int32_t id = lesion["id"].get<int32_t>();
    try {
      radiomics::RadiomicsResult r;
      if (resample) {
        radiomics::RadiomicsParams p = params;
        io::ResampledRoi rs = io::resample_for_radiomics(t1c, ids, id, p.resampled_spacing.data(), p.interpolator,
                                                         p.pad_distance, integer_image);
        p.label = id;
        p.input_resampled = true;
        r = radiomics::extract_label(engine, rs.image, rs.labels, p);
      } else {
        ImageU8 mask(ids.geom);
        for (size_t v = 0; v < ids.voxels.size(); ++v) mask.voxels[v] = ids.voxels[v] == id ? 1 : 0;
        r = radiomics::extract(engine, t1c, mask, params);
      }
      lesion["radiomics"] = {{"features", features_json(r)}, {"diagnostics", lesion_diagnostics(r.diagnostics)}};
    } catch (const Error& e) {
      // A lesion too small for the settings (minimumROIDimensions/Size) or emptied by
      // resegmentation has no features; the case and its other lesions are still measured.
      if (e.code() != ErrorCode::kEmptyMask && e.code() != ErrorCode::kInputInvalid)
        throw e.with_context("radiomics of lesion " + std::to_string(id));
      log::warn("radiomics: lesion " + std::to_string(id) + ": " + e.what());
      lesion["radiomics"] = {{"error", {{"code", error_code_name(e.code())}, {"message", e.what()}}}};
    }
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace rimscan::cli
