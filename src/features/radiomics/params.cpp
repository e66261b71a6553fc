// RadiomicsParams checks and the binning of an ROI.
#include <cmath>

#include "rimscan/error.h"
#include "rimscan/features/radiomics/features.h"
#include "rimscan/features/radiomics/params.h"
#include "rimscan/features/radiomics/roi.h"

namespace rimscan::radiomics {

bool RadiomicsParams::class_enabled(const std::string& cls) const {
  if (feature_classes.empty()) {
    for (const auto& c : default_classes())
      if (c == cls) return true;
    return false;
  }
  return feature_classes.count(cls) > 0;
}

void RadiomicsParams::validate() const {
  auto bad = [](const std::string& m) { throw Error(ErrorCode::kUsage, m); };
  if (label <= 0) bad("label must be > 0 (got " + std::to_string(label) + ")");
  if (bin_count) {
    if (*bin_count <= 0) bad("binCount must be > 0");
  } else if (!bin_width || !(*bin_width > 0) || !std::isfinite(*bin_width)) {
    bad("binWidth must be > 0");
  }
  if (!(normalize_scale > 0)) bad("normalizeScale must be > 0");
  if (remove_outliers && !(*remove_outliers > 0)) bad("removeOutliers must be > 0");
  if (distances.empty()) bad("distances must list at least one distance");
  for (int d : distances)
    if (d <= 0) bad("distances must be > 0 (got " + std::to_string(d) + ")");
  if (force2d_dimension < 0 || force2d_dimension > 2) bad("force2Ddimension must be 0, 1 or 2");
  if (!resampled_spacing.empty()) {
    if (resampled_spacing.size() != 3) bad("resampledPixelSpacing needs 3 values (x, y, z)");
    for (double s : resampled_spacing)
      if (s < 0) bad("resampledPixelSpacing values must be >= 0");
  }
  if (resegment_range.size() > 2) bad("resegmentRange takes 1 or 2 values");
  if (resegment_range.size() == 2 && resegment_range[0] > resegment_range[1])
    bad("resegmentRange lower bound exceeds the upper bound");
  if (minimum_roi_dimensions < 1 || minimum_roi_dimensions > 3) bad("minimumROIDimensions must be 1, 2 or 3");
  if (gldm_a < 0) bad("gldm_a must be >= 0");
  if (pad_distance < 0) bad("padDistance must be >= 0");
  if (!weighting_norm.empty() && weighting_norm != "manhattan" && weighting_norm != "euclidean" &&
      weighting_norm != "infinity" && weighting_norm != "no_weighting")
    bad("weightingNorm must be manhattan, euclidean, infinity, no_weighting or empty (got '" + weighting_norm + "')");
  for (const auto& [cls, names] : feature_classes) {
    const ClassCatalogue& c = catalogue(cls);
    for (const auto& n : names) {
      bool found = false;
      for (const auto& a : c.all) found = found || a == n;
      if (!found) bad("unknown feature '" + n + "' in feature class '" + cls + "'");
    }
  }
}

BinSpec make_bin_spec(const BinningRule& rule, double roi_min, double roi_max) {
  BinSpec s;
  s.min = roi_min;
  s.max = roi_max;
  if (rule.fixed_count) {
    s.fixed_count = true;
    s.count = rule.count;
    return s;
  }
  s.width = rule.width;
  if (rule.alignment == BinAlignment::kIbsi) {
    s.low = rule.has_lower_bound ? rule.lower_bound : roi_min;
  } else {
    // Python's float modulo: the remainder takes the sign of the divisor.
    double r = std::fmod(roi_min, rule.width);
    if (r != 0 && ((r < 0) != (rule.width < 0))) r += rule.width;
    s.low = roi_min - r;
  }
  return s;
}

}  // namespace rimscan::radiomics
