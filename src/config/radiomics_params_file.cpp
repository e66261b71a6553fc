// YAML and JSON radiomics parameter files -> radiomics::RadiomicsParams. YAML is first turned
// into JSON (keeping quoted scalars as strings), so both formats share one checker.
#include "config/radiomics_params_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rimscan/error.h"

namespace rimscan::config {
namespace {

using json = nlohmann::json;

json scalar_to_json(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted: always a string
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  char* end = nullptr;
  const long long i = std::strtoll(s.c_str(), &end, 10);
  if (end && *end == '\0') return i;
  const double d = std::strtod(s.c_str(), &end);
  if (end && *end == '\0') return d;
  return s;
}

json yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(n);
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& e : n) a.push_back(yaml_to_json(e));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
  }
  return nullptr;
}

struct Checker {
  std::string file;
  [[noreturn]] void fail(const std::string& msg) const { throw Error(ErrorCode::kUsage, file + ": " + msg); }
  double number(const json& v, const std::string& key) const {
    if (!v.is_number()) fail("setting '" + key + "' must be a number");
    return v.get<double>();
  }
  int integer(const json& v, const std::string& key) const {
    if (!v.is_number_integer()) fail("setting '" + key + "' must be an integer");
    return v.get<int>();
  }
  bool boolean(const json& v, const std::string& key) const {
    if (!v.is_boolean()) fail("setting '" + key + "' must be true or false");
    return v.get<bool>();
  }
  std::string string(const json& v, const std::string& key) const {
    if (!v.is_string()) fail("setting '" + key + "' must be a string");
    return v.get<std::string>();
  }
  std::vector<double> numbers(const json& v, const std::string& key) const {
    std::vector<double> out;
    if (v.is_number()) return {v.get<double>()};
    if (!v.is_array()) fail("setting '" + key + "' must be a list of numbers");
    for (const auto& e : v) out.push_back(number(e, key));
    return out;
  }
};

// Settings that pyradiomics accepts but that have no effect here (filters, voxel-based mode,
// options rimscan always applies). Accepted so that existing files carry over.
const std::vector<std::string>& inert_settings() {
  static const std::vector<std::string> v = {
      "additionalInfo", "preCrop", "correctMask", "label_channel", "enableCExtensions", "sigma",
      "start_level", "level", "wavelet", "gradientUseSpacing", "lbp2DRadius", "lbp2DSamples", "lbp2DMethod",
      "lbp3DLevels", "lbp3DIcosphereRadius", "lbp3DIcosphereSubdivision"};
  return v;
}

void apply_setting(radiomics::RadiomicsParams& p, const std::string& key, const json& v, const Checker& c) {
  if (v.is_null()) {
    // pyradiomics: an empty value means None.
    if (key == "binWidth" || key == "binCount") return;
    if (key == "resampledPixelSpacing") return p.resampled_spacing.clear();
    if (key == "resegmentRange") return p.resegment_range.clear();
    if (key == "weightingNorm") return p.weighting_norm.clear();
    if (key == "removeOutliers") return p.remove_outliers.reset();
    if (key == "minimumROISize") return p.minimum_roi_size.reset();
    if (key == "interpolator") return;
  }
  if (key == "label") p.label = c.integer(v, key);
  else if (key == "binWidth") p.bin_width = c.number(v, key);  // binCount wins when both are given
  else if (key == "binCount") p.bin_count = c.integer(v, key);
  else if (key == "resampledPixelSpacing") p.resampled_spacing = c.numbers(v, key);
  else if (key == "interpolator") p.interpolator = v.is_number() ? std::to_string(v.get<int>()) : c.string(v, key);
  else if (key == "normalize") p.normalize = c.boolean(v, key);
  else if (key == "normalizeScale") p.normalize_scale = c.number(v, key);
  else if (key == "removeOutliers") p.remove_outliers = c.number(v, key);
  else if (key == "voxelArrayShift") p.voxel_array_shift = c.number(v, key);
  else if (key == "distances") {
    p.distances.clear();
    for (double d : c.numbers(v, key)) {
      if (d != static_cast<int>(d)) c.fail("setting 'distances' must list integers");
      p.distances.push_back(static_cast<int>(d));
    }
  } else if (key == "force2D") p.force2d = c.boolean(v, key);
  else if (key == "force2Ddimension") p.force2d_dimension = c.integer(v, key);
  else if (key == "resegmentRange") p.resegment_range = c.numbers(v, key);
  else if (key == "resegmentMode") {
    const std::string m = c.string(v, key);
    if (m == "absolute") p.resegment_mode = radiomics::ResegmentMode::kAbsolute;
    else if (m == "relative") p.resegment_mode = radiomics::ResegmentMode::kRelative;
    else if (m == "sigma") p.resegment_mode = radiomics::ResegmentMode::kSigma;
    else c.fail("setting 'resegmentMode' must be absolute, relative or sigma (got '" + m + "')");
  } else if (key == "resegmentShape") p.resegment_shape = c.boolean(v, key);
  else if (key == "minimumROIDimensions") p.minimum_roi_dimensions = c.integer(v, key);
  else if (key == "minimumROISize") p.minimum_roi_size = c.integer(v, key);
  else if (key == "symmetricalGLCM") p.symmetrical_glcm = c.boolean(v, key);
  else if (key == "weightingNorm") p.weighting_norm = c.string(v, key);
  else if (key == "gldm_a") p.gldm_a = c.integer(v, key);
  else if (key == "geometryTolerance") p.geometry_tolerance = c.number(v, key);
  else if (key == "padDistance") p.pad_distance = c.integer(v, key);
  else if (std::find(inert_settings().begin(), inert_settings().end(), key) != inert_settings().end()) return;
  else c.fail("unknown setting '" + key + "'");
}

