#pragma once
// Parameters of the per-case analysis. Every default is documented in docs/pipeline.md and
// echoed into the output JSON (`parameters`), so a result says how it was made.
#include <string>
#include <vector>

namespace rimscan {

// How a user-supplied lesion mask encodes its compartments (--lesion-labels).
struct LesionLabelScheme {
  enum class Kind { kBinary, kLabels } kind = Kind::kBinary;
  std::vector<int> enhancing;  // labels of enhancing tumour (E)
  std::vector<int> core;       // labels of non-enhancing / necrotic core
  std::vector<int> ignore;     // labels treated as background (e.g. oedema)
  std::string text = "binary"; // as given, echoed in outputs

  // "binary", "brats2021" ({4 enhancing, 1 core, 2 ignore}), "brats2023" ({3 enhancing,
  // 1 core, 2 ignore}) or "enhancing=4,core=1,ignore=2" (comma-separated, '+' joins several
  // labels: "enhancing=3+4"). Throws Error(kUsage) naming the text otherwise.
  static LesionLabelScheme parse(const std::string& text);
};

struct AnalysisParams {
  // --- intracranial mask ------------------------------------------------------------------
  // "auto" detects skull-stripped input (a large exactly-constant background around a
  // brain-sized region); "yes"/"no" force it.
  std::string skull_stripped = "auto";
  double mask_closing_mm = 10.0;     // closing radius that brings sulcal CSF into the mask
  double mask_csf_margin_mm = 3.0;   // dilation past the pial surface to keep the CSF band

  // --- normalisation ----------------------------------------------------------------------
  double bias_sigma_mm = 30.0;       // scale of the smooth white-matter reference field
  double bias_grid_mm = 4.0;         // coarse grid on which that field is estimated

  // --- segmentation -----------------------------------------------------------------------
  double smoothing_sigma_mm = 0.6;   // light denoising before thresholding
  double enhancement_threshold = 1.45;   // tau_E on the WM-normalised image
  double enhancement_low_threshold = 1.45;  // tau_Elow: hysteresis floor; = tau_E (off) until validated on phantoms and real cases
  double min_component_mm3 = 30.0;   // smaller enhancing components are dropped as noise
  double dura_band_mm = 3.0;         // band inside the intracranial boundary (dura, sinuses)
  double vessel_threshold = 0.35;    // tubularity above which an enhancing voxel is a vessel
  double vessel_component_fraction = 0.3;  // components this tubular are dropped whole
  double attachment_open_mm = 1.5;   // opening radius that cuts thin attachments off lesions
  double attachment_reach_mm = 2.0;  // candidates kept within this of the opened objects
  double min_compactness = 0.2;      // 2 x inscribed radius / volume-equivalent diameter
  double min_elongation = 0.12;      // 2 x inscribed radius / bounding-box diagonal
  double surface_band_mm = 6.0;      // band under the intracranial boundary (pial vessels, dura)
  double surface_max_fraction = 0.5; // objects mostly in that band ...
  double surface_min_compactness = 0.5;  // ... and less compact than this are dropped
  std::vector<double> vessel_sigmas_mm{1.0, 2.0, 3.0};
  double vessel_c = 0.25;            // Frangi's c in I_n units (fixed, so the measure does not
                                     //   depend on the brightest structure of the image)

  // --- metrics ----------------------------------------------------------------------------
  double gate_min_volume_ml = 0.5;   // size gate: a lesion is judged when its volume or its
  double gate_min_diameter_mm = 10.0;//   maximum 3D diameter reaches these
  double ring_hole_min_mm2 = 4.0;    // ring-slice fraction: minimum enclosed 2D hole area
  double subtraction_threshold = 0.15;   // Δ = T1c_n − T1pre_n below this: not enhancing
  double intrinsic_bright_threshold = 1.3; // T1pre_n above this: T1-bright (haemorrhage)

  // --- leptomeningeal ---------------------------------------------------------------------
  double lmd_threshold = 1.35;       // tau_L on the WM-normalised image: a component must reach it
  double lmd_low_threshold = 1.15;   // tau_Llow: hysteresis floor, so partial-volume edges of thin
                                     //   coatings and small nodules count (CSF 0.3, GM 0.8)
  double lmd_csf_bright_threshold = 1.35;  // non-ventricular voxels brighter than this count as
                                     //   external CSF (enhancement replaced the CSF there); between
                                     //   tau_Llow and this they stay parenchyma, so normal bright
                                     //   white matter (corpus callosum, tracts: 1.15-1.3) is not
                                     //   taken for a filled sulcus
  double lmd_max_depth_mm = 15.0;    // leptomeningeal regions end this deep under the mask's
                                     //   boundary (convexity, sulci, folia); the basal cisterns and
                                     //   fissures deeper than that hold the circle of Willis and the
                                     //   deep veins, which enhance normally. The ependyma is
                                     //   measured apart, at any depth
  double lmd_midline_mm = 4.0;       // the falx: this far either side of the mid-sagittal plane
                                     //   is left out of the leptomeningeal regions
  double lmd_ependymal_min_mm3 = 20.0;  // ependymal enhancement: smaller components are dropped
  double lmd_dura_band_mm = 1.5;     // dural band excluded from the leptomeningeal regions
  double vessel_margin_mm = 1.0;     // tubular voxels dilated by this are excluded (vessel edges)
  double pial_band_mm = 2.0;
  double lesion_exclusion_mm = 2.0;  // parenchymal lesions dilated by this are excluded

  // --- inputs -----------------------------------------------------------------------------
  double geometry_tolerance_mm = 0.01;  // image/mask grids may differ by this much
};

}  // namespace rimscan
