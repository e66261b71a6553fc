#pragma once
// `extract --radiomics` / `batch --radiomics`: pyradiomics-compatible features of each lesion,
// computed by the same library call as `rimscan features` (radiomics::extract on the engine the
// case runs on, so --device applies) on the T1c as read (input units, not the normalised image)
// inside the lesion's region of the lesion-id map (enhancing rim + enclosed core, the voxels
// whose --lesion-ids value is the lesion's id). docs/radiomics.md, "Per lesion".
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "rimscan/engine.h"
#include "rimscan/features/radiomics/params.h"
#include "rimscan/image.h"
#include "rimscan/io/image_io.h"
#include "rimscan/pipeline/case_result.h"

namespace rimscan::cli {

struct RadiomicsOptions {
  bool enabled = false;     // --radiomics
  std::string params_path;  // --radiomics-params FILE (implies --radiomics)
  void declare(CLI::App& sub);
  // The settings when radiomics is asked for (parameter file read and validated), else nullopt.
  // Throws Error(kUsage) / (kInputMissing) naming the file.
  std::optional<radiomics::RadiomicsParams> resolve() const;
};

// The settings as written under parameters.radiomics of the case JSON (pyradiomics' names;
// `label` left out: each lesion is its own mask).
nlohmann::ordered_json radiomics_parameters_json(const radiomics::RadiomicsParams& p);

// Sets doc["lesions"][k]["radiomics"] for every lesion k: {"features": {name: value|null},
// "diagnostics": {mask, discretisation, texture_directions}}, or {"error": {code, message}} when
// the lesion's ROI is too small or empty after resegmentation (the case still succeeds).
// `t1c_path`/`read` are used only to learn whether the T1c holds integers when the settings
// resample (pyradiomics truncates the interpolated values back to the file's type).
// Returns the seconds spent.
double add_lesion_radiomics(nlohmann::ordered_json& doc, Engine& engine, const ImageF& t1c,
                            const std::string& t1c_path, const io::ReadOptions& read, const CaseResult& result,
                            const radiomics::RadiomicsParams& params);

}  // namespace rimscan::cli
