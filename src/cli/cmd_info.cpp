// rimscan info: what this rimscan can see (CUDA devices, version), or the header of an image
// (geometry, orientation, pixel type) as JSON.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "rimscan/device.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/io/image_io.h"
#include "rimscan/version.h"

namespace rimscan::cli {
namespace {

nlohmann::ordered_json vec_json(const double* v, int n) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (int i = 0; i < n; ++i) a.push_back(v[i] == 0.0 ? 0.0 : v[i]);  // no "-0.0" in the JSON
  return a;
}

nlohmann::ordered_json header_json(const std::string& path, const io::ImageHeader& h) {
  const Geometry& g = h.geom;
  nlohmann::ordered_json j;
  j["path"] = path;  // as the user gave it
  j["format"] = h.format;
  j["component_type"] = h.component_type;
  j["size"] = {g.size[0], g.size[1], g.size[2]};
  j["spacing_mm"] = vec_json(g.spacing.data(), 3);
  j["origin_lps_mm"] = vec_json(g.origin.data(), 3);
  // Row-major 3x3; column c is the direction of image axis c in LPS.
  j["direction_lps"] = vec_json(g.direction.data(), 9);
  j["orientation"] = g.orientation_code();
  j["axial_axis"] = g.axial_axis();
  j["voxel_volume_mm3"] = g.voxel_volume_mm3();
  j["rescale_slope"] = h.rescale_slope;
  j["rescale_intercept"] = h.rescale_intercept;
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
                   "An image (.nii, .nii.gz, .nrrd, .mha): print its header (geometry, orientation, "
                   "pixel type) as JSON instead of the build information");
    sub.add_option("-o,--out", out_, "Write the JSON to this file instead of stdout");
    sub.add_flag("--devices", devices_, "List the CUDA devices this rimscan can use");
  }
  int run() override {
    nlohmann::ordered_json j = image_.empty() ? build_json() : header_json(image_, io::read_header(image_));
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
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

}  // namespace rimscan::cli
