#pragma once
// The statistics shared by the run length, size zone and dependence matrices (IBSI 3.7, 3.8,
// 3.11): a matrix M(i, j) of counts over grey level i and a "size" j (run length, zone size,
// dependence), given as its non-zero entries.
#include <vector>

namespace rimscan::radiomics::detail {

struct SizeEntry {
  double i;      // grey level
  double j;      // run length / zone size / dependence
  double count;  // number of runs / zones / voxels
};

struct SizeStats {
  double nz = 0;  // sum of counts
  double small_emphasis = 0, large_emphasis = 0;
  double gl_nonuniformity = 0, gl_nonuniformity_norm = 0;
  double size_nonuniformity = 0, size_nonuniformity_norm = 0;
  double gl_variance = 0, size_variance = 0, entropy = 0, energy = 0;
  double low_gl = 0, high_gl = 0;
  double small_low = 0, small_high = 0, large_low = 0, large_high = 0;
  double weighted_size = 0;  // sum j * count (voxels covered)
};

SizeStats size_stats(const std::vector<SizeEntry>& e);

}  // namespace rimscan::radiomics::detail
