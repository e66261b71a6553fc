#pragma once
// The per-case JSON document (schema docs/schema/case.schema.json, documented in
// docs/output.md). Everything but the `run` block is a deterministic function of the inputs and
// parameters: two runs on the same input differ only in `run` (timings, host, date, device).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rimscan/pipeline/case_result.h"
#include "rimscan/pipeline/params.h"

namespace rimscan {

inline constexpr const char* kCaseSchemaName = "rimscan-case";
inline constexpr const char* kCaseSchemaVersion = "1.0";

// One input file as the user gave it.
struct InputRecord {
  std::string role;     // "t1c", "brain_mask", "lesion_mask", "t1pre", "flair"
  std::string path;     // as given (never rewritten: no patient identifiers are added)
  std::string sha256;   // of the file's bytes ("" for a DICOM directory: see series_key)
  std::string series_key;  // DICOM only: keyed hash of the series UID
  Geometry geom;
};

struct RunRecord {
  std::string host;
  std::string date_utc;  // ISO 8601
  int threads = 0;
  std::vector<std::pair<std::string, double>> extra_seconds;  // e.g. read, write
};

nlohmann::ordered_json geometry_to_json(const Geometry& g);
nlohmann::ordered_json params_to_json(const AnalysisParams& p, const std::string& lesion_labels);
nlohmann::ordered_json lesion_to_json(const LesionMetrics& m);

// The document without `flags` and `run`; the CLI adds those.
nlohmann::ordered_json case_to_json(const std::string& case_id, const std::vector<InputRecord>& inputs,
                                    const AnalysisParams& params, const std::string& lesion_labels,
                                    const CaseResult& r);

nlohmann::ordered_json run_to_json(const CaseResult& r, const RunRecord& run);

// Value at a dot-path ("summary.index_core_fraction", "lesions.0.core_fraction") or null.
const nlohmann::ordered_json* json_at_path(const nlohmann::ordered_json& doc, const std::string& dot_path);

}  // namespace rimscan
