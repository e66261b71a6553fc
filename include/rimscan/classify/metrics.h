#pragma once
// Evaluation of a binary flag against reference labels (docs/validation.md gives the
// definitions): AUC with a bootstrap confidence interval, ROC points, the confusion matrix of
// the three-way calls, sensitivity / specificity / PPV / NPV with Wilson intervals, Cohen's kappa,
// the Brier score and a calibration table. Everything is deterministic (the bootstrap uses its
// own counter-based generator, not <random>, so results match on every platform).
#include <cstdint>
#include <string>
#include <vector>

namespace rimscan::classify {

// AUC = P(score of a random positive > score of a random negative) + 0.5 P(tie), the
// Mann-Whitney U statistic / (n_pos n_neg), computed from mid-ranks. NaN when either class is
// empty. Throws Error(kInputInvalid) on a label other than 0/1, a NaN score or a size mismatch.
double auc(const std::vector<double>& score, const std::vector<int>& y);

struct Interval {
  double lo = 0, hi = 0;
};

// Percentile bootstrap interval of the AUC: `resamples` stratified resamples (positives and
// negatives drawn with replacement separately, keeping both class sizes, as pROC does), the
// (1-level)/2 and (1+level)/2 quantiles of the resampled AUCs with linear interpolation between
// order statistics (Hyndman-Fan type 7). Deterministic for a given seed. NaN bounds when a class
// is empty.
Interval bootstrap_auc_ci(const std::vector<double>& score, const std::vector<int>& y, int resamples = 2000,
                          uint64_t seed = 20260101, double level = 0.95);

// One ROC operating point: calling positive when score >= threshold gives (fpr, tpr). The curve
// starts at (0, 0) with threshold +inf and steps through every distinct score in decreasing
// order to (1, 1); tied scores move diagonally.
struct RocPoint {
  double threshold = 0, fpr = 0, tpr = 0;
};
std::vector<RocPoint> roc_curve(const std::vector<double>& score, const std::vector<int>& y);

// The Youden-optimal cut on `score`: of the midpoints (in log-odds) between consecutive distinct
// scores, the one maximising J = sensitivity + specificity - 1 for "positive when score >= cut";
// ties go to the cut nearest 0.5 in log-odds. Scores are probabilities in [0, 1]. NaN when a
// class is empty.
double youden_threshold(const std::vector<double>& probability, const std::vector<int>& y);

enum class Call { kNegative, kPositive, kIndeterminate };
// "positive", "negative", "indeterminate"; throws Error(kInputInvalid) otherwise.
Call parse_call(const std::string& text);

// The 2x2 table of determinate calls against the truth, with indeterminate calls counted apart.
struct CallCounts {
  int64_t tp = 0, fp = 0, tn = 0, fn = 0;
  int64_t indeterminate_pos = 0, indeterminate_neg = 0;  // by true class
};
CallCounts count_calls(const std::vector<Call>& calls, const std::vector<int>& y);

// k / n with a Wilson score interval (z = 1.959964). value and bounds NaN when n == 0.
struct Proportion {
  int64_t k = 0, n = 0;
  double value = 0;
  Interval ci;
};
Proportion proportion(int64_t k, int64_t n);

struct Diagnostics {
  Proportion sensitivity, specificity, ppv, npv;  // over determinate calls only
  double kappa = 0;  // Cohen's kappa of determinate calls vs truth
};
Diagnostics diagnostics(const CallCounts& c);

// Cohen's kappa of a 2x2 agreement table (a: both positive, b: rater 1 positive / rater 2
// negative, c: rater 1 negative / rater 2 positive, d: both negative):
// (p_o - p_e) / (1 - p_e). NaN when the table is empty or p_e == 1 (both raters use one
// category only: kappa is undefined).
double cohens_kappa(int64_t a, int64_t b, int64_t c, int64_t d);

// mean (p_i - y_i)^2. NaN for no cases.
double brier_score(const std::vector<double>& probability, const std::vector<int>& y);

// Reliability table: `bins` equal-width probability bins [j/bins, (j+1)/bins), the last one
// closed at 1 (bin = min(floor(p * bins), bins - 1)); per bin the count, mean predicted
// probability and observed positive rate (NaN when the bin is empty).
struct CalibrationBin {
  double lo = 0, hi = 0;
  int64_t n = 0, positives = 0;
  double mean_predicted = 0, observed_rate = 0;
};
std::vector<CalibrationBin> calibration_table(const std::vector<double>& probability, const std::vector<int>& y,
                                              int bins = 10);

}  // namespace rimscan::classify
