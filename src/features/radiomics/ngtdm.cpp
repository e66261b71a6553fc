// Neighbouring grey tone difference matrix features (pyradiomics ngtdm, IBSI 3.10). Voxels whose
// neighbourhood holds no other ROI voxel are left out (both conventions).
#include <cmath>

#include "rimscan/features/radiomics/features.h"

namespace rimscan::radiomics {

ClassValues ngtdm_features(const TextureMatrices& m) {
  const int ng = m.ng;
  std::vector<double> s(static_cast<size_t>(ng), 0.0), p(static_cast<size_t>(ng), 0.0);
  double nvp = 0;
  for (int i = 0; i < ng; ++i) {
    nvp += m.ngtdm_n[static_cast<size_t>(i)];
    // s_i = sum over voxels of |i - mean of neighbours| = sum_c num[i][c] / c.
    for (int c = 1; c < m.max_dep; ++c)
      s[static_cast<size_t>(i)] +=
          static_cast<double>(m.ngtdm_num[static_cast<size_t>(i) * static_cast<size_t>(m.max_dep) + static_cast<size_t>(c)]) / c;
  }
  if (nvp == 0) return {};
  int ngp = 0;
  double sum_ps = 0, sum_s = 0;
  for (int i = 0; i < ng; ++i) {
    p[static_cast<size_t>(i)] = m.ngtdm_n[static_cast<size_t>(i)] / nvp;
    if (p[static_cast<size_t>(i)] > 0) ++ngp;
    sum_ps += p[static_cast<size_t>(i)] * s[static_cast<size_t>(i)];
    sum_s += s[static_cast<size_t>(i)];
  }
  double contrast_sum = 0, busy_den = 0, complexity = 0, strength_num = 0;
  for (int a = 0; a < ng; ++a) {
    const double pa = p[static_cast<size_t>(a)];
    if (pa == 0) continue;
    for (int b = 0; b < ng; ++b) {
      const double pb = p[static_cast<size_t>(b)];
      if (pb == 0) continue;
      const double ia = a + 1, ib = b + 1;
      contrast_sum += pa * pb * (ia - ib) * (ia - ib);
      busy_den += std::fabs(ia * pa - ib * pb);
      complexity += std::fabs(ia - ib) * (pa * s[static_cast<size_t>(a)] + pb * s[static_cast<size_t>(b)]) / (pa + pb);
      strength_num += (pa + pb) * (ia - ib) * (ia - ib);
    }
  }
  const double coarseness = sum_ps != 0 ? 1.0 / sum_ps : 1e6;
  const double contrast = ngp > 1 ? contrast_sum / (static_cast<double>(ngp) * (ngp - 1)) * sum_s / nvp : 0.0;
  const double busyness = busy_den != 0 ? sum_ps / busy_den : 0.0;
  const double strength = sum_s != 0 ? strength_num / sum_s : 0.0;
  return {{"Busyness", busyness},
          {"Coarseness", coarseness},
          {"Complexity", complexity / nvp},
          {"Contrast", contrast},
          {"Strength", strength}};
}

}  // namespace rimscan::radiomics
