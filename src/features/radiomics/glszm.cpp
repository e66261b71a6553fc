// Grey level size zone matrix features (pyradiomics glszm, IBSI 3.8).
#include "rimscan/features/radiomics/features.h"
#include "size_matrix.h"

namespace rimscan::radiomics {

ClassValues glszm_features(const TextureMatrices& m) {
  std::vector<detail::SizeEntry> e;
  for (const auto& z : m.glszm)
    e.push_back({static_cast<double>(z[0]), static_cast<double>(z[1]), static_cast<double>(z[2])});
  if (e.empty()) return {};
  const detail::SizeStats s = detail::size_stats(e);
  return {{"GrayLevelNonUniformity", s.gl_nonuniformity},
          {"GrayLevelNonUniformityNormalized", s.gl_nonuniformity_norm},
          {"GrayLevelVariance", s.gl_variance},
          {"HighGrayLevelZoneEmphasis", s.high_gl},
          {"LargeAreaEmphasis", s.large_emphasis},
          {"LargeAreaHighGrayLevelEmphasis", s.large_high},
          {"LargeAreaLowGrayLevelEmphasis", s.large_low},
          {"LowGrayLevelZoneEmphasis", s.low_gl},
          {"SizeZoneNonUniformity", s.size_nonuniformity},
          {"SizeZoneNonUniformityNormalized", s.size_nonuniformity_norm},
          {"SmallAreaEmphasis", s.small_emphasis},
          {"SmallAreaHighGrayLevelEmphasis", s.small_high},
          {"SmallAreaLowGrayLevelEmphasis", s.small_low},
          {"ZoneEntropy", s.entropy},
          {"ZonePercentage", s.weighted_size > 0 ? s.nz / s.weighted_size : 0.0},
          {"ZoneVariance", s.size_variance}};
}

}  // namespace rimscan::radiomics
