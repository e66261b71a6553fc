#pragma once
// Feature formulas of each class, evaluated on the host in double from what the backend computed
// (roi.h). One source file per class in src/features/radiomics/. Names are pyradiomics' feature
// names (without the "original_<class>_" prefix); IBSI-only features use the names of the
// IBSI feature-name map (docs/radiomics.md lists both with the IBSI codes).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "rimscan/features/radiomics/params.h"
#include "rimscan/features/radiomics/roi.h"

namespace rimscan::radiomics {

// An ordered list of (feature name, value) of one class.
using ClassValues = std::vector<std::pair<std::string, double>>;

// The features of a class: every name it can produce, and which are on by default (pyradiomics'
// non-deprecated set); the others are computed only when named in the parameter file.
struct ClassCatalogue {
  std::vector<std::string> all;
  std::set<std::string> defaults;
};
const ClassCatalogue& catalogue(const std::string& cls);

ClassValues firstorder_features(const FirstOrderStats& st, const std::vector<int64_t>& level_hist,
                                double voxel_volume_mm3, const RadiomicsParams& p);
// IBSI intensity histogram (on grey levels) and intensity-volume histogram features.
ClassValues intensity_histogram_features(const std::vector<int64_t>& level_hist, const RadiomicsParams& p);
ClassValues intensity_volume_features(const std::vector<int64_t>& level_hist);

// Per-direction weights of merged co-occurrence / run matrices (pyradiomics' weightingNorm).
std::vector<double> direction_weights(const std::vector<Offset>& offsets, Vec3 spacing, const std::string& norm);

ClassValues glcm_features(const TextureMatrices& m, const std::vector<double>& weights, const RadiomicsParams& p);
ClassValues glrlm_features(const TextureMatrices& m, const std::vector<double>& weights, const RadiomicsParams& p);
ClassValues glszm_features(const TextureMatrices& m);
ClassValues gldm_features(const TextureMatrices& m);
ClassValues ngtdm_features(const TextureMatrices& m);

// Morphology from the (unresegmented) mask crop and the intensities of the ROI.
struct ShapeInput {
  Size3 size{0, 0, 0};
  Vec3 spacing{1, 1, 1};
  const uint8_t* mask = nullptr;   // morphological mask (crop)
  const float* values = nullptr;   // intensities (crop), for the IBSI intensity-weighted features
  const uint8_t* roi = nullptr;    // intensity mask (crop), same as mask unless resegmented
  bool with_diameters = true;
  bool sample_covariance = false;  // PCA with n - 1 (IBSI) instead of n (pyradiomics)
};
ClassValues shape_features(const ShapeInput& in);

// Symmetric-matrix helpers used by the formulas (exposed for unit tests).
// Eigenvalues of a symmetric n x n matrix (row-major), ascending.
std::vector<double> symmetric_eigenvalues(std::vector<double> a, int n);

}  // namespace rimscan::radiomics
