#pragma once
// Synthetic post-contrast T1 brain phantoms with known truth (docs/phantom.md).
//
// A case is an analytic head model (scalp, skull, dura, CSF, folded cortex, white matter, deep
// grey nuclei, ventricles with choroid plexus, venous sinuses and veins, cerebellum, brainstem)
// with 0-3 lesions (solid or rim-enhancing, rings possibly incomplete) and optional
// leptomeningeal enhancement (linear pial coating, nodules, ependymal lining), sampled onto a
// chosen grid (spacing, axis orientation) with partial-volume averaging, a multiplicative bias
// field, Rician noise and an intensity scale. Everything random is drawn from the ranges of
// PhantomParams with counter-based random streams keyed by (seed, case index, purpose), so a
// case is bit-identical for any thread count and does not depend on other cases.
//
// The truth flags are measured on the generated label map by measure_truth() with the rule of
// docs/phantom.md (the same definitions as docs/rim_metrics.md), never taken from the plan.
//
// This is core code: no ITK, no OpenCV. The CLI (`rimscan phantom`) writes the files.
#include <cstdint>
#include <string>
#include <vector>

#include "rimscan/geometry.h"
#include "rimscan/image.h"

namespace rimscan::phantom {

// A closed interval [lo, hi]; lo == hi is a fixed value. Parsed from "lo:hi" or "value".
struct Range {
  double lo = 0, hi = 0;
};
struct IntRange {
  int lo = 0, hi = 0;
};

// How one element of a list of choices (spacings, orientations, kinds) is picked per case:
// at random (uniformly), or case i takes element i mod size (for hand-made sets).
enum class ChoiceMode { kRandom, kCycle };

// What a case is forced to contain. kRandom draws lesion count, kinds and LMD from the ranges;
// the others fix what is present and draw the rest (sizes, positions, intensities) from them.
enum class CaseKind {
  kRandom,
  kNormal,    // no lesion, no leptomeningeal enhancement
  kSolid,     // one homogeneous enhancing lesion
  kRim,       // one rim-enhancing lesion, complete ring (completeness >= 0.9)
  kOpenRim,   // one rim-enhancing lesion with a ring completeness drawn from ring_completeness
  kLmd,       // leptomeningeal enhancement (type drawn from the weights), no lesion
  kRimLmd,    // a complete rim lesion and leptomeningeal enhancement
};
const char* case_kind_name(CaseKind k);
// Throws Error(kUsage) for an unknown name.
CaseKind parse_case_kind(const std::string& name);

struct PhantomParams {
  std::string preset = "train";

  // --- acquisition ----------------------------------------------------------------------
  Vec3 fov_mm{184, 216, 168};                 // extent along L-R, A-P, S-I (mm), centred on the head
  std::vector<Vec3> spacings{{1, 1, 1}};      // per image axis (mm), one chosen per case
  std::vector<std::string> orientations{"LPS"};  // where image axes point (Geometry::orientation_code)
  ChoiceMode choice_mode = ChoiceMode::kRandom;
  Range intensity_scale{800, 1200};  // stored value of white matter before bias and noise
  Range snr{20, 40};                 // white-matter signal / Rician noise sigma
  Range bias_strength{0.0, 0.2};     // peak |log gain| of the multiplicative bias field
  Range head_rotation_deg{-4, 4};    // per axis
  Range head_shift_mm{-4, 4};        // per axis
  double pv_step_mm = 1.0;           // partial-volume sub-sample step inside a voxel
  bool quantize = false;             // round stored intensities to integers (scanner-like)

  // --- anatomy --------------------------------------------------------------------------
  Range head_scale{0.94, 1.06};
  Range ventricle_scale{0.8, 1.4};
  Range csf_thickness_mm{1.5, 3.0};     // subarachnoid CSF over the convexity
  Range sulcal_width_mm{1.0, 2.0};
  Range cortex_thickness_mm{2.3, 3.0};
  Range gyral_wavelength_mm{16, 22};    // ~ spacing of the primary sulci along the surface
  Range gm_intensity{0.74, 0.84};       // white matter = 1
  Range csf_intensity{0.22, 0.34};
  Range dura_intensity{1.2, 1.4};
  Range vessel_intensity{1.8, 2.5};
  Range choroid_intensity{1.6, 2.1};
  IntRange cortical_veins{6, 12};

