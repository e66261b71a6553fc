#pragma once
// The analytic model of one phantom case (internal to src/phantom). Geometry is defined in a
// canonical head frame (LPS mm: x to the patient's left, y posterior, z superior, adult size);
// the case pose maps it to physical space: p = R * (scale * (h - kHeadCentre)) + shift.
//
// Evaluation is a pure function of the model and a point, so voxels can be computed in any order
// and on any grid: the same case sampled on two grids shows the same anatomy in physical space.
#include <cstdint>
#include <vector>

#include "phantom/noise.h"
#include "phantom/sdf.h"
#include "rimscan/phantom/phantom.h"

namespace rimscan::phantom::detail {

// Centre of the canonical head (the middle of its bounding box); physical origin of the FOV.
constexpr Vec3 kHeadCentre{0, 10, 12};

// Intensities in white-matter units (docs/phantom.md#intensities).
struct TissueValues {
  double wm = 1.0, gm = 0.8, deep_grey = 0.86, pallidum = 0.92, brainstem = 0.96, cerebellar_gm = 0.78,
         cerebellar_wm = 0.97, csf = 0.28, dura = 1.3, vein = 2.1, sinus = 2.1, choroid = 1.9, bone = 0.07,
         diploe = 0.6, galea = 0.35, fat = 1.5, skin = 0.7, muscle = 0.55;
};

// Geometric quantities at a point of the head frame, shared by all parts of the model.
struct AnatomyGeom {
  double d_hull = 1e9;   // signed distance to the smooth brain envelope
  double d_head = 1e9;   // the same for a much smoother envelope (the skull's outer surface)
  int comp = 0;          // nearest envelope part: 0 cerebrum, 1 cerebellum, 2 brainstem
  double d_csf_in = 1e9; // signed distance to CSF clefts inside the envelope (sulci, fissures); <0 inside
  double d_par = 1e9;    // signed distance to the parenchyma surface (pial side); <0 inside parenchyma
  double d_vent = 1e9;   // signed distance to the ventricles; <0 inside
  double d_vent_lat[2] = {1e9, 1e9};  // lateral ventricles (0 left = +x, 1 right)
  double d_choroid = 1e9;
  double d_dura_sheet = 1e9;  // falx and tentorium
  double depth = 0;      // distance below the pial surface, for the cortical ribbon
};

struct Anatomy {
  double scale = 1;
  Mat3 rot{1, 0, 0, 0, 1, 0, 0, 0, 1};
  Vec3 shift{0, 0, 0};
  double edge = 0.5;  // half-width of soft tissue edges in the head frame (mm)

  Ellipsoid cerebrum, temporal[2], occipital, cb_left, cb_right, vermis, pons, lower_head;
  Ellipsoid bound_upper, bound_lower;  // outside both: air (a shortcut for most of the FOV)
  Capsule brainstem;
  double csf_th = 2, dura_th = 1, skull_th = 6.5, fat_th = 4, gm_th = 2.6, sulcal_w = 1.2, fissure_w = 2;
  double depth_a = 15, depth_b = 8, folia_period = 3.6, cc_top = 30;
  NoiseField fold_a, fold_a2, fold_b, fold_b2, depth_field, texture, texture_fine, skull_field, folia_field,
      midline_field;

