// Radiomics matrices on every engine: exactly equal to the naive oracle
// (tests/reference/reference_radiomics.h) on odd-sized random volumes, identical across thread
// counts, and CPU vs CUDA bit for bit (integer matrices; first-order sums within 1e-12 relative,
// their sort and percentiles exact).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/test_data.h"
#include "reference/reference_radiomics.h"
#include "rimscan/features/radiomics/radiomics.h"

using namespace rimscan;
using namespace rimscan::radiomics;

namespace {

struct Case {
  RoiCrop crop;
  BinningRule rule;
  MatrixRequest req;
};

Case random_case(Size3 size, unsigned seed, bool two_d, double roi_fraction) {
  Case c;
  c.crop.size = size;
  c.crop.spacing = {0.8, 1.0, 2.5};
  const int64_t n = size[0] * size[1] * size[2];
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> val(-40.0f, 160.0f);
  std::bernoulli_distribution in(roi_fraction);
  c.crop.values.resize(static_cast<size_t>(n));
  c.crop.roi.resize(static_cast<size_t>(n));
  for (int64_t v = 0; v < n; ++v) {
    // Blocky values so that runs and zones longer than one voxel occur.
    c.crop.values[static_cast<size_t>(v)] = (v % 3 == 0) ? val(rng) : c.crop.values[static_cast<size_t>(v > 0 ? v - 1 : 0)];
    c.crop.roi[static_cast<size_t>(v)] = in(rng) ? 1 : 0;
  }
  c.crop.roi[0] = 1;
  c.rule.width = 25.0;
  c.req.glcm = c.req.glrlm = c.req.glszm = c.req.gldm = c.req.ngtdm = true;
  RadiomicsParams p;
  p.force2d = two_d;
  c.req.offsets = texture_offsets(p);
  c.req.two_d = two_d;
  c.req.slice_axis = 2;
  c.req.voxel_array_shift = 7.0;
  return c;
}

reference::Vol levels_of(const Case& c, const DeviceOutput& out) {
  reference::Vol v{static_cast<int>(c.crop.size[0]), static_cast<int>(c.crop.size[1]), static_cast<int>(c.crop.size[2]), {}};
  v.lv.resize(c.crop.values.size());
  for (size_t t = 0; t < v.lv.size(); ++t)
    v.lv[t] = c.crop.roi[t] ? static_cast<int32_t>(std::floor((c.crop.values[t] - out.bins.low) / out.bins.width)) + 1 : 0;
  return v;
}

void expect_same(const DeviceOutput& a, const DeviceOutput& b) {
  EXPECT_EQ(a.level_histogram, b.level_histogram);
  EXPECT_EQ(a.matrices.ng, b.matrices.ng);
  EXPECT_EQ(a.matrices.glcm, b.matrices.glcm);
  EXPECT_EQ(a.matrices.glrlm, b.matrices.glrlm);
  EXPECT_EQ(a.matrices.glszm, b.matrices.glszm);
  EXPECT_EQ(a.matrices.gldm, b.matrices.gldm);
  EXPECT_EQ(a.matrices.ngtdm_num, b.matrices.ngtdm_num);
  EXPECT_EQ(a.matrices.ngtdm_n, b.matrices.ngtdm_n);
  EXPECT_EQ(a.first_order.n, b.first_order.n);
  EXPECT_EQ(a.first_order.min, b.first_order.min);
  EXPECT_EQ(a.first_order.max, b.first_order.max);
  EXPECT_EQ(a.first_order.p10, b.first_order.p10);
  EXPECT_EQ(a.first_order.p50, b.first_order.p50);
  EXPECT_EQ(a.first_order.p90, b.first_order.p90);
  auto rel = [](double x, double y) { return std::fabs(x - y) <= 1e-12 * std::max(1.0, std::fabs(y)); };
  EXPECT_TRUE(rel(a.first_order.mean, b.first_order.mean));
  EXPECT_TRUE(rel(a.first_order.m2, b.first_order.m2));
  EXPECT_TRUE(rel(a.first_order.m3, b.first_order.m3));
  EXPECT_TRUE(rel(a.first_order.m4, b.first_order.m4));
  EXPECT_TRUE(rel(a.first_order.sum_sq_shifted, b.first_order.sum_sq_shifted));
  EXPECT_TRUE(rel(a.first_order.robust_mean_abs_dev, b.first_order.robust_mean_abs_dev));
}

}  // namespace

class RadiomicsParity : public ::testing::TestWithParam<test::EngineCase> {};