void apply_rimscan(radiomics::RadiomicsParams& p, const json& sec, const Checker& c) {
  if (!sec.is_object()) c.fail("section 'rimscan' must be a mapping");
  for (const auto& [key, v] : sec.items()) {
    // Explicit captures: C++17 (and clang) cannot capture structured bindings implicitly.
    auto choice = [&c, &v = v, &key = key](const std::string& a, const std::string& b) {
      const std::string s = c.string(v, key);
      if (s != a && s != b) c.fail("rimscan setting '" + key + "' must be " + a + " or " + b + " (got '" + s + "')");
      return s == b;
    };
    if (key == "convention") {
      const bool ibsi = choice("pyradiomics", "ibsi");
      p.bin_alignment = ibsi ? radiomics::BinAlignment::kIbsi : radiomics::BinAlignment::kPyradiomics;
      p.excess_kurtosis = ibsi;
      p.ibsi_distance_offsets = ibsi;
      p.sample_covariance = ibsi;
    } else if (key == "binAlignment") {
      p.bin_alignment = choice("pyradiomics", "ibsi") ? radiomics::BinAlignment::kIbsi : radiomics::BinAlignment::kPyradiomics;
    } else if (key == "excessKurtosis") {
      p.excess_kurtosis = c.boolean(v, key);
    } else if (key == "distanceOffsets") {
      p.ibsi_distance_offsets = choice("pyradiomics", "ibsi");
    } else if (key == "axisCovariance") {
      p.sample_covariance = choice("population", "sample");
    } else {
      c.fail("unknown rimscan setting '" + key +
             "' (expected convention, binAlignment, excessKurtosis, distanceOffsets, axisCovariance)");
    }
  }
}

}  // namespace

radiomics::RadiomicsParams parse_radiomics_params(const std::string& text, const std::string& format,
                                                  const std::string& name) {
  Checker c{name};
  json root;
  try {
    if (format == "json") root = json::parse(text);
    else root = yaml_to_json(YAML::Load(text));
  } catch (const std::exception& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    c.fail("not valid " + format + ": " + msg);
  }
  radiomics::RadiomicsParams p;
  if (root.is_null()) return p;
  if (!root.is_object()) c.fail("the top level must be a mapping of sections");
  for (const auto& [sec, body] : root.items()) {
    if (sec != "setting" && sec != "imageType" && sec != "featureClass" && sec != "voxelSetting" && sec != "rimscan")
      c.fail("unknown section '" + sec + "' (expected setting, imageType, featureClass, voxelSetting, rimscan)");
  }
  auto settings_from = [&](const json& sec, const std::string& where) {
    if (sec.is_null()) return;
    if (!sec.is_object()) c.fail("section '" + where + "' must be a mapping");
    for (const auto& [key, v] : sec.items()) apply_setting(p, key, v, c);
  };
  if (root.contains("setting")) settings_from(root["setting"], "setting");
  if (root.contains("imageType")) {
    const json& it = root["imageType"];
    if (!it.is_null() && !it.is_object()) c.fail("section 'imageType' must be a mapping");
    if (it.is_object()) {
      if (it.empty()) c.fail("section 'imageType' enables no image type (rimscan supports Original)");
      for (const auto& [type, custom] : it.items()) {
        if (type != "Original")
          c.fail("unsupported imageType '" + type + "' (rimscan computes features on the Original image only)");
        settings_from(custom, "imageType/Original");
      }
    }
  }
  if (root.contains("featureClass")) {
    const json& fc = root["featureClass"];
    if (!fc.is_null() && !fc.is_object()) c.fail("section 'featureClass' must be a mapping");
    if (fc.is_object()) {
      for (const auto& [cls, feats] : fc.items()) {
        const auto& names = radiomics::feature_class_names();
        if (std::find(names.begin(), names.end(), cls) == names.end()) {
          if (cls == "shape2D") c.fail("unsupported featureClass 'shape2D' (rimscan computes 3D shape only)");
          c.fail("unknown featureClass '" + cls + "'");
        }
        std::set<std::string>& set = p.feature_classes[cls];
        if (feats.is_null()) continue;
        if (!feats.is_array()) c.fail("featureClass '" + cls + "' must list feature names");
        for (const auto& f : feats) {
          if (!f.is_string()) c.fail("featureClass '" + cls + "' must list feature names");
          set.insert(f.get<std::string>());
        }
      }
    }
  }
  if (root.contains("voxelSetting")) {
    const json& vs = root["voxelSetting"];
    if (vs.is_object())
      for (const auto& [key, v] : vs.items())
        if (key != "kernelRadius" && key != "maskedKernel" && key != "initValue" && key != "voxelBatch")
          c.fail("unknown voxelSetting '" + key + "'");
  }
  if (root.contains("rimscan")) apply_rimscan(p, root["rimscan"], c);
  try {
    p.validate();
  } catch (const Error& e) {
    c.fail(e.what());
  }
  return p;
}

radiomics::RadiomicsParams read_radiomics_params(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kInputMissing, path + ": cannot open the parameter file");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string ext = path.substr(path.find_last_of('.') == std::string::npos ? path.size() : path.find_last_of('.'));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  std::string format;
  if (ext == ".json") format = "json";
  else if (ext == ".yaml" || ext == ".yml") format = "yaml";
  else throw Error(ErrorCode::kUsage, path + ": parameter file must end in .yaml, .yml or .json");
  return parse_radiomics_params(ss.str(), format, path);
}

}  // namespace rimscan::config
