// rimscan phantom: a set of synthetic post-contrast T1 brain cases with known truth
// (docs/phantom.md). Every randomised property of PhantomParams is an option taking a range
// "lo:hi" (or one value); a preset gives the defaults the options then override.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "rimscan/device.h"
#include "rimscan/error.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/io/image_io.h"
#include "rimscan/log.h"
#include "rimscan/phantom/phantom.h"
#if defined(RIMSCAN_HAVE_RENDER)
#include "rimscan/render/render.h"
#endif

namespace rimscan::cli {
namespace {

using phantom::PhantomParams;
using phantom::Range;

// One option per randomised property, each bound to its field of PhantomParams.
struct RangeOption {
  const char* name;
  Range PhantomParams::*field;
  const char* help;
};
struct IntRangeOption {
  const char* name;
  phantom::IntRange PhantomParams::*field;
  const char* help;
};
struct NumberOption {
  const char* name;
  double PhantomParams::*field;
  const char* help;
};

const RangeOption kRangeOptions[] = {
    {"scale", &PhantomParams::intensity_scale, "Stored white-matter intensity before bias and noise"},
    {"snr", &PhantomParams::snr, "White-matter signal / Rician noise sigma"},
    {"bias", &PhantomParams::bias_strength, "Peak |log gain| of the multiplicative bias field"},
    {"head-rotation-deg", &PhantomParams::head_rotation_deg, "Head rotation about each axis (degrees)"},
    {"head-shift-mm", &PhantomParams::head_shift_mm, "Head shift along each axis (mm)"},
    {"head-scale", &PhantomParams::head_scale, "Head size factor"},
    {"ventricle-scale", &PhantomParams::ventricle_scale, "Ventricle size factor"},
    {"csf-mm", &PhantomParams::csf_thickness_mm, "Subarachnoid CSF over the convexity (mm)"},
    {"sulcal-width-mm", &PhantomParams::sulcal_width_mm, "Width of the sulci (mm)"},
    {"cortex-mm", &PhantomParams::cortex_thickness_mm, "Cortical thickness (mm)"},
    {"gyral-wavelength-mm", &PhantomParams::gyral_wavelength_mm, "Spacing of the primary sulci (mm)"},
    {"gm-intensity", &PhantomParams::gm_intensity, "Grey matter (white matter = 1)"},
    {"csf-intensity", &PhantomParams::csf_intensity, "CSF (white matter = 1)"},
    {"dura-intensity", &PhantomParams::dura_intensity, "Dura (white matter = 1)"},
    {"vessel-intensity", &PhantomParams::vessel_intensity, "Veins and sinuses (white matter = 1)"},
    {"choroid-intensity", &PhantomParams::choroid_intensity, "Choroid plexus (white matter = 1)"},
    {"lesion-radius-mm", &PhantomParams::lesion_radius_mm, "Outer radius of a lesion (mm)"},
    {"shell-mm", &PhantomParams::shell_thickness_mm, "Enhancing shell thickness of a rim lesion (mm)"},
    {"core-fraction", &PhantomParams::core_fraction, "Intended core fraction |C|/|L| of a rim lesion"},
    {"ring-completeness", &PhantomParams::ring_completeness, "Intended completeness of an open ring"},
    {"irregularity", &PhantomParams::lesion_irregularity, "Relative radius irregularity of a lesion"},
    {"lesion-intensity", &PhantomParams::lesion_intensity, "Enhancing lesion tissue (white matter = 1)"},
    {"core-intensity", &PhantomParams::core_intensity, "Non-enhancing core (white matter = 1)"},
    {"oedema-mm", &PhantomParams::oedema_mm, "Oedema extent beyond the lesion (mm)"},
    {"oedema-factor", &PhantomParams::oedema_factor, "Oedema intensity factor on white matter"},
    {"coat-mm", &PhantomParams::coat_thickness_mm, "Leptomeningeal coating thickness (mm)"},
    {"coat-extent-deg", &PhantomParams::coat_extent_deg, "Angular radius of the coated region (degrees)"},
    {"nodule-diameter-mm", &PhantomParams::nodule_diameter_mm, "Leptomeningeal nodule diameter (mm)"},
    {"ependymal-mm", &PhantomParams::ependymal_thickness_mm, "Ependymal enhancement thickness (mm)"},
    {"lme-intensity", &PhantomParams::lme_intensity, "Leptomeningeal enhancement (white matter = 1)"},
};
const IntRangeOption kIntRangeOptions[] = {
    {"lesion-count", &PhantomParams::lesion_count, "Lesions per case (0-6)"},
    {"cortical-veins", &PhantomParams::cortical_veins, "Cortical veins per case"},
    {"nodules", &PhantomParams::nodule_count, "Nodules of a nodular leptomeningeal case"},
};
const NumberOption kNumberOptions[] = {
    {"rim-probability", &PhantomParams::rim_probability, "Probability that a lesion is rim-enhancing"},
    {"open-ring-probability", &PhantomParams::open_ring_probability, "Probability that a rim is open"},
    {"periventricular-probability", &PhantomParams::periventricular_probability,
     "Probability that a lesion is periventricular"},
    {"lmd-probability", &PhantomParams::lmd_probability, "Probability of leptomeningeal enhancement"},
    {"lmd-mixed-probability", &PhantomParams::lmd_mixed_probability,
     "Probability that a second leptomeningeal type joins the first"},
    {"pv-step-mm", &PhantomParams::pv_step_mm, "Partial-volume sub-sample step inside a voxel (mm)"},
};

std::string spacing_text(const Vec3& s) {
  std::ostringstream os;
  os << s[0] << "x" << s[1] << "x" << s[2];
  return os.str();
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

class PhantomCommand final : public Command {
 public:
  const char* name() const override { return "phantom"; }
  const char* summary() const override {
    return "Generate synthetic post-contrast T1 brain cases with known truth (rim lesions, leptomeningeal "
           "enhancement)";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("-o,--out", out_, "Output directory (created if missing)")->required();
    sub.add_option("--n", n_, "Number of cases")->default_val(10)->check(CLI::Range(1, 100000));
    sub.add_option("--seed", seed_, "Seed of the set; case i of (seed, parameters) is always the same")
        ->default_val(1);
    sub.add_option("--first", first_, "Index of the first case (to extend a set)")
        ->default_val(0)
        ->check(CLI::NonNegativeNumber);
    sub.add_option("--preset", preset_, "Defaults: train, test (wider ranges), ci, tiny (2-3 mm voxels), sample")
        ->default_val("train");
    sub.add_option("--prefix", prefix_, "Case id prefix")->default_val("phantom");
    sub.add_option("--spacing", spacing_, "Spacing choices per image axis, e.g. '1,1,1|0.9,0.9,5'");
    sub.add_option("--orientation", orientation_, "Orientation choices, e.g. 'LPS|RAS|PIL'");
    sub.add_option("--fov", fov_, "Field of view L-R,A-P,S-I in mm, e.g. '184,216,168'");
    sub.add_option("--kinds", kinds_,
                   "Forced content per case: random, normal, solid, rim, open_rim, lmd, rim_lmd (comma list)");
    sub.add_flag("--cycle", cycle_, "Case i takes choice i mod n of --spacing/--orientation/--kinds (else random)");
    sub.add_flag("--quantize", quantize_, "Round stored intensities to integers");
    sub.add_option("--lmd-types", lmd_types_, "Weights of leptomeningeal types, e.g. 'linear=1,nodular=1,ependymal=0.5'");
    for (const auto& o : kRangeOptions) sub.add_option(std::string("--") + o.name, values_[o.name], std::string(o.help) + " (range lo:hi)");
    for (const auto& o : kIntRangeOptions) sub.add_option(std::string("--") + o.name, values_[o.name], std::string(o.help) + " (range lo:hi)");
    for (const auto& o : kNumberOptions) sub.add_option(std::string("--") + o.name, values_[o.name], o.help);
    sub.add_flag("--png", png_, "Write a QC montage <case>_qc.png per case (truth contours)");
    sub.add_flag("--write-tissue", tissue_, "Write the tissue class map <case>_tissue.nii.gz (debugging)");
    device_.declare(sub);
  }

  int run() override {
    const DeviceRequest req = device_.request();
    if (req.mode == DeviceRequest::Mode::kCuda)
      throw Error(ErrorCode::kUsage, "--device cuda: the phantom generator runs on the CPU only");
    const PhantomParams p = params();
#if !defined(RIMSCAN_HAVE_RENDER)
    if (png_) throw Error(ErrorCode::kUsage, "--png: this rimscan was built without the drawing adapter");
#endif
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(out_, ec);
    if (ec || !fs::is_directory(out_)) throw Error(ErrorCode::kOutput, "--out " + out_ + ": cannot create the directory");

    std::string labels = "case_id,pce,lmd,kind,n_lesions,n_rim_lesions,max_core_fraction,max_ring_completeness,"
                         "max_diameter_mm,lmd_type,lme_volume_ml,spacing_mm,orientation,size,seed,index\n";
    std::string manifest = "case_id,t1c,brain_mask\n";
    std::printf("%s", labels.c_str());
    phantom::GenerateOptions opt;
    opt.threads = req.threads;
    opt.tissue_map = tissue_;
    opt.case_prefix = prefix_;
    for (int i = first_; i < first_ + n_; ++i) {
      phantom::PhantomCase c = phantom::generate_case(p, seed_, i, opt);
      const std::string id = c.plan.case_id;
      write_case(c);
      const std::string row = label_row(c);
      labels += row;
      manifest += id + "," + id + "_t1c.nii.gz," + id + "_intracranial.nii.gz\n";
      std::printf("%s", row.c_str());
      std::fflush(stdout);
      log::info("phantom " + id + ": " + c.plan.geom.describe() + ", pce=" + std::to_string(c.measured.pce) +
                " lmd=" + std::to_string(c.measured.lmd));
    }
    io::write_file_atomic(path("params.json"), phantom::params_json(p) + "\n");
    io::write_file_atomic(path("manifest.csv"), manifest);
    io::write_file_atomic(path("labels.csv"), labels);
    return kExitOk;
  }

 private:
  std::string path(const std::string& file) const { return (std::filesystem::path(out_) / file).string(); }

  PhantomParams params() const {
    PhantomParams p = phantom::preset(preset_);
    if (!spacing_.empty()) p.spacings = phantom::parse_spacings(spacing_, "--spacing");
    if (!orientation_.empty()) p.orientations = phantom::parse_orientations(orientation_, "--orientation");
    if (!kinds_.empty()) p.kinds = phantom::parse_kinds(kinds_, "--kinds");
    if (!fov_.empty()) {
      const auto f = phantom::parse_spacings(fov_, "--fov");
      if (f.size() != 1) throw Error(ErrorCode::kUsage, "--fov: give one triple L-R,A-P,S-I");
      p.fov_mm = f[0];
    }
    if (cycle_) p.choice_mode = phantom::ChoiceMode::kCycle;
    if (quantize_) p.quantize = true;
    for (const auto& o : kRangeOptions) {
      const std::string& v = values_.at(o.name);
      if (!v.empty()) p.*o.field = phantom::parse_range(v, std::string("--") + o.name);
    }
    for (const auto& o : kIntRangeOptions) {
      const std::string& v = values_.at(o.name);
      if (!v.empty()) p.*o.field = phantom::parse_int_range(v, std::string("--") + o.name);
    }
    for (const auto& o : kNumberOptions) {
      const std::string& v = values_.at(o.name);
      if (v.empty()) continue;
      const Range r = phantom::parse_range(v, std::string("--") + o.name);
      if (r.lo != r.hi) throw Error(ErrorCode::kUsage, std::string("--") + o.name + ": give one number");
      p.*o.field = r.lo;
    }
    if (!lmd_types_.empty()) parse_lmd_types(p);
    phantom::validate(p);
    return p;
  }

  void parse_lmd_types(PhantomParams& p) const {
    p.lmd_linear_weight = p.lmd_nodular_weight = p.lmd_ependymal_weight = 0;
    std::istringstream in(lmd_types_);
    std::string item;
    while (std::getline(in, item, ',')) {
      const auto eq = item.find('=');
      const std::string key = item.substr(0, eq);
      const double w = eq == std::string::npos ? 1.0 : phantom::parse_range(item.substr(eq + 1), "--lmd-types").lo;
      if (key == "linear") p.lmd_linear_weight = w;
      else if (key == "nodular") p.lmd_nodular_weight = w;
      else if (key == "ependymal") p.lmd_ependymal_weight = w;
      else throw Error(ErrorCode::kUsage, "--lmd-types: unknown type '" + key + "' (linear, nodular, ependymal)");
    }
  }

  void write_case(const phantom::PhantomCase& c) const {
    const std::string id = c.plan.case_id;
    try {
      io::write_image(c.t1c, path(id + "_t1c.nii.gz"));
      io::write_labels(c.truth, path(id + "_truth.nii.gz"));
      io::write_labels(c.intracranial, path(id + "_intracranial.nii.gz"));
      if (tissue_) io::write_labels(c.tissue, path(id + "_tissue.nii.gz"));
      io::write_file_atomic(path(id + "_truth.json"), phantom::case_json(c) + "\n");
#if defined(RIMSCAN_HAVE_RENDER)
      if (png_) render::write_png(qc_montage(c), path(id + "_qc.png"));
#endif
    } catch (const Error& e) {
      throw e.with_context("writing case " + id);
    }
  }

#if defined(RIMSCAN_HAVE_RENDER)
  // Slices through the lesions (axial plain and contoured, coronal, for each of the first two),
  // the axial slice with the most leptomeningeal enhancement (plain and contoured), axial levels
  // to fill up, a paramedian sagittal slice.
  static render::RgbImage qc_montage(const phantom::PhantomCase& c) {
    using render::Plane;
    std::vector<render::SliceSpec> s;
    const Geometry& g = c.t1c.geom;
    // Each slice of interest twice: plain, then with the truth contours.
    for (size_t n = 0; n < c.measured.lesions.size() && n < 2; ++n) {
      s.push_back(render::slice_through(g, Plane::kAxial, c.measured.lesions[n].centroid_mm, false));
      s.push_back(render::slice_through(g, Plane::kAxial, c.measured.lesions[n].centroid_mm));
      s.push_back(render::slice_through(g, Plane::kCoronal, c.measured.lesions[n].centroid_mm));
    }
    if (c.measured.lme_voxels > 0) {
      // The axial slice with the most leptomeningeal voxels.
      const int ax = g.axial_axis();
      std::vector<int64_t> count(static_cast<size_t>(g.size[ax]), 0);
      std::vector<Vec3> where(count.size());
      for (int64_t k = 0; k < g.size[2]; ++k)
        for (int64_t j = 0; j < g.size[1]; ++j)
          for (int64_t i = 0; i < g.size[0]; ++i)
            if (c.truth.at(i, j, k) == kLabelLeptomeningeal) {
              const int64_t idx[3] = {i, j, k};
              const size_t at = static_cast<size_t>(idx[ax]);
              if (count[at]++ == 0) where[at] = g.index_to_physical({double(i), double(j), double(k)});
            }
      const size_t best = static_cast<size_t>(std::max_element(count.begin(), count.end()) - count.begin());
      s.push_back(render::slice_through(g, Plane::kAxial, where[best], false));
      s.push_back(render::slice_through(g, Plane::kAxial, where[best]));
    }
    const double levels[] = {0.55, 0.62, 0.75};
    for (double f : levels)
      if (s.size() < 5) s.push_back({Plane::kAxial, f});
    s.push_back(render::slice_through(g, Plane::kSagittal, {-6, 0, 0}));
    render::RenderOptions o;
    o.pixel_mm = 1.0;
    o.window_mask = &c.intracranial;
    o.lo_pct = 0.5;
    o.hi_pct = 99.8;
    o.title = c.plan.case_id + "  pce=" + std::to_string(c.measured.pce) + " lmd=" + std::to_string(c.measured.lmd) +
              "  " + phantom::case_kind_name(c.plan.kind) + "  " + spacing_text(g.spacing) + " mm " +
              g.orientation_code();
    return render::render_montage(c.t1c, &c.truth, s, 3, o);
  }
#endif

  static std::string label_row(const phantom::PhantomCase& c) {
    const auto& t = c.measured;
    int n_rim = 0;
    double max_cf = 0, max_rc = 0, max_d = 0;
    for (const auto& l : t.lesions) {
      n_rim += l.rim ? 1 : 0;
      max_cf = std::max(max_cf, l.core_fraction);
      max_rc = std::max(max_rc, l.ring_completeness < 0 ? 0.0 : l.ring_completeness);
      max_d = std::max(max_d, l.diameter_mm);
    }
    const Geometry& g = c.plan.geom;
    std::ostringstream os;
    os << c.plan.case_id << "," << (t.pce ? 1 : 0) << "," << (t.lmd ? 1 : 0) << ","
       << phantom::case_kind_name(c.plan.kind) << "," << t.lesions.size() << "," << n_rim << ","
       << number_text(max_cf) << "," << number_text(max_rc) << "," << number_text(max_d) << ","
       << c.plan.lmd.types_text() << "," << number_text(t.lme_volume_ml) << "," << spacing_text(g.spacing) << ","
       << g.orientation_code() << "," << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << "," << c.plan.seed
       << "," << c.plan.index << "\n";
    return os.str();
  }

  std::string out_, preset_ = "train", prefix_ = "phantom", spacing_, orientation_, fov_, kinds_, lmd_types_;
  int n_ = 10, first_ = 0;
  uint64_t seed_ = 1;
  bool cycle_ = false, quantize_ = false, png_ = false, tissue_ = false;
  std::map<std::string, std::string> values_;
  DeviceOptions device_;
};

}  // namespace

std::unique_ptr<Command> make_phantom_command() { return std::make_unique<PhantomCommand>(); }

}  // namespace rimscan::cli
