#pragma once
// Settings of a radiomics extraction: pyradiomics' setting keys (same names, same defaults) plus
// the convention switches where IBSI and pyradiomics differ (docs/radiomics.md#conventions).
// Parsed from YAML/JSON parameter files by src/config/radiomics_params_file.cpp; the core only
// sees this struct.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rimscan::radiomics {

// How texture matrices are aggregated (IBSI section 3.6.2). pyradiomics' default (features per
// direction, averaged) is kAveraged; its weightingNorm "no_weighting" is kMerged.
enum class Aggregation { kAveraged, kMerged };

// Where the lower edge of the first fixed-width bin lies.
enum class BinAlignment {
  kPyradiomics,  // floor(min / binWidth) * binWidth: bins aligned on multiples of binWidth
  kIbsi,         // the ROI minimum (or the lower resegmentation bound): IBSI 3.4.2
};

enum class ResegmentMode { kAbsolute, kRelative, kSigma };

// The feature classes; names as pyradiomics' (plus IBSI-only ones).
inline const std::vector<std::string>& feature_class_names() {
  static const std::vector<std::string> names = {"firstorder", "shape", "glcm", "glrlm", "glszm", "gldm",
                                                 "ngtdm",      "ih",    "ivh"};
  return names;
}

struct RadiomicsParams {
  // --- pyradiomics settings (names in comments) ---------------------------------------------
  int label = 1;                           // label
  std::optional<double> bin_width = 25.0;  // binWidth (ignored when bin_count is set)
  std::optional<int> bin_count;            // binCount
  std::vector<double> resampled_spacing;   // resampledPixelSpacing (empty = no resampling)
  std::string interpolator = "sitkBSpline";  // interpolator
  int pad_distance = 5;                    // padDistance (voxels around the ROI kept when resampling)
  bool normalize = false;                  // normalize
  double normalize_scale = 1.0;            // normalizeScale
  std::optional<double> remove_outliers;   // removeOutliers
  double voxel_array_shift = 0.0;          // voxelArrayShift
  std::vector<int> distances = {1};        // distances
  bool force2d = false;                    // force2D
  int force2d_dimension = 0;               // force2Ddimension (0 = z, 1 = y, 2 = x: numpy order)
  std::vector<double> resegment_range;     // resegmentRange (1 or 2 values)
  ResegmentMode resegment_mode = ResegmentMode::kAbsolute;  // resegmentMode
  bool resegment_shape = false;            // resegmentShape
  int minimum_roi_dimensions = 2;          // minimumROIDimensions
  std::optional<int> minimum_roi_size;     // minimumROISize
  bool symmetrical_glcm = true;            // symmetricalGLCM
  std::string weighting_norm;              // weightingNorm ("" = None)
  int gldm_a = 0;                          // gldm_a
  bool additional_info = true;             // additionalInfo (diagnostics block)
  double geometry_tolerance = 1e-3;        // geometryTolerance (mm)
  bool correct_mask = false;               // correctMask
  bool pre_crop = false;                   // preCrop (accepted, no effect: rimscan always crops)
  // Set by the caller once image and mask were resampled to resampled_spacing
  // (io::resample_for_radiomics, ITK adapter); the core itself does not resample.
  bool input_resampled = false;

  // --- conventions where IBSI and pyradiomics differ (rimscan section of the parameter file) ---
  BinAlignment bin_alignment = BinAlignment::kPyradiomics;
  bool excess_kurtosis = false;  // IBSI reports kurtosis - 3; pyradiomics the plain kurtosis
  // IBSI texture distances: offsets d * (13 unit directions); pyradiomics: every offset whose
  // Chebyshev norm is d (49 for d = 2). Identical for d = 1.
  bool ibsi_distance_offsets = false;
  // PCA axis lengths: IBSI uses the sample covariance (n - 1), pyradiomics the population one.
  bool sample_covariance = false;

  // --- what to compute -----------------------------------------------------------------------
  // Feature class -> enabled feature names (empty set = all default features of the class).
  // Empty map = pyradiomics' default (every class, default features).
  std::map<std::string, std::set<std::string>> feature_classes;

  // Aggregation implied by weightingNorm.
  Aggregation aggregation() const { return weighting_norm.empty() ? Aggregation::kAveraged : Aggregation::kMerged; }
  bool class_enabled(const std::string& cls) const;
  // The default pyradiomics classes when nothing is given.
  static std::vector<std::string> default_classes() {
    return {"firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"};
  }
  // Throws Error(kUsage) naming the problem when settings contradict each other or are out of
  // range (binWidth <= 0, unknown weightingNorm, ...).
  void validate() const;
};

}  // namespace rimscan::radiomics