TEST_P(RadiomicsParity, MatricesEqualNaiveOracle3DAnd2D) {
  auto engine = test::make_engine_or_skip(GetParam());
  if (!engine) return;
  for (bool two_d : {false, true}) {
    SCOPED_TRACE(two_d ? "2D" : "3D");
    Case c = random_case({13, 9, 7}, two_d ? 5u : 4u, two_d, 0.8);
    DeviceOutput out = engine->radiomics(c.crop, c.rule, c.req);
    const reference::Vol v = levels_of(c, out);
    int ng = 0;
    for (int32_t l : v.lv) ng = std::max(ng, l);
    ASSERT_EQ(out.matrices.ng, ng);
    EXPECT_EQ(out.matrices.glcm, reference::glcm(v, c.req.offsets, ng));
    EXPECT_EQ(out.matrices.glrlm, reference::glrlm(v, c.req.offsets, ng, out.matrices.max_run));
    EXPECT_EQ(out.matrices.glszm, reference::glszm(v, two_d, 2));
    std::vector<int32_t> gldm, n;
    std::vector<unsigned long long> num;
    reference::neighbourhoods(v, c.req.offsets, ng, 0, gldm, num, n);
    EXPECT_EQ(out.matrices.gldm, gldm);
    EXPECT_EQ(out.matrices.ngtdm_num, num);
    EXPECT_EQ(out.matrices.ngtdm_n, n);
    // First order against a direct computation.
    std::vector<double> x;
    for (size_t t = 0; t < c.crop.values.size(); ++t)
      if (c.crop.roi[t]) x.push_back(c.crop.values[t]);
    double mean = 0;
    for (double a : x) mean += a;
    mean /= static_cast<double>(x.size());
    double m2 = 0;
    for (double a : x) m2 += (a - mean) * (a - mean);
    m2 /= static_cast<double>(x.size());
    EXPECT_EQ(out.first_order.n, static_cast<int64_t>(x.size()));
    EXPECT_NEAR(out.first_order.mean, mean, 1e-9 * std::fabs(mean) + 1e-12);
    EXPECT_NEAR(out.first_order.m2, m2, 1e-9 * m2);
  }
}

TEST_P(RadiomicsParity, EmptyNeighbourhoodsAndSingleVoxelRoi) {
  auto engine = test::make_engine_or_skip(GetParam());
  if (!engine) return;
  Case c = random_case({5, 4, 3}, 9, false, 0.0);  // only voxel 0 in the ROI
  DeviceOutput out = engine->radiomics(c.crop, c.rule, c.req);
  EXPECT_EQ(out.first_order.n, 1);
  EXPECT_EQ(out.matrices.ng, 1);
  for (int32_t g : out.matrices.glcm) EXPECT_EQ(g, 0);
  ASSERT_EQ(out.matrices.glszm.size(), 1u);
  EXPECT_EQ(out.matrices.glszm[0], (std::array<int64_t, 3>{1, 1, 1}));
  EXPECT_EQ(out.matrices.ngtdm_n[0], 0);  // no neighbour: left out of the NGTDM
  EXPECT_EQ(out.matrices.gldm[0], 1);     // dependence 1 (itself)
}

INSTANTIATE_TEST_SUITE_P(Engines, RadiomicsParity, ::testing::ValuesIn(test::engine_cases()),
                         [](const auto& info) { return info.param.label; });

TEST(RadiomicsParity, SameOutputForAnyThreadCount) {
  Case c = random_case({31, 27, 11}, 21, false, 0.9);
  DeviceOutput a = make_cpu_engine(1)->radiomics(c.crop, c.rule, c.req);
  DeviceOutput b = make_cpu_engine(2)->radiomics(c.crop, c.rule, c.req);
  expect_same(a, b);
  EXPECT_EQ(a.first_order.mean, b.first_order.mean);  // fixed partition: bitwise on the CPU
}

TEST(RadiomicsParity, CpuAndCudaMatricesAreEqual) {
  if (cuda_unavailable_reason() != "") {
    if (test::cuda_required()) FAIL() << cuda_unavailable_reason();
    GTEST_SKIP() << "no CUDA device here";
  }
  for (bool two_d : {false, true}) {
    Case c = random_case({40, 33, 17}, 77, two_d, 0.85);
    DeviceOutput a = make_engine(DeviceRequest::parse("cpu"))->radiomics(c.crop, c.rule, c.req);
    DeviceOutput b = make_engine(DeviceRequest::parse("cuda"))->radiomics(c.crop, c.rule, c.req);
    expect_same(a, b);
  }
}
