#pragma once
// The bookkeeping files of a batch output directory (docs/scale-out.md):
//   batch_manifest.json   what this directory is: the manifest (path, SHA-256, number of rows,
//                         carried columns), the shard, the analysis parameters and model, the
//                         layout, and every case of the shard (row index, case id, where its
//                         JSON and error record go, its carried values). Written before any
//                         case runs; `rimscan merge` reads it.
//   errors/<id>.json      the error record of a failed case (a rerun retries the case).
// And the rules that decide, on a rerun, whether a case JSON already on disk can be kept.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rimscan::batch {

inline constexpr const char* kBatchSchemaName = "rimscan-batch";
inline constexpr const char* kBatchSchemaVersion = "1.0";
inline constexpr const char* kErrorSchemaName = "rimscan-case-error";

struct BatchCase {
  size_t index = 0;                // manifest row
  std::string case_id;
  std::string json, error;         // relative to the output directory
  std::vector<std::string> extra;  // carried values, as BatchRecord::extra_columns
};

struct BatchRecord {
  std::string manifest_path;       // as given on the command line
  std::string manifest_sha256;
  size_t manifest_rows = 0;
  std::vector<std::string> extra_columns;
  std::string shard = "0/1";       // "K/N", or "merged"
  std::string layout = "flat";
  nlohmann::ordered_json analysis; // parameters (without lesion_labels) and model; merge compares it
  std::vector<BatchCase> cases;    // manifest order
};

nlohmann::ordered_json batch_record_to_json(const BatchRecord& r);
// Throws Error(kInputInvalid) naming `source` when a key is missing or of the wrong type.
BatchRecord batch_record_from_json(const nlohmann::ordered_json& j, const std::string& source);

struct ErrorRecord {
  size_t index = 0;
  std::string case_id, stage, code, message;
};
nlohmann::ordered_json error_record_to_json(const ErrorRecord& e);
ErrorRecord error_record_from_json(const nlohmann::ordered_json& j, const std::string& source);

// What a kept case JSON must agree with: the case id, the inputs (role -> path, as the run
// would pass them), the parameters block and the flag model source. Returns "" when the
// document can be kept, else why not (for the log).
struct CaseExpectation {
  std::string case_id;
  std::vector<std::pair<std::string, std::string>> inputs;  // role, path
  nlohmann::ordered_json parameters;
  std::string model_source;
};
std::string case_document_mismatch(const nlohmann::ordered_json& doc, const CaseExpectation& want);

// The merge of shard directories: which directory holds each case, in manifest order.
struct MergeItem {
  size_t index = 0;
  size_t shard = 0;  // into the list of records
  BatchCase c;
};
struct MergePlan {
  std::vector<MergeItem> items;          // every case found, by manifest row
  std::vector<size_t> missing;           // manifest rows no shard covers
  std::vector<std::string> extra_columns;
  nlohmann::ordered_json analysis;
  std::string manifest_path, manifest_sha256;
  size_t manifest_rows = 0;
};
// Throws Error(kInputInvalid) naming the directories when the shards come from different
// manifests (SHA-256), different analysis parameters or models, or when a row appears in two
// of them (listing up to five).
MergePlan plan_merge(const std::vector<BatchRecord>& shards, const std::vector<std::string>& dirs);

}  // namespace rimscan::batch
