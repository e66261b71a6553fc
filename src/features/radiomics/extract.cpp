// The host side of a radiomics extraction: preprocessing (normalisation, cropping,
// resegmentation), one backend call for discretisation and matrices, then the feature formulas.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "rimscan/error.h"
#include "rimscan/features/radiomics/features.h"
#include "rimscan/features/radiomics/radiomics.h"
#include "rimscan/version.h"

namespace rimscan::radiomics {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// pyradiomics' normalisation: (x - mean) / sd over the whole image (sd with n - 1), outliers
// clipped at +-removeOutliers sd, then scaled by normalizeScale.
std::vector<float> normalised(const ImageF& img, const RadiomicsParams& p) {
  const int64_t n = img.num_voxels();
  double s = 0;
  for (float v : img.voxels) s += v;
  const double mean = s / static_cast<double>(n);
  double ss = 0;
  for (float v : img.voxels) ss += (v - mean) * (v - mean);
  const double sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  std::vector<float> out(static_cast<size_t>(n));
  for (int64_t v = 0; v < n; ++v) {
    double x = sd > 0 ? (img.voxels[static_cast<size_t>(v)] - mean) / sd : 0.0;
    if (p.remove_outliers) x = std::clamp(x, -*p.remove_outliers, *p.remove_outliers);
    out[static_cast<size_t>(v)] = static_cast<float>(x * p.normalize_scale);
  }
  return out;
}

void add_class(RadiomicsResult& r, const std::string& cls, const ClassValues& values, const RadiomicsParams& p) {
  const ClassCatalogue& cat = catalogue(cls);
  std::set<std::string> wanted;
  auto it = p.feature_classes.find(cls);
  if (it == p.feature_classes.end() || it->second.empty()) wanted = cat.defaults;
  else wanted = it->second;
  std::vector<std::pair<std::string, double>> sel;
  for (const auto& [name, v] : values)
    if (wanted.count(name)) sel.emplace_back(name, v);
  std::sort(sel.begin(), sel.end());
  for (const auto& [name, v] : sel) r.features.emplace_back("original_" + cls + "_" + name, v);
}

}  // namespace

std::vector<Offset> texture_offsets(const RadiomicsParams& p) {
  std::vector<Offset> out;
  const int slice_axis = 2 - p.force2d_dimension;  // numpy (z, y, x) -> image (x, y, z)
  auto keep = [&](const Offset& o) {
    if (o[0] == 0 && o[1] == 0 && o[2] == 0) return false;
    if (p.force2d && o[static_cast<size_t>(slice_axis)] != 0) return false;
    // One of each +- pair: the first non-zero component in (z, y, x) order is positive.
    for (int a = 2; a >= 0; --a)
      if (o[static_cast<size_t>(a)] != 0) return o[static_cast<size_t>(a)] > 0;
    return false;
  };
  std::vector<int> dists = p.distances;
  std::sort(dists.begin(), dists.end());
  dists.erase(std::unique(dists.begin(), dists.end()), dists.end());
  for (int d : dists) {
    if (p.ibsi_distance_offsets) {
      for (int z = -1; z <= 1; ++z)
        for (int y = -1; y <= 1; ++y)
          for (int x = -1; x <= 1; ++x) {
            Offset o{x * d, y * d, z * d};
            if (keep(o)) out.push_back(o);
          }
    } else {
      for (int z = -d; z <= d; ++z)
        for (int y = -d; y <= d; ++y)
          for (int x = -d; x <= d; ++x) {
            if (std::max({std::abs(x), std::abs(y), std::abs(z)}) != d) continue;
            Offset o{x, y, z};
            if (keep(o)) out.push_back(o);
          }
    }
  }
  return out;
}

