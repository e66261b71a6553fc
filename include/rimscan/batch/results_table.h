#pragma once
// results.csv and errors.csv of a batch (docs/output.md, "Batch outputs").
//
// results.csv: one row per finished case, in manifest order. Columns:
//   case_id, pce_probability, pce_call, lmd_probability, lmd_call,
//   every scalar under `summary`, `leptomeningeal` and `qc` of the case JSON, named by its JSON
//   dot-path ("summary.index_core_fraction", "leptomeningeal.burden_by_region.left"), in the
//   order of the case document (arrays such as qc.warnings are not columns),
//   then, with --radiomics, each lesion's features as lesions.<k>.radiomics.features.<name>
//   (k = the lesions array index = id - 1), lesion by lesion,
//   then the manifest's carried columns in header order.
// Values: numbers as the JSON writes them (shortest text that reads back to the same double),
// true/false, strings as they are, null and absent values as an empty field. The metric
// columns are the union over the rows, in order of first appearance in manifest order, so the
// file is the same whatever the completion order, --jobs or sharding.
//
// errors.csv: case_id, stage, code, message; one row per failed case, in manifest order.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rimscan::batch {

using Cells = std::vector<std::pair<std::string, std::string>>;  // (column, value)

// The five flag columns, in order.
const std::vector<std::string>& flag_columns();
// The object names under which metric columns are taken, in order.
const std::vector<std::string>& metric_sections();

// The flag and metric cells of one case document (flag columns first).
Cells flatten_case_document(const nlohmann::ordered_json& doc);

// Text of a scalar JSON value as a CSV cell.
std::string cell_text(const nlohmann::ordered_json& v);

struct ResultRow {
  std::string case_id;
  Cells cells;                     // from flatten_case_document
  std::vector<std::string> extra;  // values of the carried columns
};

struct ErrorRow {
  std::string case_id, stage, code, message;
};

// True when a carried manifest column would collide with a results column name.
bool clashes_with_results_column(const std::string& column);

std::string results_csv(const std::vector<ResultRow>& rows, const std::vector<std::string>& extra_columns);
std::string errors_csv(const std::vector<ErrorRow>& rows);

}  // namespace rimscan::batch
