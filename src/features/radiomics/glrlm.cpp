// Grey level run length matrix features (pyradiomics glrlm, IBSI 3.7): per direction, averaged
// over the directions that have runs, or on the weighted sum of the direction matrices.
#include "rimscan/features/radiomics/features.h"
#include "size_matrix.h"

namespace rimscan::radiomics {
namespace {

std::vector<std::pair<std::string, double>> glrlm_of(const std::vector<detail::SizeEntry>& e) {
  const detail::SizeStats s = detail::size_stats(e);
  return {{"GrayLevelNonUniformity", s.gl_nonuniformity},
          {"GrayLevelNonUniformityNormalized", s.gl_nonuniformity_norm},
          {"GrayLevelVariance", s.gl_variance},
          {"HighGrayLevelRunEmphasis", s.high_gl},
          {"LongRunEmphasis", s.large_emphasis},
          {"LongRunHighGrayLevelEmphasis", s.large_high},
          {"LongRunLowGrayLevelEmphasis", s.large_low},
          {"LowGrayLevelRunEmphasis", s.low_gl},
          {"RunEntropy", s.entropy},
          {"RunLengthNonUniformity", s.size_nonuniformity},
          {"RunLengthNonUniformityNormalized", s.size_nonuniformity_norm},
          // Voxels covered by the runs: the ROI size per direction, times the directions merged.
          {"RunPercentage", s.weighted_size > 0 ? s.nz / s.weighted_size : 0.0},
          {"RunVariance", s.size_variance},
          {"ShortRunEmphasis", s.small_emphasis},
          {"ShortRunHighGrayLevelEmphasis", s.small_high},
          {"ShortRunLowGrayLevelEmphasis", s.small_low}};
}

}  // namespace

ClassValues glrlm_features(const TextureMatrices& m, const std::vector<double>& weights, const RadiomicsParams& prm) {
  const size_t per_dir = static_cast<size_t>(m.ng) * static_cast<size_t>(m.max_run);
  auto add_dir = [&](int d, double w, std::vector<double>& acc) {
    const int32_t* r = m.glrlm.data() + static_cast<size_t>(d) * per_dir;
    for (size_t t = 0; t < per_dir; ++t) acc[t] += w * r[t];
  };
  auto entries = [&](const std::vector<double>& acc) {
    std::vector<detail::SizeEntry> e;
    for (int i = 0; i < m.ng; ++i)
      for (int l = 0; l < m.max_run; ++l) {
        const double c = acc[static_cast<size_t>(i) * static_cast<size_t>(m.max_run) + static_cast<size_t>(l)];
        if (c != 0) e.push_back({static_cast<double>(i + 1), static_cast<double>(l + 1), c});
      }
    return e;
  };
  std::vector<std::vector<std::pair<std::string, double>>> per;
  if (prm.aggregation() == Aggregation::kMerged) {
    std::vector<double> acc(per_dir, 0.0);
    for (int d = 0; d < m.ndirs; ++d) add_dir(d, weights[static_cast<size_t>(d)], acc);
    auto e = entries(acc);
    if (!e.empty()) per.push_back(glrlm_of(e));
  } else {
    for (int d = 0; d < m.ndirs; ++d) {
      std::vector<double> acc(per_dir, 0.0);
      add_dir(d, 1.0, acc);
      auto e = entries(acc);
      if (!e.empty()) per.push_back(glrlm_of(e));
    }
  }
  ClassValues out;
  if (per.empty()) return out;
  for (size_t f = 0; f < per[0].size(); ++f) {
    double s = 0;
    for (const auto& v : per) s += v[f].second;
    out.emplace_back(per[0][f].first, s / static_cast<double>(per.size()));
  }
  return out;
}

}  // namespace rimscan::radiomics
