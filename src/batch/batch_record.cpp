#include "rimscan/batch/batch_record.h"

#include <algorithm>
#include <map>

#include "rimscan/error.h"
#include "rimscan/version.h"

namespace rimscan::batch {

using json = nlohmann::ordered_json;

namespace {

const json& need(const json& j, const char* key, const std::string& source) {
  auto it = j.find(key);
  if (it == j.end()) throw Error(ErrorCode::kInputInvalid, source + ": no '" + key + "'");
  return *it;
}

template <class T>
T get(const json& j, const char* key, const std::string& source) {
  try {
    return need(j, key, source).get<T>();
  } catch (const json::exception&) {
    throw Error(ErrorCode::kInputInvalid, source + ": '" + key + "' has the wrong type");
  }
}

}  // namespace

json batch_record_to_json(const BatchRecord& r) {
  json j;
  j["schema"] = kBatchSchemaName;
  j["schema_version"] = kBatchSchemaVersion;
  j["tool"] = {{"name", "rimscan"}, {"version", kVersion}};
  j["manifest"] = {{"path", r.manifest_path},
                   {"sha256", r.manifest_sha256},
                   {"rows", r.manifest_rows},
                   {"extra_columns", r.extra_columns}};
  j["shard"] = r.shard;
  j["layout"] = r.layout;
  j["analysis"] = r.analysis;
  json cases = json::array();
  for (const BatchCase& c : r.cases)
    cases.push_back({{"index", c.index}, {"case_id", c.case_id}, {"json", c.json}, {"error", c.error}, {"extra", c.extra}});
  j["cases"] = cases;
  return j;
}

BatchRecord batch_record_from_json(const json& j, const std::string& source) {
  if (!j.is_object() || j.value("schema", std::string()) != kBatchSchemaName)
    throw Error(ErrorCode::kInputInvalid, source + ": not a rimscan batch record (schema '" +
                                              std::string(kBatchSchemaName) + "')");
  BatchRecord r;
  const json& m = need(j, "manifest", source);
  r.manifest_path = get<std::string>(m, "path", source);
  r.manifest_sha256 = get<std::string>(m, "sha256", source);
  r.manifest_rows = get<size_t>(m, "rows", source);
  r.extra_columns = get<std::vector<std::string>>(m, "extra_columns", source);
  r.shard = get<std::string>(j, "shard", source);
  r.layout = get<std::string>(j, "layout", source);
  r.analysis = need(j, "analysis", source);
  for (const json& c : need(j, "cases", source)) {
    BatchCase bc;
    bc.index = get<size_t>(c, "index", source);
    bc.case_id = get<std::string>(c, "case_id", source);
    bc.json = get<std::string>(c, "json", source);
    bc.error = get<std::string>(c, "error", source);
    bc.extra = get<std::vector<std::string>>(c, "extra", source);
    if (bc.index >= r.manifest_rows)
      throw Error(ErrorCode::kInputInvalid, source + ": case row " + std::to_string(bc.index) +
                                                " is outside the manifest's " + std::to_string(r.manifest_rows) +
                                                " rows");
    r.cases.push_back(std::move(bc));
  }
  return r;
}

json error_record_to_json(const ErrorRecord& e) {
  return {{"schema", kErrorSchemaName}, {"case_id", e.case_id}, {"index", e.index},
          {"stage", e.stage},           {"code", e.code},       {"message", e.message}};
}

ErrorRecord error_record_from_json(const json& j, const std::string& source) {
  if (!j.is_object() || j.value("schema", std::string()) != kErrorSchemaName)
    throw Error(ErrorCode::kInputInvalid, source + ": not a rimscan case error record");
  ErrorRecord e;
  e.case_id = get<std::string>(j, "case_id", source);
  e.index = get<size_t>(j, "index", source);
  e.stage = get<std::string>(j, "stage", source);
  e.code = get<std::string>(j, "code", source);
  e.message = get<std::string>(j, "message", source);
  return e;
}

std::string case_document_mismatch(const json& doc, const CaseExpectation& want) {
  if (!doc.is_object() || doc.value("schema", std::string()) != "rimscan-case") return "not a rimscan case document";
  if (doc.value("case_id", std::string()) != want.case_id) return "written for another case id";
  const json* inputs = doc.contains("inputs") ? &doc["inputs"] : nullptr;
  if (!inputs || !inputs->is_object() || inputs->size() != want.inputs.size()) return "other inputs";
  for (const auto& [role, path] : want.inputs) {
    auto it = inputs->find(role);
    if (it == inputs->end() || !it->is_object() || it->value("path", std::string()) != path) return "other inputs";
  }
  if (!doc.contains("parameters") || doc["parameters"] != want.parameters) return "other analysis parameters";
  const json* model = nullptr;
  if (doc.contains("flags") && doc["flags"].is_object() && doc["flags"].contains("model")) model = &doc["flags"]["model"];
  if (!model || !model->is_object() || model->value("source", std::string()) != want.model_source)
    return "another flag model";
  if (!doc.contains("run")) return "incomplete (no run block)";
  return "";
}

MergePlan plan_merge(const std::vector<BatchRecord>& shards, const std::vector<std::string>& dirs) {
  if (shards.empty()) throw Error(ErrorCode::kUsage, "merge: no shard directory given");
  MergePlan p;
  const BatchRecord& first = shards[0];
  p.manifest_path = first.manifest_path;
  p.manifest_sha256 = first.manifest_sha256;
  p.manifest_rows = first.manifest_rows;
  p.extra_columns = first.extra_columns;
  p.analysis = first.analysis;
  for (size_t s = 1; s < shards.size(); ++s) {
    const BatchRecord& r = shards[s];
    if (r.manifest_sha256 != first.manifest_sha256 || r.manifest_rows != first.manifest_rows)
      throw Error(ErrorCode::kInputInvalid, "merge: " + dirs[s] + " and " + dirs[0] +
                                                " come from different manifests (SHA-256 " +
                                                r.manifest_sha256.substr(0, 12) + "... vs " +
                                                first.manifest_sha256.substr(0, 12) + "...)");
    if (r.analysis != first.analysis)
      throw Error(ErrorCode::kInputInvalid, "merge: " + dirs[s] + " and " + dirs[0] +
                                                " were run with different analysis parameters or flag models");
  }
  std::map<size_t, MergeItem> by_index;
  std::vector<std::string> dups;
  for (size_t s = 0; s < shards.size(); ++s) {
    for (const BatchCase& c : shards[s].cases) {
      auto [it, fresh] = by_index.emplace(c.index, MergeItem{c.index, s, c});
      if (!fresh && dups.size() < 5)
        dups.push_back("row " + std::to_string(c.index) + " ('" + c.case_id + "') in " + dirs[it->second.shard] +
                       " and " + dirs[s]);
      else if (!fresh)
        dups.push_back("");
    }
  }
  if (!dups.empty()) {
    std::string msg = "merge: " + std::to_string(dups.size()) + " case(s) appear in two shard directories: ";
    for (size_t i = 0; i < dups.size() && i < 5; ++i) msg += (i ? "; " : "") + dups[i];
    throw Error(ErrorCode::kInputInvalid, msg);
  }
  for (size_t i = 0; i < p.manifest_rows; ++i)
    if (!by_index.count(i)) p.missing.push_back(i);
  for (auto& [index, item] : by_index) p.items.push_back(std::move(item));
  return p;
}

}  // namespace rimscan::batch