nlohmann::ordered_json params_to_json(const RadiomicsParams& p) {
  nlohmann::ordered_json j;
  j["label"] = p.label;
  if (p.bin_count) j["binCount"] = *p.bin_count;
  else j["binWidth"] = *p.bin_width;
  j["resampledPixelSpacing"] = p.resampled_spacing.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(p.resampled_spacing);
  j["interpolator"] = p.interpolator;
  j["normalize"] = p.normalize;
  j["normalizeScale"] = p.normalize_scale;
  j["removeOutliers"] = p.remove_outliers ? nlohmann::ordered_json(*p.remove_outliers) : nlohmann::ordered_json();
  j["voxelArrayShift"] = p.voxel_array_shift;
  j["distances"] = p.distances;
  j["force2D"] = p.force2d;
  j["force2Ddimension"] = p.force2d_dimension;
  j["resegmentRange"] = p.resegment_range.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(p.resegment_range);
  j["resegmentMode"] = p.resegment_mode == ResegmentMode::kAbsolute ? "absolute"
                       : p.resegment_mode == ResegmentMode::kRelative ? "relative" : "sigma";
  j["resegmentShape"] = p.resegment_shape;
  j["minimumROIDimensions"] = p.minimum_roi_dimensions;
  j["minimumROISize"] = p.minimum_roi_size ? nlohmann::ordered_json(*p.minimum_roi_size) : nlohmann::ordered_json();
  j["symmetricalGLCM"] = p.symmetrical_glcm;
  j["weightingNorm"] = p.weighting_norm.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(p.weighting_norm);
  j["gldm_a"] = p.gldm_a;
  j["geometryTolerance"] = p.geometry_tolerance;
  j["rimscan"] = {{"binAlignment", p.bin_alignment == BinAlignment::kIbsi ? "ibsi" : "pyradiomics"},
                  {"excessKurtosis", p.excess_kurtosis},
                  {"distanceOffsets", p.ibsi_distance_offsets ? "ibsi" : "pyradiomics"},
                  {"axisCovariance", p.sample_covariance ? "sample" : "population"},
                  {"aggregation", p.aggregation() == Aggregation::kMerged ? "3D merged" : "3D averaged"}};
  return j;
}

