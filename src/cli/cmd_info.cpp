// rimscan info: what this rimscan can see (CUDA devices, version), the header of an image
// (geometry, orientation, pixel type), or the series of a DICOM directory, as JSON.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/dicom_identifiers_json.h"
#include "rimscan/device.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/image_io.h"
#include "rimscan/pipeline/result_json.h"
#include "rimscan/version.h"

namespace rimscan::cli {
namespace {

nlohmann::ordered_json header_json(const std::string& path, const io::ImageHeader& h) {
  const Geometry& g = h.geom;
  nlohmann::ordered_json j;
  j["path"] = path;  // as the user gave it
  j["format"] = h.format;
  j["component_type"] = h.component_type;
  // The same geometry object as the case JSON (docs/schema/case.schema.json): LPS mm, direction
  // row-major with column c the direction of image axis c.
  j["geometry"] = geometry_to_json(g);
  j["axial_axis"] = g.axial_axis();
  j["voxel_volume_mm3"] = g.voxel_volume_mm3();
  j["rescale_slope"] = h.rescale_slope;
  j["rescale_intercept"] = h.rescale_intercept;
  return j;
}

nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

// One series of a DICOM directory. Identifying values (UIDs, names, IDs, dates) only with
// --keep-phi (docs/dicom.md, "PHI policy").
nlohmann::ordered_json series_json(const io::DicomSeriesInfo& s, bool keep_phi) {
  nlohmann::ordered_json j;
  j["key"] = s.key;
  j["series_number"] = s.series_number >= 0 ? nlohmann::ordered_json(s.series_number) : nlohmann::ordered_json(nullptr);
  j["description"] = s.description;
  j["modality"] = s.modality;
  j["size"] = {s.columns, s.rows, s.num_images > 0 ? s.num_images : s.num_files};
  j["files"] = s.num_files;
  j["multiframe"] = s.multiframe;
  j["readable"] = s.problem.empty();
  if (s.problem.empty()) {
    j["geometry"] = geometry_to_json(s.geom);
  } else {
    j["problem"] = s.problem;
    j["problem_code"] = error_code_name(s.problem_code);
  }
  j["contrast_agent"] = s.contrast_agent;
  j["acquisition_time"] = s.acquisition_time;
  j["image_type"] = s.image_type;
  j["transfer_syntax"] = s.transfer_syntax;
  j["repetition_time_ms"] = number_or_null(s.repetition_time_ms);
  j["echo_time_ms"] = number_or_null(s.echo_time_ms);
  j["inversion_time_ms"] = number_or_null(s.inversion_time_ms);
  j["flip_angle_deg"] = number_or_null(s.flip_angle_deg);
  io::SeriesScore sc = io::score_post_contrast_t1(s);
  j["post_contrast_t1_score"] = sc.score;
  j["score_reasons"] = sc.reasons;
  if (keep_phi) j["dicom_identifiers"] = dicom_identifiers_json(s.phi);
  return j;
}

nlohmann::ordered_json dicom_dir_json(const std::string& dir, const io::ReadOptions& opt, bool keep_phi) {
  io::DicomScan scan = io::scan_dicom_dir(dir);
  nlohmann::ordered_json j;
  j["path"] = dir;  // as the user gave it
  j["format"] = "dicom";
  j["files_scanned"] = scan.files_seen;
  j["dicom_image_files"] = scan.dicom_files;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& s : scan.series) list.push_back(series_json(s, keep_phi));
  j["series"] = list;
  // What `extract` would read with the same selection options.
  try {
    io::SeriesChoice c = io::select_dicom_series(scan, opt);
    j["selected"] = {{"key", scan.series[c.index].key}, {"reason", c.reason}};
  } catch (const Error& e) {
    j["selected"] = nullptr;
    j["selection_error"] = e.what();
  }
  return j;
}

class InfoCommand final : public Command {
 public:
  const char* name() const override { return "info"; }
  const char* summary() const override {
    return "Show CUDA devices and build information, or an image's header as JSON";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("image", image_,
                   "An image (.nii, .nii.gz, .nrrd, .mha, a DICOM file): print its header (geometry, "
                   "orientation, pixel type) as JSON instead of the build information. A directory: "
                   "list its DICOM series (key, number, description, size, spacing, contrast agent, "
                   "acquisition time, post-contrast T1 score) and which one would be read");
    sub.add_option("--series", read_.dicom_series,
                   "DICOM: the series to read, by key (from this listing) or full SeriesInstanceUID");
    sub.add_option("--series-description", read_.dicom_description,
                   "DICOM: choose the series whose SeriesDescription matches this regex (case-insensitive)");
    sub.add_flag("--keep-phi", keep_phi_,
                 "DICOM: also print each series' identifying values under dicom_identifiers (patient name, "
                 "ID, birth date, accession number, dates, institution, physicians, UIDs). Off by default: "
                 "outputs carry no patient identifiers");
    sub.add_option("-o,--out", out_, "Write the JSON to this file instead of stdout");
    sub.add_flag("--devices", devices_, "List the CUDA devices this rimscan can use");
  }
  int run() override {
    std::error_code ec;
    nlohmann::ordered_json j = image_.empty()                                ? build_json()
                               : std::filesystem::is_directory(image_, ec) ? dicom_dir_json(image_, read_, keep_phi_)
                                                                           : header_json(image_, io::read_header(image_, read_));
    const std::string text = j.dump(2) + "\n";
    if (out_.empty()) {
      std::fputs(text.c_str(), stdout);
    } else {
      io::write_file_atomic(out_, text);
    }
    return 0;
  }

 private:
  nlohmann::ordered_json build_json() const {
    nlohmann::ordered_json j;
    j["version"] = kVersion;
    j["cuda_backend"] = built_with_cuda();
    nlohmann::ordered_json devs = nlohmann::ordered_json::array();
    for (const auto& d : list_cuda_devices()) {
      devs.push_back({{"index", d.index},
                      {"name", d.name},
                      {"compute_capability", std::to_string(d.compute_major) + "." + std::to_string(d.compute_minor)},
                      {"memory_gib", d.memory_gib},
                      {"multiprocessors", d.multiprocessors}});
    }
    j["cuda_devices"] = devs;
    std::string why = cuda_unavailable_reason();
    if (!why.empty()) j["cuda_unavailable_reason"] = why;
    return j;
  }

  std::string image_;
  std::string out_;
  bool devices_ = false;
  bool keep_phi_ = false;
  io::ReadOptions read_;
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

}  // namespace rimscan::cli
