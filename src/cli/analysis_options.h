#pragma once
// Command-line options that set AnalysisParams, shared by `extract` and `batch` (declared once
// here so both commands accept the same names and defaults).
#include <CLI/CLI.hpp>

#include <string>

#include "rimscan/classify/model.h"
#include "rimscan/pipeline/params.h"

namespace rimscan::cli {

struct AnalysisOptions {
  AnalysisParams params;
  std::string model_path;  // empty: the built-in default model
  int64_t max_voxels = int64_t{1} << 31;
  void declare(CLI::App& sub);
  // Checks values CLI11 cannot (e.g. sigma lists); throws Error(kUsage).
  void validate() const;
};

// Loads --model (or returns nullptr for the default); the loaded model lives in `storage`.
const classify::Model* load_model_option(const std::string& path, classify::Model& storage);

}  // namespace rimscan::cli
