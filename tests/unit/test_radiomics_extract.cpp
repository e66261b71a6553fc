// radiomics::extract on synthetic volumes: values checkable by hand, the JSON for
// `extract --radiomics`, and the error paths (one-line rimscan::Error with the right code).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "rimscan/error.h"
#include "rimscan/features/mesh.h"
#include "rimscan/features/radiomics/radiomics.h"

using namespace rimscan;
using namespace rimscan::radiomics;

namespace {

struct Vol {
  ImageF image;
  ImageU8 mask;
};

// A 6x5x4 block ROI inside a 10x9x8 volume; intensity = 10 * (i % 3) + 100.
Vol block() {
  Vol v{ImageF(Geometry::make({10, 9, 8}, {0.5, 0.5, 2.0})), ImageU8(Geometry::make({10, 9, 8}, {0.5, 0.5, 2.0}))};
  for (int64_t k = 0; k < 8; ++k)
    for (int64_t j = 0; j < 9; ++j)
      for (int64_t i = 0; i < 10; ++i) {
        v.image.at(i, j, k) = static_cast<float>(100 + 10 * (i % 3));
        v.mask.at(i, j, k) = (i >= 2 && i < 8 && j >= 2 && j < 7 && k >= 2 && k < 6) ? 1 : 0;
      }
  return v;
}

std::map<std::string, double> as_map(const RadiomicsResult& r) { return {r.features.begin(), r.features.end()}; }

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return ErrorCode::kInternal;
}

}  // namespace

