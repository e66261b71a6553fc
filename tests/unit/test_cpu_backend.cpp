// The CPU backend's primitives against direct loops, and their independence of thread count.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "rimscan/par/cpu_backend.h"

using rimscan::par::CpuBackend;

namespace {
std::vector<float> random_floats(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, 100.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}
}  // namespace

TEST(CpuBackend, TransformSumIsIdenticalForAnyThreadCount) {
  auto v = random_floats(1'000'003, 1);
  const float* p = v.data();
  double ref = CpuBackend(1).transform_sum(static_cast<int64_t>(v.size()), [=](int64_t i) { return p[i]; });
  for (int t : {2, 3, 7}) {
    double s = CpuBackend(t).transform_sum(static_cast<int64_t>(v.size()), [=](int64_t i) { return p[i]; });
    EXPECT_EQ(s, ref) << t << " threads";  // bitwise equal, not merely close
  }
  double naive = 0;
  for (float x : v) naive += x;
  EXPECT_NEAR(ref, naive, 1e-6 * std::abs(naive) + 1e-3);
}

TEST(CpuBackend, CopyIndexIfIsStableAndComplete) {
  CpuBackend be(3);
  const int64_t n = 100'000;
  std::vector<int64_t> out(n);
  int64_t m = be.copy_index_if(n, [](int64_t i) { return i % 7 == 3; }, out.data());
  ASSERT_EQ(m, (n - 3 + 6) / 7);
  for (int64_t k = 0; k < m; ++k) ASSERT_EQ(out[k], 3 + 7 * k);
}

TEST(CpuBackend, ExclusiveScanInPlaceReturnsTotal) {
  CpuBackend be(2);
  std::vector<int64_t> v{3, 0, 2, 5};
  int64_t total = be.exclusive_scan(v.data(), v.data(), 4);
  EXPECT_EQ(total, 10);
  EXPECT_EQ(v, (std::vector<int64_t>{0, 3, 3, 5}));
}

TEST(CpuBackend, SortPairsIsStable) {
  CpuBackend be(2);
  std::vector<uint32_t> k{3, 1, 3, 1, 2};
  std::vector<int32_t> v{0, 1, 2, 3, 4};
  be.sort_pairs(k.data(), v.data(), 5);
  EXPECT_EQ(k, (std::vector<uint32_t>{1, 1, 2, 3, 3}));
  EXPECT_EQ(v, (std::vector<int32_t>{1, 3, 4, 0, 2}));
}

TEST(CpuBackend, HistogramCountsEveryBinAndSkipsNegative) {
  CpuBackend be(4);
  std::vector<int64_t> counts(5);
  be.histogram(1000, [](int64_t i) -> int64_t { return i % 6 == 5 ? -1 : i % 6; }, 5, counts.data());
  int64_t total = 0;
  for (int b = 0; b < 5; ++b) {
    int64_t want = 0;
    for (int64_t i = 0; i < 1000; ++i) want += (i % 6 == b) ? 1 : 0;
    EXPECT_EQ(counts[b], want);
    total += counts[b];
  }
  EXPECT_EQ(total, 1000 - 166);
}

TEST(FloatOrderKey, PreservesOrderAndRoundTrips) {
  std::vector<float> v{-1e30f, -2.5f, -0.0f, 0.0f, 1e-30f, 3.0f, 1e30f};
  for (size_t i = 0; i + 1 < v.size(); ++i)
    EXPECT_LE(rimscan::par::float_order_key(v[i]), rimscan::par::float_order_key(v[i + 1]));
  for (float x : v) EXPECT_EQ(rimscan::par::float_from_order_key(rimscan::par::float_order_key(x)), x);
}
