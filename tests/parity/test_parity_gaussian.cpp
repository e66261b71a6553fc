// Gaussian smoothing: every engine against the naive double-precision oracle
// (tolerance 1e-5 relative to the image range), and CPU vs CUDA bit-for-bit (shared taps, same
// summation order, no FMA contraction).
#include <gtest/gtest.h>

#include <random>

#include "common/test_data.h"
#include "reference/reference_filters.h"

using namespace rimscan;

namespace {
ImageF noise_volume(Size3 size, Vec3 spacing, unsigned seed) {
  ImageF img(Geometry::make(size, spacing));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(0.0f, 1000.0f);
  for (auto& v : img.voxels) v = d(rng);
  return img;
}
}  // namespace

class GaussianParity : public ::testing::TestWithParam<test::EngineCase> {};

TEST_P(GaussianParity, MatchesOracleOnOddAnisotropicVolume) {
  auto engine = test::make_engine_or_skip(GetParam());
  if (!engine) return;
  ImageF in = noise_volume({17, 11, 7}, {0.9, 1.1, 3.0}, 7);
  ImageF got = engine->gaussian(in, 2.0);
  ImageF want = reference::gaussian(in, 2.0);
  for (int64_t v = 0; v < in.num_voxels(); ++v) ASSERT_NEAR(got.voxels[v], want.voxels[v], 1e-5 * 1000) << v;
}

TEST_P(GaussianParity, ConstantImageStaysConstantAndTinyVolumesWork) {
  auto engine = test::make_engine_or_skip(GetParam());
  if (!engine) return;
  ImageF in(Geometry::make({1, 2, 3}, {1, 1, 1}), 5.0f);
  ImageF got = engine->gaussian(in, 1.5);
  for (float v : got.voxels) EXPECT_NEAR(v, 5.0f, 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Engines, GaussianParity, ::testing::ValuesIn(test::engine_cases()),
                         [](const auto& info) { return info.param.label; });

TEST(GaussianParity, CpuAndCudaAreBitwiseEqual) {
  if (cuda_unavailable_reason() != "") {
    if (test::cuda_required()) FAIL() << cuda_unavailable_reason();
    GTEST_SKIP() << "no CUDA device here";
  }
  ImageF in = noise_volume({33, 20, 9}, {1, 1, 2.5}, 3);
  ImageF a = make_engine(DeviceRequest::parse("cpu"))->gaussian(in, 1.7);
  ImageF b = make_engine(DeviceRequest::parse("cuda"))->gaussian(in, 1.7);
  for (int64_t v = 0; v < in.num_voxels(); ++v) ASSERT_EQ(a.voxels[v], b.voxels[v]) << v;
}