TEST(RadiomicsExtract, FirstOrderAndShapeOfABlockByHand) {
  Vol v = block();
  auto engine = make_cpu_engine(1);
  RadiomicsParams p;
  p.bin_width = 10.0;
  const auto f = as_map(extract(*engine, v.image, v.mask, p));
  // Columns i = 2..7 carry 120, 100, 110, 120, 100, 110: two of each value, 6 x 5 x 4 = 120 voxels.
  EXPECT_DOUBLE_EQ(f.at("original_firstorder_Mean"), 110.0);
  EXPECT_DOUBLE_EQ(f.at("original_firstorder_Minimum"), 100.0);
  EXPECT_DOUBLE_EQ(f.at("original_firstorder_Maximum"), 120.0);
  EXPECT_NEAR(f.at("original_firstorder_Variance"), 200.0 / 3.0, 1e-9);
  EXPECT_NEAR(f.at("original_firstorder_Entropy"), std::log2(3.0), 1e-9);  // three equally full bins
  EXPECT_NEAR(f.at("original_firstorder_Uniformity"), 1.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(f.at("original_shape_VoxelVolume"), 120 * 0.5 * 0.5 * 2.0);
  // PCA: variances of uniform indices 0..n-1 are (n^2 - 1) / 12, in mm.
  const double var_z = (16.0 - 1) / 12 * 4.0;
  EXPECT_NEAR(f.at("original_shape_MajorAxisLength"), 4 * std::sqrt(var_z), 1e-9);
  // The mesh measures used by the pipeline agree with the shape class.
  const auto mm = features::mesh_measures(v.mask.data(), v.mask.geom.size, v.mask.geom.spacing);
  EXPECT_NEAR(f.at("original_shape_MeshVolume"), mm.volume_mm3, 1e-9);
  EXPECT_NEAR(f.at("original_shape_Sphericity"), mm.sphericity, 1e-12);
  // GLCM along x: every pair differs by one bin (or two at the 120 -> 100 wrap).
  EXPECT_GT(f.at("original_glcm_Contrast"), 0.0);
  EXPECT_EQ(f.size(), 107u);  // pyradiomics' default feature set
}

TEST(RadiomicsExtract, LabelMapAndBinaryMaskGiveTheSameFeatures) {
  Vol v = block();
  ImageI32 labels(v.mask.geom);
  for (size_t t = 0; t < labels.voxels.size(); ++t) labels.voxels[t] = v.mask.voxels[t] ? 3 : (t % 2);
  auto engine = make_cpu_engine(2);
  RadiomicsParams p;
  p.label = 3;
  const auto a = extract(*engine, v.image, v.mask, p);
  const auto b = extract_label(*engine, v.image, labels, p);
  ASSERT_EQ(a.features.size(), b.features.size());
  for (size_t t = 0; t < a.features.size(); ++t) EXPECT_EQ(a.features[t], b.features[t]);
}

TEST(RadiomicsExtract, JsonForExtractHasFeaturesAndDiagnostics) {
  Vol v = block();
  auto engine = make_cpu_engine(1);
  RadiomicsParams p;
  p.feature_classes["glszm"] = {};
  const auto j = radiomics_for_mask(*engine, v.image, v.mask, p);
  ASSERT_TRUE(j.contains("features"));
  EXPECT_EQ(j["features"].size(), 16u);
  EXPECT_TRUE(j["features"].contains("original_glszm_ZonePercentage"));
  EXPECT_EQ(j["diagnostics"]["mask"]["voxels"], 120);
  EXPECT_EQ(j["diagnostics"]["discretisation"]["grey_levels"], 1);  // binWidth 25: one bin
}

TEST(RadiomicsExtract, ResegmentationAndMinimumRoi) {
  Vol v = block();
  auto engine = make_cpu_engine(1);
  RadiomicsParams p;
  p.resegment_range = {105.0, 200.0};
  const auto r = extract(*engine, v.image, v.mask, p);
  EXPECT_EQ(r.diagnostics["mask"]["roi_voxels"], 80);
  EXPECT_DOUBLE_EQ(as_map(r).at("original_firstorder_Minimum"), 110.0);
  EXPECT_DOUBLE_EQ(as_map(r).at("original_shape_VoxelVolume"), 120 * 0.5);  // shape keeps the mask
  p.resegment_range = {500.0};
  EXPECT_EQ(code_of([&] { extract(*engine, v.image, v.mask, p); }), ErrorCode::kEmptyMask);
  p.resegment_range.clear();
  p.minimum_roi_size = 1000;
  EXPECT_EQ(code_of([&] { extract(*engine, v.image, v.mask, p); }), ErrorCode::kInputInvalid);
}

TEST(RadiomicsExtract, BadInputsAreErrorsWithTheRightCode) {
  Vol v = block();
  auto engine = make_cpu_engine(1);
  RadiomicsParams p;
  ImageU8 empty(v.mask.geom);
  EXPECT_EQ(code_of([&] { extract(*engine, v.image, empty, p); }), ErrorCode::kEmptyMask);
  ImageU8 other(Geometry::make({10, 9, 7}, {0.5, 0.5, 2.0}), 1);
  EXPECT_EQ(code_of([&] { extract(*engine, v.image, other, p); }), ErrorCode::kGeometryMismatch);
  ImageF nan = v.image;
  nan.at(4, 4, 4) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(code_of([&] { extract(*engine, nan, v.mask, p); }), ErrorCode::kInputInvalid);
  ImageF nan_outside = v.image;
  nan_outside.at(0, 0, 0) = std::numeric_limits<float>::quiet_NaN();  // outside the ROI: not used
  EXPECT_NO_THROW(extract(*engine, nan_outside, v.mask, p));
  p.bin_width = 0.0;
  EXPECT_EQ(code_of([&] { extract(*engine, v.image, v.mask, p); }), ErrorCode::kUsage);
  p.bin_width = 0.001;  // 20000 levels
  EXPECT_EQ(code_of([&] { extract(*engine, v.image, v.mask, p); }), ErrorCode::kUsage);
  p.bin_width = 25.0;
  p.resampled_spacing = {1, 1, 1};  // the core never resamples
  EXPECT_EQ(code_of([&] { extract(*engine, v.image, v.mask, p); }), ErrorCode::kUsage);
}
