#pragma once
// Validation plots (src/render/plots.cpp, OpenCV): the ROC curve and the calibration
// (reliability) diagram of one flag, as written by `rimscan validate`. Square images (600 px by
// default), white background, axis ticks every 0.2 with light grid lines, legends inside the
// axes; drawn at twice the size and reduced with area averaging so text and lines are smooth.
#include <string>
#include <vector>

#include "rimscan/classify/metrics.h"
#include "rimscan/render/render.h"

namespace rimscan::render {

struct RocPlotOptions {
  std::string title;       // e.g. "pCE flag: ROC"
  std::string subtitle;    // e.g. "n = 300 (112 positive)"
  double auc = 0;          // shown in the legend
  classify::Interval auc_ci{0, 0};  // shown when both bounds are finite
  // The model's operating point (drawn when finite): 1 - specificity and sensitivity of the
  // determinate calls, with its label ("threshold p >= 0.43").
  double op_fpr = -1, op_tpr = -1;
  std::string op_label;
  int size = 600;
};
// The curve through `points` (from classify::roc_curve), the chance diagonal, and the
// operating point.
RgbImage roc_plot(const std::vector<classify::RocPoint>& points, const RocPlotOptions& opt);

struct CalibrationPlotOptions {
  std::string title;     // e.g. "pCE flag: calibration"
  std::string subtitle;  // e.g. "n = 300, Brier 0.041"
  int size = 600;
};
// Observed positive rate (with a 95 % Wilson interval) against the mean predicted probability
// of each non-empty bin, the identity line, and beneath the axes a histogram of the bin counts
// with each count written above its bar.
RgbImage calibration_plot(const std::vector<classify::CalibrationBin>& bins, const CalibrationPlotOptions& opt);

}  // namespace rimscan::render