  // --- lesions --------------------------------------------------------------------------
  IntRange lesion_count{0, 3};
  Range lesion_radius_mm{3, 16};        // outer radius of the lesion L = E u C
  double rim_probability = 0.5;
  Range shell_thickness_mm{1.5, 5};
  Range core_fraction{0.1, 0.6};        // intended |C| / |L| of a rim lesion
  double open_ring_probability = 0.3;   // a rim lesion has a missing sector
  Range ring_completeness{0.3, 0.9};    // intended completeness of an open ring
  Range lesion_irregularity{0.05, 0.2};
  Range lesion_intensity{1.6, 2.2};
  Range core_intensity{0.35, 0.6};
  Range oedema_mm{2, 12};
  Range oedema_factor{0.82, 0.92};      // multiplies parenchyma inside the oedema
  double periventricular_probability = 0.4;

  // --- leptomeningeal enhancement -------------------------------------------------------
  double lmd_probability = 0.3;
  double lmd_linear_weight = 1.0, lmd_nodular_weight = 1.0, lmd_ependymal_weight = 0.5;
  double lmd_mixed_probability = 0.25;  // a second type joins the first
  Range coat_thickness_mm{0.8, 2.0};
  Range coat_extent_deg{30, 60};        // angular radius of the coated region
  IntRange nodule_count{1, 3};
  Range nodule_diameter_mm{4, 8};
  Range ependymal_thickness_mm{1.0, 2.0};
  Range lme_intensity{1.4, 2.0};