  std::vector<Capsule> vent_lat[2];
  std::vector<Capsule> vent_mid;  // third ventricle, aqueduct
  Ellipsoid fourth;
  std::vector<Ellipsoid> deep_grey, pallidum, choroid;
  TissueValues tv;
};

struct Lesion {
  LesionKind kind = LesionKind::kSolid;
  Vec3 c{0, 0, 0};  // head frame
  double radius = 5, shell = 0, irregularity = 0;
  bool open = false;
  Vec3 gap_axis{0, 0, 1};
  double gap_cos = 2;  // directions with cos(angle to gap_axis) > gap_cos lack the shell
  Vec3 shape_u[4];
  double shape_f[4] = {0, 0, 0, 0}, shape_phase[4] = {0, 0, 0, 0}, shape_amp[4] = {0, 0, 0, 0};
  double enhancement = 1.8, core_value = 0.45, oedema = 5, oedema_factor = 0.88;
  NoiseField texture;
  double reach = 0;  // bounding radius including the oedema
};

struct Leptomeningeal {
  uint8_t types = 0;
  Vec3 region_axis{0, 1, 0};
  double region_cos = 1;   // coated where cos(angle to axis) > region_cos
  int region_comp = -1;    // restrict the coat to one envelope part (1 cerebellum) or -1
  double coat = 1.2, value = 1.6, patch_threshold = -1;
  NoiseField patch;
  std::vector<Vec3> nodule_c;
  std::vector<double> nodule_r;
  bool ependymal_side[2] = {false, false};
  double ependymal_th = 1.5, ependymal_y_min = -100, ependymal_y_max = 100;
};

struct VesselSegment {
  Capsule cap;
  bool sinus = false;
};
struct Vessels {
  std::vector<VesselSegment> segments;
  // A uniform bin grid over the head frame listing the segments near each cell.
  Vec3 lo{0, 0, 0};
  double cell = 8;
  int dims[3] = {0, 0, 0};
  std::vector<uint32_t> bin_start, bin_items;
  void build_bins();
  // Signed distance to the nearest vessel within the cell of p (1e9 if none); sets *sinus.
  double query(const Vec3& p, bool* sinus) const;
};

struct CaseModel {
  Anatomy anatomy;
  Vessels vessels;
  std::vector<Lesion> lesions;
  Leptomeningeal lmd;
  double vein_value = 2.1, sinus_value = 2.1;
};

// One evaluated point.
struct PointSample {
  double intensity = 0;  // white-matter units, before bias and noise
  uint8_t label = 0;
  uint8_t tissue = 0;
  uint8_t intracranial = 0;
};

// --- planning (sequential, from the case's random streams) ---------------------------------
Anatomy plan_anatomy(const PhantomParams& p, uint64_t seed, int index);
Vessels plan_vessels(const PhantomParams& p, const Anatomy& a, uint64_t seed, int index, double* vein_value,
                     double* sinus_value);
std::vector<Lesion> plan_lesions(const PhantomParams& p, const Anatomy& a, uint64_t seed, int index,
                                 CaseKind kind, std::vector<LesionPlan>* plans);
Leptomeningeal plan_leptomeningeal(const PhantomParams& p, const Anatomy& a, uint64_t seed, int index,
                                   CaseKind kind, LmdPlan* plan);

// --- evaluation -----------------------------------------------------------------------------
Vec3 to_head(const Anatomy& a, const Vec3& physical);
Vec3 to_physical(const Anatomy& a, const Vec3& head);
// Signed distance to the smooth brain envelope; comp (may be null) receives the nearest part,
// d_head (may be null) the distance to the smoother outline the skull's outer table follows,
// cut (may be null) how much the skull-base and tentorial cuts move the cerebral surface.
double envelope(const Anatomy& a, const Vec3& h, int* comp, double* d_head, double* cut);
AnatomyGeom anatomy_geometry(const Anatomy& a, const Vec3& h);
// Parenchyma and non-parenchyma intensities and the parenchyma fraction; oedema in [0, 1]
// darkens white matter (fully) and grey matter (partly).
struct AnatomyValue {
  double parenchyma = 1, other = 0, par_fraction = 0;
  Tissue tissue = Tissue::kAir;
  bool intracranial = false;
};
AnatomyValue anatomy_value(const Anatomy& a, const AnatomyGeom& g, const Vec3& h, double oedema,
                           double oedema_factor);
// Ray from the envelope centre along dir: distance (mm) to the envelope surface.
double envelope_distance_along(const Anatomy& a, const Vec3& from, const Vec3& dir);

// Lesions: the combined oedema weight at h, and the lesion coverage/value/label.
struct LesionHit {
  double cover = 0, value = 0;
  uint8_t label = 0;
  double oedema = 0, oedema_factor = 1;
};
LesionHit lesion_at(const std::vector<Lesion>& lesions, const Vec3& h, double edge);
// Leptomeningeal coverage (0..1) and whether the point is labelled 3.
double lmd_cover(const Leptomeningeal& l, const Anatomy& a, const AnatomyGeom& g, const Vec3& h, bool* label);

PointSample evaluate(const CaseModel& m, const Vec3& physical);

}  // namespace rimscan::phantom::detail

namespace rimscan::phantom::detail {

// --- acquisition (acquisition.cpp) -----------------------------------------------------------
struct Acquisition {
  Geometry geom;
  double scale = 1, snr = 30, bias_strength = 0;
  // Bias field log-gain: strength * sum_k amp_k cos(w_k . p + phase_k), sum |amp_k| = 1.
  Vec3 bias_w[4];
  double bias_phase[4] = {0, 0, 0, 0}, bias_amp[4] = {0, 0, 0, 0};
  double psf_weight = 0.16;  // 3-tap blur [w, 1-2w, w] along axes sampled at one point per voxel
  uint64_t noise_key = 0;
  int nsub[3] = {1, 1, 1};
  bool quantize = false;
};
// The case's kind, spacing and orientation (from the choice lists), then scale, SNR, bias.
CaseKind choose_kind(const PhantomParams& p, uint64_t seed, int index);
Acquisition plan_acquisition(const PhantomParams& p, uint64_t seed, int index);
// A grid covering fov (L-R, A-P, S-I mm) centred on the physical origin.
Geometry grid_for(const Vec3& fov, const Vec3& spacing, const std::string& orientation);

struct Rendered {
  ImageF t1c;
  ImageU8 truth, intracranial, tissue;
};
// Samples the model on the grid: intensity averaged over nsub^3 sub-samples per voxel (partial
// volume; a short blur along axes sampled once per voxel stands in for the point-spread
// function), the label that covers most sub-samples (ties: the centre's), tissue and mask at the
// voxel centre; then bias, Rician noise, scale.
Rendered render(const CaseModel& m, const Acquisition& acq, int threads, bool tissue_map);

}  // namespace rimscan::phantom::detail
