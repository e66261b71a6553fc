#pragma once
// Naive oracle for per-label statistics: gathers each label's voxels, sorts their values with
// std::sort and reads the statistics off the sorted list; no code shared with src/ or cuda/.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "rimscan/image.h"

namespace rimscan::reference {

struct Stats {
  int64_t count = 0;
  long double sum = 0, sum_sq = 0;
  float min = 0, max = 0, q25 = 0, median = 0, q75 = 0;
  int32_t lo[3] = {-1, -1, -1}, hi[3] = {-1, -1, -1};
  double centroid[3] = {0, 0, 0};
};

// numpy's default ("linear") quantile: interpolate at h = q (n - 1), in double.
inline float quantile_sorted(const std::vector<float>& s, double q) {
  const double h = q * static_cast<double>(s.size() - 1);
  const size_t lo = static_cast<size_t>(h);
  const size_t hi = std::min(lo + 1, s.size() - 1);
  const double a = s[lo], b = s[hi];
  return static_cast<float>(a + (b - a) * (h - static_cast<double>(lo)));
}

inline std::vector<Stats> label_stats(const ImageF& values, const ImageI32& labels, int32_t n_labels,
                                      const ImageU8* include) {
  std::vector<std::vector<float>> vals(static_cast<size_t>(n_labels));
  std::vector<Stats> out(static_cast<size_t>(n_labels));
  std::vector<std::array<long double, 3>> csum(static_cast<size_t>(n_labels), {0, 0, 0});
  const auto& s = values.geom.size;
  for (int64_t k = 0; k < s[2]; ++k)
    for (int64_t j = 0; j < s[1]; ++j)
      for (int64_t i = 0; i < s[0]; ++i) {
        const int32_t l = labels.at(i, j, k);
        if (l < 1 || l > n_labels || (include && !include->at(i, j, k))) continue;
        Stats& st = out[l - 1];
        const float x = values.at(i, j, k);
        vals[l - 1].push_back(x);
        st.sum += x;
        st.sum_sq += static_cast<long double>(x) * x;
        const int64_t c[3] = {i, j, k};
        for (int a = 0; a < 3; ++a) {
          st.lo[a] = st.count == 0 ? static_cast<int32_t>(c[a]) : std::min<int32_t>(st.lo[a], c[a]);
          st.hi[a] = st.count == 0 ? static_cast<int32_t>(c[a]) : std::max<int32_t>(st.hi[a], c[a]);
          csum[l - 1][a] += c[a];
        }
        ++st.count;
      }
  for (int32_t l = 0; l < n_labels; ++l) {
    auto& v = vals[l];
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    Stats& st = out[l];
    st.min = v.front();
    st.max = v.back();
    st.q25 = quantile_sorted(v, 0.25);
    st.median = quantile_sorted(v, 0.5);
    st.q75 = quantile_sorted(v, 0.75);
    for (int a = 0; a < 3; ++a) st.centroid[a] = static_cast<double>(csum[l][a] / st.count);
  }
  return out;
}

}  // namespace rimscan::reference
