#pragma once
// Everything the per-case analysis produces: QC figures, per-lesion rim metrics, the
// leptomeningeal metrics, the case summary, the label maps, and stage timings. Serialised by
// rimscan/pipeline/result_json.h (docs/output.md documents every key).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rimscan/image.h"

namespace rimscan {

using OptDouble = std::optional<double>;

struct LesionMetrics {
  int32_t id = 0;  // 1..n, the value of this lesion in the --lesion-ids map
  // Size.
  double volume_ml = 0;            // |L|
  double enhancing_volume_ml = 0;  // |E|
  double core_volume_ml = 0;       // |C|
  double max_diameter_mm = 0;      // largest distance between two voxel centres of L
  bool too_small_to_judge = false; // below the size gate
  Vec3 centroid_mm{0, 0, 0};       // physical (LPS) centroid of L
  std::array<int64_t, 3> bbox_min{0, 0, 0}, bbox_max{0, 0, 0};  // voxel index box of L

  // Rim-versus-homogeneous metrics (../shared/docs/rim_metrics.md, docs/metrics.md).
  double core_fraction = 0;                 // CF = |C| / |L|
  OptDouble ring_completeness;              // RC; null when C is empty
  OptDouble rim_thickness_mm;               // median_E(d_out + d_C - s_n); null when C is empty
  OptDouble rim_thickness_skeleton_mm;      // |E| / area(mid-surface of E); null when C is empty
  OptDouble rim_to_core_ratio;              // median_E(I_n) / median_C(I_n)
  std::array<OptDouble, 5> radial_profile;  // P_1 (outermost) .. P_5
  OptDouble central_to_peripheral_ratio;    // mean(P4,P5) / mean(P1,P2)
  OptDouble radial_slope;                   // least-squares slope of P_k against k
  double median_enhancing = 0;              // median_E(I_n)
  OptDouble median_core;                    // median_C(I_n)
  double heterogeneity_cov = 0;             // sd / mean of I_n over L
  double heterogeneity_iqr_median = 0;      // IQR / median of I_n over L
  OptDouble sphericity_enhancing;           // of E (mesh)
  OptDouble sphericity_whole;               // of L (mesh)
  int32_t cavities = 0;                     // connected components of C
  double ring_slice_fraction = 0;           // axial slices through L whose E encloses >= 4 mm^2
  OptDouble subtraction_confirmed_core_fraction;  // only with a pre-contrast T1
};

struct LeptomeningealMetrics {
  bool computed = false;
  double burden = 0;                 // f_LME over S \ X
  double burden_left = 0, burden_right = 0, burden_supratentorial = 0, burden_infratentorial = 0;
  double psf_left = 0, psf_right = 0, psf_supratentorial = 0, psf_infratentorial = 0;
  double pial_surface_fraction = 0;  // PSF
  int32_t regions_with_raised_psf = 0;
  int32_t n_components = 0;
  int32_t n_nodules = 0;             // LANO-style: blob-like, >= 5x5 mm, within 2 mm of the pia
  double linear_area_mm2 = 0;
  std::string eano_type = "none";    // "A" linear, "B" nodular, "C" both, "D" equivocal, "none"
  double ependymal_fraction = 0;     // EEF
  OptDouble flair_sulcal_index;      // only with FLAIR
  double dural_index_mm = 0;         // pachymeningeal; reported, never part of the LMD flag
  double region_volume_ml = 0;       // |S \ X|
  double enhancing_volume_ml = 0;
};

struct CaseQc {
  bool skull_stripped = false;       // detected or forced
  std::string skull_stripped_source; // "auto", "forced", "mask given"
  double intracranial_volume_ml = 0;
  double nawm_median_raw = 0;        // median T1c (input units) of the white-matter reference
  int64_t nawm_voxels = 0;
  double bias_field_p5 = 1, bias_field_p95 = 1;  // spread of the estimated WM reference field
  double wm_class_fraction = 0;      // fraction of the mask in the white-matter class
  int32_t candidates = 0;            // enhancing components before suppression
  int32_t removed_vessel = 0, removed_surface = 0, removed_choroid = 0, removed_small = 0;
  int64_t enhancing_voxels_in_dura_band = 0;
  int64_t enhancing_voxels_cut_as_attachments = 0;
  std::vector<std::string> warnings;
};

struct CaseSummary {
  int32_t n_lesions = 0;
  int32_t n_gated = 0;  // lesions passing the size gate
  double total_enhancing_volume_ml = 0;
  std::optional<int32_t> index_lesion_id;  // gated lesion with the largest CF
};

struct CaseResult {
  CaseQc qc;
  std::vector<LesionMetrics> lesions;
  CaseSummary summary;
  LeptomeningealMetrics lmd;
  std::string segmentation_source;  // "automatic" or "lesion mask (<scheme>)"

  ImageU8 label_map;    // 0, 1 enhancing, 2 enclosed core, 3 leptomeningeal
  ImageI32 lesion_ids;  // 0 or the lesion id (over L)
  ImageU8 intracranial; // the mask used
  ImageF normalised;    // I_n, for QC rendering

  std::vector<std::pair<std::string, double>> stage_seconds;  // in pipeline order
  std::string device;  // engine name
};

}  // namespace rimscan
