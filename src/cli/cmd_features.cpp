// rimscan features IMAGE MASK: radiomics features of one ROI, pyradiomics-compatible names and
// parameter files, IBSI definitions (docs/radiomics.md). JSON or CSV by the output extension.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/dicom_identifiers_json.h"
#include "config/radiomics_params_file.h"
#include "rimscan/engine.h"
#include "rimscan/error.h"
#include "rimscan/features/radiomics/radiomics.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/image_io.h"
#include "rimscan/io/resample.h"
#include "rimscan/log.h"

namespace rimscan::cli {
namespace {

std::string lower_ext(const std::string& path) {
  const auto dot = path.find_last_of('.');
  std::string e = dot == std::string::npos ? "" : path.substr(dot);
  for (char& ch : e) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return e;
}

std::string number_text(double v) {
  if (!std::isfinite(v)) return "nan";
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

class FeaturesCommand final : public Command {
 public:
  const char* name() const override { return "features"; }
  const char* summary() const override {
    return "Radiomics features of an image inside a mask (pyradiomics names and parameter files, IBSI definitions)";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("image", image_, "Intensity image (NIfTI, NRRD, MetaImage)")->required();
    sub.add_option("mask", mask_, "Mask or label map on the same grid")->required();
    sub.add_option("--params", params_,
                   "Parameter file (YAML or JSON) with pyradiomics' sections setting / imageType / featureClass "
                   "and an optional rimscan section; unknown keys are refused");
    sub.add_option("--label", label_, "Label of the ROI in the mask (overrides the parameter file; default 1)")
        ->check(CLI::PositiveNumber);
    sub.add_option("-o,--out", out_, "Output file: .json (features + diagnostics) or .csv (one row of features)")
        ->required();
    sub.add_option("--series", read_.dicom_series,
                   "DICOM image: the series to read, by key (from `rimscan info DIR`) or SeriesInstanceUID");
    sub.add_option("--series-description", read_.dicom_description,
                   "DICOM image: choose the series whose SeriesDescription matches this regex (case-insensitive)");
    sub.add_flag("--keep-phi", keep_phi_,
                 "DICOM: write the identifying values of a DICOM image or mask (names, IDs, dates, institution, "
                 "UIDs) under dicom_identifiers in the JSON output. Off by default: no patient identifiers");
    device_.declare(sub);
  }
  int run() override {
    const std::string ext = lower_ext(out_);
    if (ext != ".json" && ext != ".csv")
      throw Error(ErrorCode::kUsage, "--out " + out_ + ": the output must end in .json or .csv");
    if (keep_phi_ && ext != ".json")
      throw Error(ErrorCode::kUsage, "--keep-phi: identifiers are written only to a .json output, not to " + out_);
    radiomics::RadiomicsParams p = params_.empty() ? radiomics::RadiomicsParams{} : config::read_radiomics_params(params_);
    if (label_ > 0) p.label = label_;
    p.validate();
    auto engine = make_engine(device_.request());
    const auto t_read = std::chrono::steady_clock::now();
    const std::clock_t c_read = std::clock();
    ImageF image;
    ImageI32 labels;
    try {
      image = io::read_image(image_, read_);
    } catch (const Error& e) {
      throw e.with_context("reading image " + image_);
    }
    try {
      labels = io::read_labels(mask_);
    } catch (const Error& e) {
      throw e.with_context("reading mask " + mask_);
    }
    const double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_read).count();
    const std::clock_t c_extract = std::clock();
    if (!p.resampled_spacing.empty()) {
      const std::string type = io::read_header(image_, read_).component_type;
      const bool integer = type.rfind("float", 0) != 0 && type.rfind("double", 0) != 0;
      io::ResampledRoi rs = io::resample_for_radiomics(image, labels, p.label, p.resampled_spacing.data(),
                                                       p.interpolator, p.pad_distance, integer);
      image = std::move(rs.image);
      labels = std::move(rs.labels);
      p.input_resampled = true;
    }
    radiomics::RadiomicsResult r;
    try {
      r = radiomics::extract_label(*engine, image, labels, p);
    } catch (const Error& e) {
      throw e.with_context(image_ + " / " + mask_);
    }
    // Processor time of the whole process (all threads): comparable across tools on a busy
    // machine, where wall-clock time depends on the other load.
    const double cpu_read = static_cast<double>(c_extract - c_read) / CLOCKS_PER_SEC;
    const double cpu_extract = static_cast<double>(std::clock() - c_extract) / CLOCKS_PER_SEC;
    const double wall_extract = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_read).count() - read_s;
    log::info("features: " + std::to_string(r.features.size()) + " features on " + engine->name());
    std::string text;
    if (ext == ".json") {
      nlohmann::ordered_json j;
      nlohmann::ordered_json f = nlohmann::ordered_json::object();
      for (const auto& [k, v] : r.features) f[k] = std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
      j["features"] = std::move(f);
      j["diagnostics"] = r.diagnostics;
      if (keep_phi_) {
        // Only with --keep-phi, only here: one block per input that is a DICOM directory.
        nlohmann::ordered_json ids = nlohmann::ordered_json::object();
        std::error_code ec;
        if (std::filesystem::is_directory(image_, ec))
          ids["image"] = dicom_identifiers_json(io::select_dicom_input(image_, read_).phi);
        if (std::filesystem::is_directory(mask_, ec))
          ids["mask"] = dicom_identifiers_json(io::select_dicom_input(mask_, io::ReadOptions{}).phi);
        if (!ids.empty()) j["dicom_identifiers"] = std::move(ids);
      }
      nlohmann::ordered_json t = nlohmann::ordered_json::object();
      t["read"] = read_s;
      t["extract"] = wall_extract;  // everything after reading: resampling, checks, extraction
      for (const auto& [k, v] : r.timings) t[k] = v;
      j["run"] = {{"seconds", t}, {"cpu_seconds", {{"read", cpu_read}, {"extract", cpu_extract}}}};
      text = j.dump(2) + "\n";
    } else {
      std::string head, row;
      for (size_t i = 0; i < r.features.size(); ++i) {
        head += (i ? "," : "") + r.features[i].first;
        row += (i ? "," : "") + number_text(r.features[i].second);
      }
      text = head + "\n" + row + "\n";
    }
    io::write_file_atomic(out_, text);
    return kExitOk;
  }

 private:
  std::string image_, mask_, params_, out_;
  int label_ = 0;
  bool keep_phi_ = false;
  io::ReadOptions read_;  // DICOM series selection of the image
  DeviceOptions device_;
};

}  // namespace

std::unique_ptr<Command> make_features_command() { return std::make_unique<FeaturesCommand>(); }

}  // namespace rimscan::cli
