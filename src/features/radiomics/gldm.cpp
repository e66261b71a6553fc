// Grey level dependence matrix features (pyradiomics gldm, IBSI NGLDM 3.11). The dependence of
// a voxel counts itself and its neighbours (in the ROI) within gldm_a grey levels.
#include "rimscan/features/radiomics/features.h"
#include "size_matrix.h"

namespace rimscan::radiomics {

ClassValues gldm_features(const TextureMatrices& m) {
  std::vector<detail::SizeEntry> e;
  for (int i = 0; i < m.ng; ++i)
    for (int k = 0; k < m.max_dep; ++k) {
      const int32_t c = m.gldm[static_cast<size_t>(i) * static_cast<size_t>(m.max_dep) + static_cast<size_t>(k)];
      if (c) e.push_back({static_cast<double>(i + 1), static_cast<double>(k + 1), static_cast<double>(c)});
    }
  if (e.empty()) return {};
  const detail::SizeStats s = detail::size_stats(e);
  return {{"DependenceEntropy", s.entropy},
          {"DependenceNonUniformity", s.size_nonuniformity},
          {"DependenceNonUniformityNormalized", s.size_nonuniformity_norm},
          {"DependenceVariance", s.size_variance},
          {"GrayLevelNonUniformity", s.gl_nonuniformity},
          {"GrayLevelVariance", s.gl_variance},
          {"HighGrayLevelEmphasis", s.high_gl},
          {"LargeDependenceEmphasis", s.large_emphasis},
          {"LargeDependenceHighGrayLevelEmphasis", s.large_high},
          {"LargeDependenceLowGrayLevelEmphasis", s.large_low},
          {"LowGrayLevelEmphasis", s.low_gl},
          {"SmallDependenceEmphasis", s.small_emphasis},
          {"SmallDependenceHighGrayLevelEmphasis", s.small_high},
          {"SmallDependenceLowGrayLevelEmphasis", s.small_low},
          {"GrayLevelNonUniformityNormalized", s.gl_nonuniformity_norm},
          // Every voxel has one neighbourhood: Nz / Nv = 1 (IBSI 6XV8).
          {"DependenceCountPercentage", s.nz > 0 ? 1.0 : 0.0},
          {"DependenceCountEnergy", s.energy}};
}

}  // namespace rimscan::radiomics
