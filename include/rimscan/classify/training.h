#pragma once
// Training one flag model (docs/model.md): imputation, standardisation, the IRLS fit, stratified
// k-fold cross-validation, the decision threshold and the indeterminate band, and provenance.
// Core code (no I/O): `rimscan train` reads the tables and writes the model file.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rimscan/classify/logistic.h"
#include "rimscan/classify/model.h"

namespace rimscan::classify {

// Fold (0..k-1) of each case, stratified and deterministic, independent of the row order:
// within each class the cases are ordered by a 64-bit hash of their key (FNV-1a of the case id,
// finalised with SplitMix64; ties by the key itself) and dealt round-robin to folds 0, 1, ..., k-1;
// the negatives continue the deal where the positives stopped, so every fold has
// floor or ceil(n_pos / k) positives and the fold sizes differ by at most one.
// Throws Error(kInputInvalid) when k < 2, sizes differ, or a label is not 0/1.
std::vector<int> stratified_folds(const std::vector<std::string>& keys, const std::vector<int>& y, int k);

struct TrainingData {
  std::vector<std::string> features;  // dot-paths
  std::vector<std::string> case_ids;
  Matrix x;            // n x k raw feature values, NaN = null (imputed at the training mean)
  std::vector<int> y;  // 0/1
};

struct TrainOptions {
  double lambda = 1.0;
  int folds = 5;
  // "youden": maximise Youden's J on the out-of-fold predictions; otherwise a fixed probability.
  std::string threshold_rule = "youden";
  double fixed_threshold = 0.5;
  // The indeterminate band: probabilities whose odds are within this factor of the threshold's
  // odds, i.e. logit(p) in [logit(t) - log(band_odds), logit(t) + log(band_odds)). 1 = no band.
  double band_odds = 1.5;
  // The chosen threshold is clamped to [min_threshold, 1 - min_threshold].
  double min_threshold = 0.02;
  std::string caveat;
  // Provenance fields given by the caller.
  std::string training_set;  // what the cases are (free text)
  std::string date_utc;
  std::string features_source, labels_source;  // file names
};

struct FoldReport {
  int fold = 0;
  int64_t n = 0, positives = 0;
  double auc = 0;  // NaN when the held-out fold has one class only
  double brier = 0;
};

struct CvReport {
  int folds = 0;  // folds used (k, or fewer when a class has fewer than k cases)
  std::vector<FoldReport> per_fold;
  std::vector<double> oof_probability;  // out-of-fold probability of each case
  double auc_mean = 0, auc_sd = 0;      // over folds with a defined AUC; sd with divisor (m - 1)
  double oof_auc = 0, oof_brier = 0;    // on the pooled out-of-fold predictions
};

// A fitted model (imputation and standardisation from `x`, the IRLS fit) applied to raw rows.
struct FittedModel {
  Standardisation standardisation;
  LogisticFit fit;
  double probability(const double* raw_row) const;  // NaN entries imputed at the mean
};
FittedModel fit_model(const Matrix& x, const std::vector<int>& y, const LogisticOptions& opt);

// Stratified k-fold CV; every fold's imputation means, standardisation and fit come from its
// training part only. k is reduced to the size of the smaller class when that is below k (at
// least 2 cases of each class are needed; Error(kInputInvalid) otherwise).
CvReport cross_validate(const TrainingData& d, int k, const LogisticOptions& opt);

struct TrainResult {
  FlagModel model;
  CvReport cv;
  LogisticFit fit;
  std::vector<int64_t> n_missing;  // null values per feature (imputed)
};

// Validates the data, cross-validates, chooses the threshold and band, fits on all cases and
// fills the FlagModel (weights in the standardised space, mean/scale, provenance).
TrainResult train_flag(const std::string& flag, const TrainingData& d, const TrainOptions& opt);

// The provenance block written into the model file for one flag.
nlohmann::ordered_json provenance_json(const TrainResult& r, const TrainingData& d, const TrainOptions& opt);

}  // namespace rimscan::classify
