// Phantom parameters: presets, validation, option-string parsing and JSON.
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rimscan/error.h"
#include "rimscan/phantom/phantom.h"

namespace rimscan::phantom {

namespace {

[[noreturn]] void usage(const std::string& msg) { throw Error(ErrorCode::kUsage, msg); }

double parse_number(const std::string& s, const std::string& what) {
  const char* b = s.c_str();
  char* end = nullptr;
  const double v = std::strtod(b, &end);
  if (s.empty() || end == b || *end != '\0' || !std::isfinite(v)) usage(what + ": '" + s + "' is not a number");
  return v;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

void check_range(const Range& r, const std::string& what, double min, double max) {
  if (!(r.lo <= r.hi)) usage(what + ": range " + std::to_string(r.lo) + ":" + std::to_string(r.hi) + " is reversed");
  if (r.lo < min || r.hi > max)
    usage(what + ": range " + std::to_string(r.lo) + ":" + std::to_string(r.hi) + " outside [" + std::to_string(min) +
          ", " + std::to_string(max) + "]");
}
void check_range(const IntRange& r, const std::string& what, int min, int max) {
  if (r.lo > r.hi) usage(what + ": range " + std::to_string(r.lo) + ":" + std::to_string(r.hi) + " is reversed");
  if (r.lo < min || r.hi > max)
    usage(what + ": range " + std::to_string(r.lo) + ":" + std::to_string(r.hi) + " outside [" + std::to_string(min) +
          ", " + std::to_string(max) + "]");
}
void check_probability(double p, const std::string& what) {
  if (!(p >= 0 && p <= 1)) usage(what + ": " + std::to_string(p) + " is not a probability in [0, 1]");
}

}  // namespace

const char* case_kind_name(CaseKind k) {
  switch (k) {
    case CaseKind::kRandom: return "random";
    case CaseKind::kNormal: return "normal";
    case CaseKind::kSolid: return "solid";
    case CaseKind::kRim: return "rim";
    case CaseKind::kOpenRim: return "open_rim";
    case CaseKind::kLmd: return "lmd";
    case CaseKind::kRimLmd: return "rim_lmd";
  }
  return "random";
}

CaseKind parse_case_kind(const std::string& name) {
  for (CaseKind k : {CaseKind::kRandom, CaseKind::kNormal, CaseKind::kSolid, CaseKind::kRim, CaseKind::kOpenRim,
                     CaseKind::kLmd, CaseKind::kRimLmd})
    if (name == case_kind_name(k)) return k;
  usage("unknown case kind '" + name + "' (random, normal, solid, rim, open_rim, lmd, rim_lmd)");
}

const char* tissue_name(Tissue t) {
  static const char* kNames[] = {"air",         "skin",        "fat",          "muscle",         "bone",
                                 "diploe",      "dura",        "csf",          "grey_matter",    "white_matter",
                                 "deep_grey",   "ventricle",   "choroid_plexus", "vein",         "sinus",
                                 "oedema",      "lesion_enhancing", "lesion_core", "leptomeningeal"};
  const auto i = static_cast<size_t>(t);
  return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "unknown";
}

std::string LmdPlan::types_text() const {
  if (!types) return "none";
  std::string s;
  auto add = [&](LmdType t, const char* name) {
    if (types & static_cast<uint8_t>(t)) s += (s.empty() ? "" : "+") + std::string(name);
  };
  add(LmdType::kLinear, "linear");
  add(LmdType::kNodular, "nodular");
  add(LmdType::kEpendymal, "ependymal");
  return s;
}

Mat3 direction_from_code(const std::string& code) {
  if (code.size() != 3) usage("orientation '" + code + "' must have three letters (e.g. LPS, RAS)");
  Mat3 d{0, 0, 0, 0, 0, 0, 0, 0, 0};
  bool used[3] = {false, false, false};
  for (int c = 0; c < 3; ++c) {
    int row = -1;
    double sign = 1;
    switch (code[c]) {
      case 'L': row = 0; break;
      case 'R': row = 0, sign = -1; break;
      case 'P': row = 1; break;
      case 'A': row = 1, sign = -1; break;
      case 'S': row = 2; break;
      case 'I': row = 2, sign = -1; break;
      default: usage("orientation '" + code + "': letter '" + code[c] + "' is not one of L R P A S I");
    }
    if (used[row]) usage("orientation '" + code + "' names the same patient axis twice");
    used[row] = true;
    d[row * 3 + c] = sign;
  }
  return d;
}

Range parse_range(const std::string& text, const std::string& what) {
  const auto parts = split(text, ':');
  if (parts.size() == 1) {
    double v = parse_number(trim(parts[0]), what);
    return {v, v};
  }
  if (parts.size() != 2) usage(what + ": '" + text + "' is not a range lo:hi");
  Range r{parse_number(trim(parts[0]), what), parse_number(trim(parts[1]), what)};
  if (r.lo > r.hi) usage(what + ": range '" + text + "' is reversed");
  return r;
}

IntRange parse_int_range(const std::string& text, const std::string& what) {
  const Range r = parse_range(text, what);
  if (r.lo != std::floor(r.lo) || r.hi != std::floor(r.hi)) usage(what + ": '" + text + "' must be integers");
  return {static_cast<int>(r.lo), static_cast<int>(r.hi)};
}

std::vector<Vec3> parse_spacings(const std::string& text, const std::string& what) {
  std::vector<Vec3> out;
  for (const std::string& item : split(text, '|')) {
    const auto xyz = split(trim(item), ',');
    if (xyz.size() == 1) {
      const double v = parse_number(trim(xyz[0]), what);
      out.push_back({v, v, v});
    } else if (xyz.size() == 3) {
      out.push_back({parse_number(trim(xyz[0]), what), parse_number(trim(xyz[1]), what), parse_number(trim(xyz[2]), what)});
    } else {
      usage(what + ": '" + item + "' is not a spacing sx,sy,sz");
    }
  }
  if (out.empty()) usage(what + ": no spacing given");
  return out;
}

std::vector<std::string> parse_orientations(const std::string& text, const std::string& what) {
  std::vector<std::string> out;
  for (const std::string& item : split(text, '|')) {
    const std::string code = trim(item);
    try {
      direction_from_code(code);
    } catch (const Error& e) {
      usage(what + ": " + e.what());
    }
    out.push_back(code);
  }
  if (out.empty()) usage(what + ": no orientation given");
  return out;
}

std::vector<CaseKind> parse_kinds(const std::string& text, const std::string& what) {
  std::vector<CaseKind> out;
  for (const std::string& item : split(text, ',')) {
    try {
      out.push_back(parse_case_kind(trim(item)));
    } catch (const Error& e) {
      usage(what + ": " + e.what());
    }
  }
  if (out.empty()) usage(what + ": no kind given");
  return out;
}

std::vector<std::string> preset_names() { return {"train", "test", "ci", "tiny", "sample"}; }

PhantomParams preset(const std::string& name) {
  PhantomParams p;  // the defaults are the training distribution
  p.preset = name;
  if (name == "train") {
    p.spacings = {{1, 1, 1}, {1, 1, 3}, {0.9, 0.9, 5}};
    p.orientations = {"LPS", "RAS", "LAS"};
  } else if (name == "test") {
    // Wider than train in every direction, so a test set probes generalisation.
    p.spacings = {{1, 1, 1}, {1.2, 1.2, 1.2}, {0.7, 0.7, 6}, {0.5, 0.5, 4}, {1, 1, 2}};
    p.orientations = {"LPS", "RAS", "LAS", "RAI", "PIL", "LIP"};
    p.intensity_scale = {100, 4000};
    p.snr = {10, 50};
    p.bias_strength = {0, 0.35};
    p.head_rotation_deg = {-8, 8};
    p.head_shift_mm = {-8, 8};
    p.head_scale = {0.9, 1.1};
    p.ventricle_scale = {0.7, 1.8};
    p.csf_thickness_mm = {1.2, 4.0};
    p.sulcal_width_mm = {0.6, 2.5};
    p.gm_intensity = {0.7, 0.88};
    p.csf_intensity = {0.15, 0.4};
    p.dura_intensity = {1.1, 1.5};
    p.vessel_intensity = {1.6, 2.8};
    p.choroid_intensity = {1.4, 2.3};
    p.cortical_veins = {4, 16};
    p.lesion_radius_mm = {2.5, 22};
    p.shell_thickness_mm = {1.0, 7.0};
    p.core_fraction = {0.05, 0.75};
    p.ring_completeness = {0.2, 0.95};
    p.lesion_irregularity = {0, 0.25};
    p.lesion_intensity = {1.4, 2.5};
    p.core_intensity = {0.3, 0.75};
    p.oedema_mm = {0, 18};
    p.oedema_factor = {0.75, 0.95};
    p.coat_thickness_mm = {0.6, 2.5};
    p.coat_extent_deg = {20, 75};
    p.nodule_count = {1, 5};
    p.nodule_diameter_mm = {2.5, 10};
    p.ependymal_thickness_mm = {0.8, 2.5};
    p.lme_intensity = {1.3, 2.2};
  } else if (name == "ci") {
    // Coarse grids keep the CI validation fast; the structures are drawn at sizes those grids
    // resolve (a shell of at least ~1.5 voxels, a coating of at least ~0.7 voxel), so the test
    // measures the flag chain rather than the resolution limit (the full-resolution test set
    // does that).
    p.spacings = {{2.5, 2.5, 2.5}, {2, 2, 5}};
    p.orientations = {"LPS", "RAS"};
    p.pv_step_mm = 2.5;
    p.cortical_veins = {4, 8};
    p.lesion_radius_mm = {8, 18};
    p.shell_thickness_mm = {3.5, 6};
    p.coat_thickness_mm = {1.6, 2.5};
    p.lme_intensity = {1.7, 2.1};
    p.nodule_diameter_mm = {6, 10};
    p.ependymal_thickness_mm = {1.8, 2.5};
  } else if (name == "tiny") {
    p.spacings = {{3, 3, 3}};
    p.orientations = {"LPS"};
    p.pv_step_mm = 3.0;
    p.cortical_veins = {4, 6};
  } else if (name == "sample") {
    // The committed sample_images/: one case of each kind, the last with thick slices, a few MB
    // in all (coarse voxels, a low intensity scale and integer values compress well).
    p.spacings = {{2.2, 2.2, 2.2}, {2.2, 2.2, 2.2}, {2.2, 2.2, 2.2}, {2.2, 2.2, 2.2}, {1.5, 1.5, 5}};
    p.orientations = {"LPS", "RAS", "LPS", "LAS", "RAS"};
    p.kinds = {CaseKind::kNormal, CaseKind::kSolid, CaseKind::kRim, CaseKind::kLmd, CaseKind::kRimLmd};
    p.choice_mode = ChoiceMode::kCycle;
    p.intensity_scale = {150, 250};
    p.pv_step_mm = 1.1;
    p.quantize = true;
    // Leptomeningeal enhancement that the coarse grid still shows.
    p.coat_thickness_mm = {1.4, 2.2};
    p.lme_intensity = {1.7, 2.1};
    p.nodule_diameter_mm = {5, 8};
  } else {
    usage("unknown preset '" + name + "' (train, test, ci, tiny, sample)");
  }
  return p;
}

void validate(const PhantomParams& p) {
  for (int c = 0; c < 3; ++c)
    if (!(p.fov_mm[c] >= 60 && p.fov_mm[c] <= 400)) usage("fov: " + std::to_string(p.fov_mm[c]) + " mm outside [60, 400]");
  if (p.spacings.empty()) usage("spacing: no spacing given");
  for (const Vec3& s : p.spacings) {
    for (int c = 0; c < 3; ++c)
      if (!(s[c] >= 0.2 && s[c] <= 10)) usage("spacing: " + std::to_string(s[c]) + " mm outside [0.2, 10]");
    // Bounded over every orientation: the largest FOV side along each axis.
    double grid = 1;
    for (int c = 0; c < 3; ++c) grid *= std::ceil(std::max({p.fov_mm[0], p.fov_mm[1], p.fov_mm[2]}) / s[c]);
    if (grid > 512.0 * 512 * 512) usage("spacing: a grid of this spacing over the field of view exceeds 512^3 voxels");
  }
  if (p.orientations.empty()) usage("orientation: no orientation given");
  for (const auto& o : p.orientations) direction_from_code(o);
  if (p.kinds.empty()) usage("kinds: no kind given");
  if (!(p.pv_step_mm >= 0.25 && p.pv_step_mm <= 10)) usage("pv-step: must be in [0.25, 10] mm");
  check_range(p.intensity_scale, "intensity-scale", 1e-3, 1e7);
  check_range(p.snr, "snr", 1, 1e4);
  check_range(p.bias_strength, "bias", 0, 1.5);
  check_range(p.head_rotation_deg, "head-rotation", -30, 30);
  check_range(p.head_shift_mm, "head-shift", -20, 20);
  check_range(p.head_scale, "head-scale", 0.8, 1.2);
  check_range(p.ventricle_scale, "ventricle-scale", 0.5, 2.5);
  check_range(p.csf_thickness_mm, "csf-thickness", 0.5, 6);
  check_range(p.sulcal_width_mm, "sulcal-width", 0.3, 4);
  check_range(p.cortex_thickness_mm, "cortex-thickness", 1.5, 4.5);
  check_range(p.gyral_wavelength_mm, "gyral-wavelength", 12, 60);
  check_range(p.gm_intensity, "gm-intensity", 0.3, 1.2);
  check_range(p.csf_intensity, "csf-intensity", 0.0, 1.0);
  check_range(p.dura_intensity, "dura-intensity", 0.5, 3);
  check_range(p.vessel_intensity, "vessel-intensity", 0.5, 5);
  check_range(p.choroid_intensity, "choroid-intensity", 0.5, 5);
  check_range(p.cortical_veins, "cortical-veins", 0, 40);
  check_range(p.lesion_count, "lesion-count", 0, 6);
  check_range(p.lesion_radius_mm, "lesion-radius", 1, 30);
  check_probability(p.rim_probability, "rim-probability");
  check_range(p.shell_thickness_mm, "shell-thickness", 0.3, 15);
  check_range(p.core_fraction, "core-fraction", 0, 0.95);
  check_probability(p.open_ring_probability, "open-ring-probability");
  check_range(p.ring_completeness, "ring-completeness", 0.01, 1);
  check_range(p.lesion_irregularity, "lesion-irregularity", 0, 0.5);
  check_range(p.lesion_intensity, "lesion-intensity", 0.5, 5);
  check_range(p.core_intensity, "core-intensity", 0, 2);
  check_range(p.oedema_mm, "oedema", 0, 40);
  check_range(p.oedema_factor, "oedema-factor", 0.3, 1.2);
  check_probability(p.periventricular_probability, "periventricular-probability");
  check_probability(p.lmd_probability, "lmd-probability");
  check_probability(p.lmd_mixed_probability, "lmd-mixed-probability");
  if (p.lmd_linear_weight < 0 || p.lmd_nodular_weight < 0 || p.lmd_ependymal_weight < 0 ||
      p.lmd_linear_weight + p.lmd_nodular_weight + p.lmd_ependymal_weight <= 0)
    usage("lmd-types: weights must be non-negative with a positive sum");
  check_range(p.coat_thickness_mm, "coat-thickness", 0.2, 6);
  check_range(p.coat_extent_deg, "coat-extent", 5, 90);
  check_range(p.nodule_count, "nodule-count", 1, 12);
  check_range(p.nodule_diameter_mm, "nodule-diameter", 1, 20);
  check_range(p.ependymal_thickness_mm, "ependymal-thickness", 0.3, 5);
  check_range(p.lme_intensity, "lme-intensity", 0.5, 5);
}

std::string params_json(const PhantomParams& p) {
  using J = nlohmann::ordered_json;
  auto range = [](const Range& r) { return J::array({r.lo, r.hi}); };
  auto irange = [](const IntRange& r) { return J::array({r.lo, r.hi}); };
  J j;
  j["preset"] = p.preset;
  j["fov_mm"] = J::array({p.fov_mm[0], p.fov_mm[1], p.fov_mm[2]});
  J sp = J::array();
  for (const Vec3& s : p.spacings) sp.push_back(J::array({s[0], s[1], s[2]}));
  j["spacings_mm"] = sp;
  j["orientations"] = p.orientations;
  j["choice_mode"] = p.choice_mode == ChoiceMode::kCycle ? "cycle" : "random";
  J kinds = J::array();
  for (CaseKind k : p.kinds) kinds.push_back(case_kind_name(k));
  j["kinds"] = kinds;
  j["intensity_scale"] = range(p.intensity_scale);
  j["snr"] = range(p.snr);
  j["bias_strength"] = range(p.bias_strength);
  j["head_rotation_deg"] = range(p.head_rotation_deg);
  j["head_shift_mm"] = range(p.head_shift_mm);
  j["pv_step_mm"] = p.pv_step_mm;
  j["quantize"] = p.quantize;
  j["head_scale"] = range(p.head_scale);
  j["ventricle_scale"] = range(p.ventricle_scale);
  j["csf_thickness_mm"] = range(p.csf_thickness_mm);
  j["sulcal_width_mm"] = range(p.sulcal_width_mm);
  j["cortex_thickness_mm"] = range(p.cortex_thickness_mm);
  j["gyral_wavelength_mm"] = range(p.gyral_wavelength_mm);
  j["gm_intensity"] = range(p.gm_intensity);
  j["csf_intensity"] = range(p.csf_intensity);
  j["dura_intensity"] = range(p.dura_intensity);
  j["vessel_intensity"] = range(p.vessel_intensity);
  j["choroid_intensity"] = range(p.choroid_intensity);
  j["cortical_veins"] = irange(p.cortical_veins);
  j["lesion_count"] = irange(p.lesion_count);
  j["lesion_radius_mm"] = range(p.lesion_radius_mm);
  j["rim_probability"] = p.rim_probability;
  j["shell_thickness_mm"] = range(p.shell_thickness_mm);
  j["core_fraction"] = range(p.core_fraction);
  j["open_ring_probability"] = p.open_ring_probability;
  j["ring_completeness"] = range(p.ring_completeness);
  j["lesion_irregularity"] = range(p.lesion_irregularity);
  j["lesion_intensity"] = range(p.lesion_intensity);
  j["core_intensity"] = range(p.core_intensity);
  j["oedema_mm"] = range(p.oedema_mm);
  j["oedema_factor"] = range(p.oedema_factor);
  j["periventricular_probability"] = p.periventricular_probability;
  j["lmd_probability"] = p.lmd_probability;
  j["lmd_type_weights"] = {{"linear", p.lmd_linear_weight}, {"nodular", p.lmd_nodular_weight},
                           {"ependymal", p.lmd_ependymal_weight}};
  j["lmd_mixed_probability"] = p.lmd_mixed_probability;
  j["coat_thickness_mm"] = range(p.coat_thickness_mm);
  j["coat_extent_deg"] = range(p.coat_extent_deg);
  j["nodule_count"] = irange(p.nodule_count);
  j["nodule_diameter_mm"] = range(p.nodule_diameter_mm);
  j["ependymal_thickness_mm"] = range(p.ependymal_thickness_mm);
  j["lme_intensity"] = range(p.lme_intensity);
  return j.dump(2);
}

}  // namespace rimscan::phantom
