#pragma once
// Radiomics features of one ROI: pyradiomics-compatible names and settings, IBSI definitions
// (docs/radiomics.md). The intensity work runs on the engine's backend (CPU or CUDA, identical
// matrices); feature formulas are evaluated on the host in double.
//
//   rimscan::radiomics::RadiomicsParams p;            // pyradiomics defaults (binWidth 25, ...)
//   auto r = rimscan::radiomics::extract(engine, image, roi_mask, p);
//   for (auto& [name, value] : r.features) ...        // "original_glcm_JointEntropy", ...
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rimscan/engine.h"
#include "rimscan/features/radiomics/params.h"
#include "rimscan/image.h"

namespace rimscan::radiomics {

struct RadiomicsResult {
  // Full names ("original_<class>_<Feature>") in class order, features sorted by name.
  std::vector<std::pair<std::string, double>> features;
  // Settings, versions, voxel counts, grey levels; no paths or patient identifiers.
  nlohmann::ordered_json diagnostics;
  // Seconds spent: "device" (upload, discretisation, matrices), "shape", "features" (formulas).
  std::vector<std::pair<std::string, double>> timings;
};

// Features of the voxels where mask != 0 (image and mask on the same grid, within
// params.geometry_tolerance mm). Throws rimscan::Error: kGeometryMismatch, kEmptyMask (empty
// mask or everything removed by resegmentation), kInputInvalid (NaN/Inf intensity, ROI below
// minimumROIDimensions/minimumROISize), kUsage (invalid or unsupported settings).
RadiomicsResult extract(Engine& engine, const ImageF& image, const ImageU8& mask, const RadiomicsParams& params);

// The same on a label map, for the label params.label.
RadiomicsResult extract_label(Engine& engine, const ImageF& image, const ImageI32& labels, const RadiomicsParams& params);

// For `extract --radiomics`: {"features": {name: value, ...}, "diagnostics": {...}}.
nlohmann::ordered_json radiomics_for_mask(Engine& engine, const ImageF& image, const ImageU8& mask,
                                          const RadiomicsParams& params);

// The settings as pyradiomics would echo them (diagnostics_Configuration_Settings).
nlohmann::ordered_json params_to_json(const RadiomicsParams& params);

// Texture offsets (x, y, z) for the settings: one of each +- pair (docs/radiomics.md#directions).
std::vector<Offset> texture_offsets(const RadiomicsParams& params);

}  // namespace rimscan::radiomics
