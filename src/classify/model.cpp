#include "rimscan/classify/model.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "rimscan/error.h"
#include "rimscan/pipeline/result_json.h"

namespace rimscan::classify {

using json = nlohmann::ordered_json;

namespace {

[[noreturn]] void bad(const std::string& source, const std::string& what) {
  throw Error(ErrorCode::kInputInvalid, source + ": invalid model: " + what);
}

std::vector<double> numbers(const json& j, const char* key, const std::string& where, const std::string& source) {
  if (!j.contains(key) || !j[key].is_array()) bad(source, where + "." + key + " must be an array of numbers");
  std::vector<double> out;
  for (const auto& v : j[key]) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) bad(source, where + "." + key + " holds a non-finite value");
    out.push_back(v.get<double>());
  }
  return out;
}

double number(const json& j, const char* key, const std::string& where, const std::string& source) {
  if (!j.contains(key) || !j[key].is_number() || !std::isfinite(j[key].get<double>()))
    bad(source, where + "." + key + " must be a finite number");
  return j[key].get<double>();
}

}  // namespace

const FlagModel* Model::find(const std::string& flag) const {
  for (const auto& f : flags)
    if (f.flag == flag) return &f;
  return nullptr;
}

Model model_from_json(const json& doc, const std::string& source) {
  if (!doc.is_object() || doc.value("schema", "") != kModelSchemaName)
    bad(source, std::string("\"schema\" must be \"") + kModelSchemaName + "\"");
  if (!doc.contains("flags") || !doc["flags"].is_object()) bad(source, "\"flags\" must be an object");
  Model m;
  m.description = doc.value("description", "");
  for (auto it = doc["flags"].begin(); it != doc["flags"].end(); ++it) {
    const std::string where = "flags." + it.key();
    const json& f = it.value();
    FlagModel fm;
    fm.flag = it.key();
    if (!f.contains("features") || !f["features"].is_array() || f["features"].empty())
      bad(source, where + ".features must be a non-empty array of dot-paths");
    for (const auto& s : f["features"]) {
      if (!s.is_string()) bad(source, where + ".features must hold strings");
      fm.features.push_back(s.get<std::string>());
    }
    fm.mean = numbers(f, "mean", where, source);
    fm.scale = numbers(f, "scale", where, source);
    fm.weights = numbers(f, "weights", where, source);
    const size_t k = fm.features.size();
    if (fm.mean.size() != k || fm.scale.size() != k || fm.weights.size() != k)
      bad(source, where + ": features, mean, scale and weights must have the same length");
    for (double s : fm.scale)
      if (!(s > 0)) bad(source, where + ".scale must be positive");
    fm.intercept = number(f, "intercept", where, source);
    fm.threshold = number(f, "threshold", where, source);
    const json band = f.value("indeterminate_band", json::array({fm.threshold, fm.threshold}));
    if (!band.is_array() || band.size() != 2 || !band[0].is_number() || !band[1].is_number())
      bad(source, where + ".indeterminate_band must be [low, high]");
    fm.indeterminate_low = band[0].get<double>();
    fm.indeterminate_high = band[1].get<double>();
    if (!(fm.threshold > 0 && fm.threshold < 1)) bad(source, where + ".threshold must lie in (0, 1)");
    if (!(fm.indeterminate_low <= fm.threshold && fm.threshold <= fm.indeterminate_high))
      bad(source, where + ".indeterminate_band must contain the threshold");
    fm.caveat = f.value("caveat", "");
    fm.provenance = f.value("provenance", json::object());
    m.flags.push_back(std::move(fm));
  }
  if (m.flags.empty()) bad(source, "no flag models");
  return m;
}

json model_to_json(const Model& m) {
  json doc;
  doc["schema"] = kModelSchemaName;
  doc["schema_version"] = kModelSchemaVersion;
  doc["description"] = m.description;
  json flags = json::object();
  for (const auto& f : m.flags) {
    json j;
    j["features"] = f.features;
    j["mean"] = f.mean;
    j["scale"] = f.scale;
    j["weights"] = f.weights;
    j["intercept"] = f.intercept;
    j["threshold"] = f.threshold;
    j["indeterminate_band"] = {f.indeterminate_low, f.indeterminate_high};
    j["caveat"] = f.caveat;
    j["provenance"] = f.provenance;
    flags[f.flag] = j;
  }
  doc["flags"] = flags;
  return doc;
}

Model load_model(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::kInputMissing, path + ": cannot open model file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const std::exception& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    throw Error(ErrorCode::kInputCorrupt, path + ": not valid JSON (" + msg + ")");
  }
  return model_from_json(doc, path);
}

std::string call_for(const FlagModel& m, double p) {
  if (p >= m.indeterminate_low && p < m.indeterminate_high) return "indeterminate";
  return p >= m.threshold ? "positive" : "negative";
}

FlagResult evaluate(const FlagModel& m, const json& case_doc) {
  FlagResult r;
  r.flag = m.flag;
  r.caveat = m.caveat;
  double z = m.intercept;
  for (size_t i = 0; i < m.features.size(); ++i) {
    const json* v = json_at_path(case_doc, m.features[i]);
    double x = m.mean[i];
    if (v && v->is_number()) {
      x = v->get<double>();
    } else if (v && v->is_boolean()) {
      x = v->get<bool>() ? 1.0 : 0.0;
    } else {
      r.missing_features.push_back(m.features[i]);
    }
    const double c = m.weights[i] * (x - m.mean[i]) / m.scale[i];
    z += c;
    r.top.push_back({m.features[i], x, c});
  }
  r.probability = 1.0 / (1.0 + std::exp(-z));
  r.call = call_for(m, r.probability);
  std::stable_sort(r.top.begin(), r.top.end(),
                   [](const Contribution& a, const Contribution& b) { return std::fabs(a.contribution) > std::fabs(b.contribution); });
  if (r.top.size() > 3) r.top.resize(3);
  return r;
}

json flag_to_json(const FlagResult& r) {
  json j;
  j["probability"] = r.probability;
  j["call"] = r.call;
  j["top_features"] = json::array();
  for (const auto& c : r.top) j["top_features"].push_back({{"feature", c.feature}, {"value", c.value}, {"contribution", c.contribution}});
  j["missing_features"] = r.missing_features;
  if (!r.caveat.empty()) j["caveat"] = r.caveat;
  return j;
}

}  // namespace rimscan::classify
