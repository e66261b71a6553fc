// Radiomics parameter files: pyradiomics' own example files are accepted; unknown sections,
// settings, image types, classes and features are refused with one line naming file and key.
#include <gtest/gtest.h>

#include <fstream>

#include "common/test_data.h"
#include "config/radiomics_params_file.h"
#include "rimscan/error.h"

using namespace rimscan;

namespace {
std::string refusal(const std::string& text, const std::string& format = "yaml") {
  try {
    config::parse_radiomics_params(text, format, "p.yaml");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUsage);
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    return m;
  }
  ADD_FAILURE() << "accepted: " << text;
  return "";
}
}  // namespace

TEST(RadiomicsParamsFile, PyradiomicsExampleParamsYaml) {
  auto p = config::read_radiomics_params(test::data_path("pyradiomics/exampleSettings/Params.yaml"));
  EXPECT_EQ(*p.bin_width, 25.0);
  EXPECT_EQ(p.label, 1);
  EXPECT_EQ(p.interpolator, "sitkBSpline");
  EXPECT_TRUE(p.resampled_spacing.empty());
  EXPECT_TRUE(p.weighting_norm.empty());
  ASSERT_EQ(p.feature_classes.count("glcm"), 1u);
  EXPECT_EQ(p.feature_classes["glcm"].count("SumAverage"), 0u);
  EXPECT_EQ(p.feature_classes["glcm"].count("JointEntropy"), 1u);
  EXPECT_TRUE(p.feature_classes["shape"].empty());  // all default shape features
  EXPECT_TRUE(p.class_enabled("gldm"));
  EXPECT_FALSE(p.class_enabled("ngtdm"));
}

TEST(RadiomicsParamsFile, JsonWithSettingsAndRimscanSection) {
  auto p = config::parse_radiomics_params(
      R"({"setting": {"binCount": 32, "distances": [1, 2], "force2D": true, "weightingNorm": "no_weighting",
          "resegmentRange": [-3, 3], "resegmentMode": "sigma", "voxelArrayShift": 1000, "gldm_a": 1},
          "featureClass": {"glcm": null, "firstorder": ["Mean", "Kurtosis"]},
          "rimscan": {"convention": "ibsi"}})",
      "json", "p.json");
  EXPECT_EQ(*p.bin_count, 32);
  EXPECT_EQ(p.distances, (std::vector<int>{1, 2}));
  EXPECT_TRUE(p.force2d);
  EXPECT_EQ(p.aggregation(), radiomics::Aggregation::kMerged);
  EXPECT_EQ(p.resegment_mode, radiomics::ResegmentMode::kSigma);
  EXPECT_EQ(p.voxel_array_shift, 1000.0);
  EXPECT_EQ(p.gldm_a, 1);
  EXPECT_EQ(p.bin_alignment, radiomics::BinAlignment::kIbsi);
  EXPECT_TRUE(p.excess_kurtosis);
  EXPECT_TRUE(p.sample_covariance);
  EXPECT_EQ(p.feature_classes["firstorder"].size(), 2u);
}

TEST(RadiomicsParamsFile, RefusesUnknownKeysWithTheFileAndKey) {
  EXPECT_NE(refusal("setting:\n  binWidht: 25\n").find("p.yaml: unknown setting 'binWidht'"), std::string::npos);
  EXPECT_NE(refusal("settings:\n  binWidth: 25\n").find("unknown section 'settings'"), std::string::npos);
  EXPECT_NE(refusal("imageType:\n  LoG: {sigma: [1.0]}\n").find("unsupported imageType 'LoG'"), std::string::npos);
  EXPECT_NE(refusal("featureClass:\n  glcmm:\n").find("unknown featureClass 'glcmm'"), std::string::npos);
  EXPECT_NE(refusal("featureClass:\n  glcm: [JointEntropyy]\n").find("unknown feature 'JointEntropyy'"),
            std::string::npos);
  EXPECT_NE(refusal("setting:\n  binWidth: -1\n").find("binWidth must be > 0"), std::string::npos);
  EXPECT_NE(refusal("setting:\n  binWidth: wide\n").find("'binWidth' must be a number"), std::string::npos);
  EXPECT_NE(refusal("setting:\n  weightingNorm: cosine\n").find("weightingNorm"), std::string::npos);
  EXPECT_NE(refusal("rimscan:\n  convention: mirp\n").find("convention"), std::string::npos);
  EXPECT_NE(refusal("{\"setting\": {\"label\": }}", "json").find("not valid json"), std::string::npos);
  EXPECT_NE(refusal("setting: [1, 2\n").find("not valid yaml"), std::string::npos);
}

TEST(RadiomicsParamsFile, MissingFileAndWrongExtension) {
  try {
    config::read_radiomics_params("/nonexistent/params.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInputMissing);
  }
  const std::string dir = test::make_temp_dir("params");
  std::ofstream(dir + "/p.txt") << "setting: {}\n";
  EXPECT_THROW(config::read_radiomics_params(dir + "/p.txt"), Error);
}

TEST(RadiomicsParamsFile, AllPyradiomicsExampleFilesParseOrNameWhatIsUnsupported) {
  for (const std::string f : {"exampleCT.yaml", "exampleMR_3mm.yaml", "MR_2D_extraction.yaml"}) {
    try {
      config::read_radiomics_params(test::data_path("pyradiomics/exampleSettings/" + f));
    } catch (const Error& e) {
      // These enable filters (LoG, wavelet, ...) or shape2D: the refusal names the image type.
      const std::string m = e.what();
      EXPECT_TRUE(m.find("unsupported imageType") != std::string::npos ||
                  m.find("unsupported featureClass 'shape2D'") != std::string::npos)
          << m;
    }
  }
}
