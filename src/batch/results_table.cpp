#include "rimscan/batch/results_table.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "rimscan/batch/csv.h"

namespace rimscan::batch {

using json = nlohmann::ordered_json;

const std::vector<std::string>& flag_columns() {
  static const std::vector<std::string> c = {"pce_probability", "pce_call", "lmd_probability", "lmd_call"};
  return c;
}

const std::vector<std::string>& metric_sections() {
  static const std::vector<std::string> s = {"summary", "leptomeningeal", "qc"};
  return s;
}

std::string cell_text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  // A non-finite double (never written by the case writer, which stores null) reads as empty,
  // as it would after a round trip through the JSON file.
  if (v.is_number_float() && !std::isfinite(v.get<double>())) return "";
  if (v.is_number()) return v.dump();
  return "";
}

namespace {

void flatten(const json& node, const std::string& path, Cells& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) flatten(it.value(), path + "." + it.key(), out);
  } else if (!node.is_array()) {
    out.emplace_back(path, cell_text(node));
  }
}

}  // namespace

Cells flatten_case_document(const json& doc) {
  Cells out;
  const json* flags = doc.contains("flags") ? &doc["flags"] : nullptr;
  for (const char* flag : {"pce", "lmd"}) {
    const json* f = flags && flags->is_object() && flags->contains(flag) ? &(*flags)[flag] : nullptr;
    const bool ok = f && f->is_object();
    out.emplace_back(std::string(flag) + "_probability", ok && f->contains("probability") ? cell_text((*f)["probability"]) : "");
    out.emplace_back(std::string(flag) + "_call", ok && f->contains("call") ? cell_text((*f)["call"]) : "");
  }
  for (const std::string& section : metric_sections()) {
    auto it = doc.find(section);
    if (it != doc.end() && it->is_object()) flatten(*it, section, out);
  }
  // Per-lesion radiomics (extract/batch --radiomics): lesions.<k>.radiomics.features.<name>,
  // k the array index (= lesion id - 1), the same dot-paths train/validate read.
  auto lesions = doc.find("lesions");
  if (lesions != doc.end() && lesions->is_array()) {
    for (size_t k = 0; k < lesions->size(); ++k) {
      const json& l = (*lesions)[k];
      if (!l.is_object() || !l.contains("radiomics") || !l["radiomics"].is_object()) continue;
      auto f = l["radiomics"].find("features");
      if (f != l["radiomics"].end() && f->is_object())
        flatten(*f, "lesions." + std::to_string(k) + ".radiomics.features", out);
    }
  }
  return out;
}

bool clashes_with_results_column(const std::string& column) {
  if (column == "case_id") return true;
  for (const std::string& c : flag_columns())
    if (column == c) return true;
  for (const std::string& s : metric_sections())
    if (column.compare(0, s.size() + 1, s + ".") == 0) return true;
  return column.compare(0, 8, "lesions.") == 0;  // per-lesion radiomics columns
}

std::string results_csv(const std::vector<ResultRow>& rows, const std::vector<std::string>& extra_columns) {
  std::vector<std::string> columns = {"case_id"};
  std::unordered_set<std::string> seen(columns.begin(), columns.end());
  for (const std::string& c : flag_columns()) {
    columns.push_back(c);
    seen.insert(c);
  }
  for (const ResultRow& r : rows)
    for (const auto& [name, value] : r.cells)
      if (seen.insert(name).second) columns.push_back(name);
  const size_t n_metric = columns.size();
  std::vector<std::string> header = columns;
  header.insert(header.end(), extra_columns.begin(), extra_columns.end());

  std::string out = csv_line(header);
  std::vector<std::string> line(header.size());
  std::unordered_map<std::string, size_t> col_index;
  for (size_t c = 0; c < n_metric; ++c) col_index.emplace(columns[c], c);
  for (const ResultRow& r : rows) {
    std::fill(line.begin(), line.end(), std::string());
    line[0] = r.case_id;
    for (const auto& [name, value] : r.cells) line[col_index.at(name)] = value;
    for (size_t e = 0; e < extra_columns.size() && e < r.extra.size(); ++e) line[n_metric + e] = r.extra[e];
    out += csv_line(line);
  }
  return out;
}

std::string errors_csv(const std::vector<ErrorRow>& rows) {
  std::string out = csv_line({"case_id", "stage", "code", "message"});
  for (const ErrorRow& e : rows) out += csv_line({e.case_id, e.stage, e.code, e.message});
  return out;
}

}  // namespace rimscan::batch
