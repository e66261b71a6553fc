#pragma once
// Reading radiomics parameter files: pyradiomics' YAML or JSON format (sections setting,
// imageType, featureClass, voxelSetting) plus a `rimscan` section for the IBSI conventions.
// Unknown sections, settings, image types, feature classes or features are refused with one
// line naming the file and the key (docs/radiomics.md#parameter-file).
#include <string>

#include "rimscan/features/radiomics/params.h"

namespace rimscan::config {

// Format from the extension: .yaml / .yml -> YAML, .json -> JSON. Throws rimscan::Error
// (kInputMissing when unreadable, kUsage for invalid content).
radiomics::RadiomicsParams read_radiomics_params(const std::string& path);

// The same from text already read (format "yaml" or "json"); `name` names it in errors.
radiomics::RadiomicsParams parse_radiomics_params(const std::string& text, const std::string& format,
                                                  const std::string& name);

}  // namespace rimscan::config
