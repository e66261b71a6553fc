#pragma once
// The flag classifier: one logistic model per flag (pCE, LMD) stored in a JSON model file
// (docs/model.md): feature names (JSON dot-paths into the case document), standardisation,
// weights, intercept, decision threshold, an indeterminate band, and training provenance.
// A default model is compiled into the binary (models/default_model.json).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rimscan::classify {

inline constexpr const char* kModelSchemaName = "rimscan-model";
inline constexpr const char* kModelSchemaVersion = "1.0";

struct FlagModel {
  std::string flag;                   // "pce" or "lmd"
  std::vector<std::string> features;  // JSON dot-paths into the case document
  std::vector<double> mean, scale;    // standardisation: z = (x - mean) / scale
  std::vector<double> weights;        // on the standardised features
  double intercept = 0;
  double threshold = 0.5;             // positive when p >= threshold (outside the band)
  double indeterminate_low = 0.5;     // p in [low, high) is "indeterminate"
  double indeterminate_high = 0.5;
  std::string caveat;                 // carried into every flag result (LMD: CSF caveat)
  nlohmann::ordered_json provenance;  // training set, date, tool version, CV report
};

struct Model {
  std::vector<FlagModel> flags;
  std::string description;
  const FlagModel* find(const std::string& flag) const;
};

// Parses and validates a model document; throws Error(kInputInvalid) naming `source` and the
// problem (missing key, length mismatch, non-finite value, zero scale, band not around the
// threshold).
Model model_from_json(const nlohmann::ordered_json& doc, const std::string& source);
nlohmann::ordered_json model_to_json(const Model& m);
Model load_model(const std::string& path);
// The model shipped with rimscan (fitted on the phantom training set; sites should recalibrate).
const Model& default_model();

struct Contribution {
  std::string feature;
  double value = 0;         // raw feature value
  double contribution = 0;  // weight * standardised value (log-odds units)
};

struct FlagResult {
  std::string flag;
  double probability = 0;
  std::string call;  // "positive", "negative", "indeterminate"
  std::vector<Contribution> top;  // by |contribution|, largest first (at most 3)
  std::vector<std::string> missing_features;  // null in the case document: imputed at the mean
  std::string caveat;
};

// Evaluates one flag on a case document (reads features by dot-path).
FlagResult evaluate(const FlagModel& m, const nlohmann::ordered_json& case_doc);
nlohmann::ordered_json flag_to_json(const FlagResult& r);

// The call for a probability under the model's threshold and band.
std::string call_for(const FlagModel& m, double probability);

}  // namespace rimscan::classify