  // --- forced content -------------------------------------------------------------------
  std::vector<CaseKind> kinds{CaseKind::kRandom};
};

// Named parameter sets: "train", "test" (wider ranges than train: a test set differs from the
// training set), "ci" and "tiny" (2-3 mm voxels; a case in well under a second), "sample"
// (the committed sample_images/). Throws Error(kUsage) for an unknown name.
PhantomParams preset(const std::string& name);
std::vector<std::string> preset_names();

// Throws Error(kUsage) naming the field when a range is reversed, a value is out of its domain,
// an orientation code is invalid or the grid would exceed 512^3 voxels.
void validate(const PhantomParams& p);

// Option-string parsers shared by the CLI and tests; throw Error(kUsage) naming `what`.
Range parse_range(const std::string& text, const std::string& what);        // "4:20" or "7"
IntRange parse_int_range(const std::string& text, const std::string& what);  // "0:3" or "2"
std::vector<Vec3> parse_spacings(const std::string& text, const std::string& what);  // "1,1,1|0.9,0.9,5"
std::vector<std::string> parse_orientations(const std::string& text, const std::string& what);  // "LPS|RAS"
std::vector<CaseKind> parse_kinds(const std::string& text, const std::string& what);  // "normal,rim"
// Direction matrix for an orientation code of three distinct axes ("LPS", "RAS", "PIL", ...).
Mat3 direction_from_code(const std::string& code);

// The parameters as JSON text (written beside a generated set for reproducibility).
std::string params_json(const PhantomParams& p);

// ---------------------------------------------------------------------------------------------
// Truth, measured on a label map (0 background, 1 enhancing, 2 core, 3 leptomeningeal).

struct TruthRule {
  double min_diameter_mm = 10.0;
  double min_core_fraction = 0.15;
  double min_ring_completeness = 0.5;
};

struct LesionTruth {
  int64_t enhancing_voxels = 0, core_voxels = 0;
  double volume_ml = 0;
  double diameter_mm = 0;         // maximum 3D diameter of L's marching-cubes mesh (mm)
  double core_fraction = 0;       // |C| / |L|
  double ring_completeness = -1;  // fraction of core boundary voxels touching E; -1 when C is empty
  Vec3 centroid_mm{0, 0, 0};      // physical (LPS) centroid of L
  bool rim = false;               // passes the rule (diameter, CF, RC)
};

struct CaseTruth {
  std::vector<LesionTruth> lesions;  // components of {1, 2}, in raster order of first voxel
  int64_t lme_voxels = 0;
  double lme_volume_ml = 0;
  bool pce = false;  // some lesion is a rim by the rule
  bool lmd = false;  // some voxel is labelled 3
};

// Lesions are the 26-connected components of {labels 1, 2}; per component L: E = its label-1
// voxels, C = its label-2 voxels; CF = |C|/|L|; RC = fraction of core boundary voxels (C voxels
// with a 6-neighbour outside C or outside the image) that have a 26-neighbour in E of the same
// lesion; diameter = the largest distance between vertices of L's marching-cubes mesh, i.e.
// between midpoints of lattice edges joining a voxel of L to one outside it (IBSI maximum 3D
// diameter, as docs/metrics.md). pce iff some lesion has diameter >= min_diameter_mm, CF >=
// min_core_fraction and RC >= min_ring_completeness. lmd iff some voxel is 3.
CaseTruth measure_truth(const ImageU8& labels, const TruthRule& rule = {});

// ---------------------------------------------------------------------------------------------
// Generation.

enum class LesionKind { kSolid, kRim };
enum class LmdType : uint8_t { kNone = 0, kLinear = 1, kNodular = 2, kEpendymal = 4 };  // bit flags

// Tissue classes of the optional debugging map (value = enum).
enum class Tissue : uint8_t {
  kAir = 0, kSkin, kFat, kMuscle, kBone, kDiploe, kDura, kCsf, kGreyMatter, kWhiteMatter,
  kDeepGrey, kVentricle, kChoroidPlexus, kVein, kSinus, kOedema, kLesionEnhancing, kLesionCore,
  kLeptomeningeal, kCount
};
const char* tissue_name(Tissue t);

// What was intended (the plan); the truth is measured separately on the grid.
struct LesionPlan {
  LesionKind kind = LesionKind::kSolid;
  std::string location;           // "periventricular", "subcortical", "cortical"
  Vec3 centre_mm{0, 0, 0};        // physical (LPS)
  double radius_mm = 0, shell_mm = 0, intended_core_fraction = 0;
  double intended_ring_completeness = 1;  // 1 for closed rings and solid lesions
  double enhancement = 0, core_intensity = 0, oedema_mm = 0;
};
struct LmdPlan {
  uint8_t types = 0;              // LmdType bit flags
  std::string region;             // coated region ("occipital", "cerebellar", ...), "" if none
  int nodules = 0;
  double coat_thickness_mm = 0, intensity = 0;
  std::string types_text() const;  // "none", "linear", "nodular+ependymal", ...
};
struct CasePlan {
  std::string case_id;
  uint64_t seed = 0;
  int index = 0;
  CaseKind kind = CaseKind::kRandom;
  Geometry geom;
  double intensity_scale = 1, snr = 0, bias_strength = 0;
  std::vector<LesionPlan> lesions;
  LmdPlan lmd;
};

struct PhantomCase {
  CasePlan plan;
  ImageF t1c;
  ImageU8 truth;         // labels 0..3 (LabelValue)
  ImageU8 intracranial;  // 1 inside the inner table of the skull (brain, CSF, dura, sinuses)
  ImageU8 tissue;        // Tissue per voxel; empty unless GenerateOptions::tissue_map
  CaseTruth measured;    // measure_truth(truth)
};

struct GenerateOptions {
  int threads = 0;  // 0 = OpenMP default; the output does not depend on it
  bool tissue_map = false;
  std::string case_prefix = "phantom";
};

// "phantom_0007" for index 7.
std::string case_id(const std::string& prefix, int index);

// Generates case `index` of the set (seed, params). Throws Error(kUsage) for invalid params.
PhantomCase generate_case(const PhantomParams& params, uint64_t seed, int index,
                          const GenerateOptions& opt = {});

// Per-case JSON sidecar: plan (intended lesions, LMD, acquisition) and measured truth.
std::string case_json(const PhantomCase& c, const TruthRule& rule = {});

}  // namespace rimscan::phantom