namespace {

// The extraction on any ROI predicate in_roi(linear index), so that label maps need no
// full-size binary copy; one pass over the volume finds the bounding box, everything else runs
// on the crop.
template <class InRoi>
RadiomicsResult extract_roi(Engine& engine, const ImageF& image, const Geometry& mask_geom, InRoi in_roi,
                            const std::string& empty_message, const RadiomicsParams& p) {
  p.validate();
  if (!p.resampled_spacing.empty() && !p.input_resampled)
    throw Error(ErrorCode::kUsage,
                "resampledPixelSpacing: resample image and mask first (io::resample_for_radiomics, as rimscan "
                "features does)");
  require_same_grid(image.geom, "image", mask_geom, "mask", p.geometry_tolerance);
  RadiomicsResult r;
  const auto t_all = std::chrono::steady_clock::now();

  std::vector<float> norm_store;
  const float* vals = image.data();
  if (p.normalize) {
    require_finite(image, "image");  // normalisation uses every voxel
    norm_store = normalised(image, p);
    vals = norm_store.data();
  }
  // Bounding box of the mask.
  const Size3 sz = image.geom.size;
  int64_t lo[3] = {sz[0], sz[1], sz[2]}, hi[3] = {-1, -1, -1};
  for (int64_t k = 0; k < sz[2]; ++k)
    for (int64_t j = 0; j < sz[1]; ++j) {
      const int64_t row = sz[0] * (j + sz[1] * k);
      int64_t first = -1, last = -1;
      for (int64_t i = 0; i < sz[0]; ++i)
        if (in_roi(row + i)) {
          if (first < 0) first = i;
          last = i;
        }
      if (first < 0) continue;
      lo[0] = std::min(lo[0], first), hi[0] = std::max(hi[0], last);
      lo[1] = std::min(lo[1], j), hi[1] = std::max(hi[1], j);
      lo[2] = std::min(lo[2], k), hi[2] = std::max(hi[2], k);
    }
  if (hi[0] < 0) throw Error(ErrorCode::kEmptyMask, empty_message);
  RoiCrop crop;
  for (int a = 0; a < 3; ++a) crop.size[a] = hi[a] - lo[a] + 1;
  crop.spacing = image.geom.spacing;
  const int64_t n = crop.num_voxels();
  crop.values.resize(static_cast<size_t>(n));
  crop.roi.resize(static_cast<size_t>(n));
  std::vector<uint8_t> morph(static_cast<size_t>(n));
  for (int64_t k = 0; k < crop.size[2]; ++k)
    for (int64_t j = 0; j < crop.size[1]; ++j)
      for (int64_t i = 0; i < crop.size[0]; ++i) {
        const size_t src = static_cast<size_t>((lo[0] + i) + sz[0] * ((lo[1] + j) + sz[1] * (lo[2] + k)));
        const size_t dst = static_cast<size_t>(i + crop.size[0] * (j + crop.size[1] * k));
        crop.values[dst] = vals[src];
        morph[dst] = in_roi(static_cast<int64_t>(src)) ? 1 : 0;
      }
  crop.roi = morph;
  int64_t mask_voxels = 0, non_finite = 0;
  for (size_t v = 0; v < morph.size(); ++v) {
    mask_voxels += morph[v];
    if (morph[v] && !std::isfinite(crop.values[v])) ++non_finite;
  }
  if (non_finite > 0)
    throw Error(ErrorCode::kInputInvalid,
                "image: " + std::to_string(non_finite) + " voxel(s) inside the mask are NaN or infinite");

  // Resegmentation (pyradiomics resegmentRange / resegmentMode).
  double reseg_lo = -std::numeric_limits<double>::infinity(), reseg_hi = std::numeric_limits<double>::infinity();
  if (!p.resegment_range.empty()) {
    double a = p.resegment_range[0];
    double b = p.resegment_range.size() > 1 ? p.resegment_range[1] : std::numeric_limits<double>::infinity();
    if (p.resegment_mode != ResegmentMode::kAbsolute) {
      double s = 0, ss = 0, mx = -std::numeric_limits<double>::infinity();
      for (int64_t v = 0; v < n; ++v)
        if (morph[static_cast<size_t>(v)]) {
          const double x = crop.values[static_cast<size_t>(v)];
          s += x, ss += x * x, mx = std::max(mx, x);
        }
      const double m = s / static_cast<double>(mask_voxels);
      const double sd = std::sqrt(std::max(0.0, ss / static_cast<double>(mask_voxels) - m * m));
      if (p.resegment_mode == ResegmentMode::kSigma) {
        a = m + a * sd;
        b = std::isfinite(b) ? m + b * sd : b;
      } else {
        a = a * mx;
        b = std::isfinite(b) ? b * mx : b;
      }
    }
    reseg_lo = a, reseg_hi = b;
    for (int64_t v = 0; v < n; ++v) {
      const double x = crop.values[static_cast<size_t>(v)];
      if (crop.roi[static_cast<size_t>(v)] && (x < reseg_lo || x > reseg_hi)) crop.roi[static_cast<size_t>(v)] = 0;
    }
  }
  int64_t roi_voxels = 0;
  int64_t rlo[3] = {n, n, n}, rhi[3] = {-1, -1, -1};
  for (int64_t k = 0; k < crop.size[2]; ++k)
    for (int64_t j = 0; j < crop.size[1]; ++j)
      for (int64_t i = 0; i < crop.size[0]; ++i)
        if (crop.roi[static_cast<size_t>(i + crop.size[0] * (j + crop.size[1] * k))]) {
          ++roi_voxels;
          const int64_t c[3] = {i, j, k};
          for (int a = 0; a < 3; ++a) rlo[a] = std::min(rlo[a], c[a]), rhi[a] = std::max(rhi[a], c[a]);
        }
  if (roi_voxels == 0) throw Error(ErrorCode::kEmptyMask, "mask: no voxel left after resegmentation");
  int dims = 0;
  for (int a = 0; a < 3; ++a) dims += (rhi[a] > rlo[a]) ? 1 : 0;
  if (dims < p.minimum_roi_dimensions)
    throw Error(ErrorCode::kInputInvalid, "mask: the ROI spans " + std::to_string(dims) +
                                              " dimension(s), fewer than minimumROIDimensions = " +
                                              std::to_string(p.minimum_roi_dimensions));
  if (p.minimum_roi_size && roi_voxels < *p.minimum_roi_size)
    throw Error(ErrorCode::kInputInvalid, "mask: the ROI has " + std::to_string(roi_voxels) +
                                              " voxels, fewer than minimumROISize = " +
                                              std::to_string(*p.minimum_roi_size));

  BinningRule rule;
  if (p.bin_count) {
    rule.fixed_count = true;
    rule.count = *p.bin_count;
  } else {
    rule.width = *p.bin_width;
  }
  rule.alignment = p.bin_alignment;
  if (std::isfinite(reseg_lo)) rule.has_lower_bound = true, rule.lower_bound = reseg_lo;

  MatrixRequest req;
  req.first_order = p.class_enabled("firstorder");
  req.glcm = p.class_enabled("glcm");
  req.glrlm = p.class_enabled("glrlm");
  req.glszm = p.class_enabled("glszm");
  req.gldm = p.class_enabled("gldm");
  req.ngtdm = p.class_enabled("ngtdm");
  req.offsets = texture_offsets(p);
  req.two_d = p.force2d;
  req.slice_axis = 2 - p.force2d_dimension;
  req.gldm_a = p.gldm_a;
  req.voxel_array_shift = p.voxel_array_shift;

  // Small ROIs on the CPU run on one thread: their matrices take well under a millisecond of
  // work, less than the cost of the dozens of OpenMP regions (each a barrier that waits for a
  // descheduled thread on a busy machine). Results do not depend on the thread count.
  Engine* backend = &engine;
  std::unique_ptr<Engine> serial;
  if (engine.kind() == DeviceKind::kCpu && n * static_cast<int64_t>(std::max<size_t>(req.offsets.size(), 1)) < (int64_t{1} << 21)) {
    serial = make_cpu_engine(1);
    backend = serial.get();
  }
  auto t0 = std::chrono::steady_clock::now();
  const DeviceOutput out = backend->radiomics(crop, rule, req);
  r.timings.emplace_back("device", seconds_since(t0));

  t0 = std::chrono::steady_clock::now();
  if (p.class_enabled("shape")) {
    ShapeInput si;
    si.size = crop.size;
    si.spacing = crop.spacing;
    si.mask = p.resegment_shape ? crop.roi.data() : morph.data();
    si.values = crop.values.data();
    si.roi = crop.roi.data();
    si.with_diameters = true;
    si.sample_covariance = p.sample_covariance;
    add_class(r, "shape", shape_features(si), p);
  }
  r.timings.emplace_back("shape", seconds_since(t0));

  t0 = std::chrono::steady_clock::now();
  const double voxel_volume = image.geom.voxel_volume_mm3();
  if (p.class_enabled("firstorder"))
    add_class(r, "firstorder", firstorder_features(out.first_order, out.level_histogram, voxel_volume, p), p);
  if (p.class_enabled("ih")) add_class(r, "ih", intensity_histogram_features(out.level_histogram, p), p);
  if (p.class_enabled("ivh")) add_class(r, "ivh", intensity_volume_features(out.level_histogram), p);
  const std::vector<double> w = p.aggregation() == Aggregation::kMerged
                                    ? direction_weights(req.offsets, crop.spacing, p.weighting_norm)
                                    : std::vector<double>(req.offsets.size(), 1.0);
  if (req.glcm) add_class(r, "glcm", glcm_features(out.matrices, w, p), p);
  if (req.glrlm) add_class(r, "glrlm", glrlm_features(out.matrices, w, p), p);
  if (req.glszm) add_class(r, "glszm", glszm_features(out.matrices), p);
  if (req.gldm) add_class(r, "gldm", gldm_features(out.matrices), p);
  if (req.ngtdm) add_class(r, "ngtdm", ngtdm_features(out.matrices), p);
  r.timings.emplace_back("features", seconds_since(t0));
  r.timings.emplace_back("total", seconds_since(t_all));

  auto& d = r.diagnostics;
  d["versions"] = {{"rimscan", kVersion}};
  d["engine"] = engine.name();
  d["settings"] = params_to_json(p);
  d["image"] = {{"size", {sz[0], sz[1], sz[2]}},
                {"spacing", {image.geom.spacing[0], image.geom.spacing[1], image.geom.spacing[2]}}};
  d["mask"] = {{"voxels", mask_voxels},
               {"roi_voxels", roi_voxels},
               {"bounding_box", {lo[0], lo[1], lo[2], crop.size[0], crop.size[1], crop.size[2]}}};
  d["discretisation"] = {{"grey_levels", out.matrices.ng},
                         {"roi_min", out.bins.min},
                         {"roi_max", out.bins.max},
                         {"mode", out.bins.fixed_count ? "binCount" : "binWidth"}};
  if (!out.bins.fixed_count) d["discretisation"]["first_bin_lower_edge"] = out.bins.low;
  d["texture_directions"] = static_cast<int64_t>(req.offsets.size());
  return r;
}

}  // namespace

RadiomicsResult extract(Engine& engine, const ImageF& image, const ImageU8& mask, const RadiomicsParams& p) {
  const uint8_t* m = mask.data();
  return extract_roi(engine, image, mask.geom, [m](int64_t v) { return m[v] != 0; },
                     "mask: mask is empty (no non-zero voxel)", p);
}

RadiomicsResult extract_label(Engine& engine, const ImageF& image, const ImageI32& labels, const RadiomicsParams& p) {
  const int32_t* l = labels.data();
  const int32_t label = p.label;
  return extract_roi(engine, image, labels.geom, [l, label](int64_t v) { return l[v] == label; },
                     "mask: label " + std::to_string(p.label) + " selects no voxel", p);
}

nlohmann::ordered_json radiomics_for_mask(Engine& engine, const ImageF& image, const ImageU8& mask,
                                          const RadiomicsParams& params) {
  RadiomicsResult r = extract(engine, image, mask, params);
  nlohmann::ordered_json j;
  nlohmann::ordered_json f = nlohmann::ordered_json::object();
  for (const auto& [k, v] : r.features) f[k] = std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
  j["features"] = std::move(f);
  j["diagnostics"] = std::move(r.diagnostics);
  return j;
}

}  // namespace rimscan::radiomics
