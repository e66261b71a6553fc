#pragma once
// The data that crosses between the host side of a radiomics extraction and the backend that
// builds its matrices: the ROI crop, the binning rule, what to compute, and what comes back.
// Plain structs only, so that include/rimscan/engine.h can expose the backend entry point.
#include <array>
#include <cstdint>
#include <vector>

#include "rimscan/features/radiomics/params.h"
#include "rimscan/geometry.h"

namespace rimscan::radiomics {

// The image inside the mask's bounding box. roi[v] != 0 marks the voxels of the ROI (after
// resegmentation); values outside the ROI are never read.
struct RoiCrop {
  Size3 size{0, 0, 0};
  Vec3 spacing{1, 1, 1};
  std::vector<float> values;
  std::vector<uint8_t> roi;
  int64_t num_voxels() const { return size[0] * size[1] * size[2]; }
};

// How intensities become grey levels 1..Ng (docs/radiomics.md#discretisation).
struct BinningRule {
  bool fixed_count = false;  // binCount instead of binWidth
  double width = 25.0;
  int count = 0;
  BinAlignment alignment = BinAlignment::kPyradiomics;
  bool has_lower_bound = false;  // IBSI alignment on the resegmentation lower bound
  double lower_bound = 0.0;
};

// The binning of one ROI, fixed once its minimum and maximum are known. Shared, bit for bit, by
// both backends (detail/radiomics_math.h applies it).
struct BinSpec {
  bool fixed_count = false;
  double low = 0.0;    // lower edge of bin 1 (fixed width)
  double width = 1.0;  // bin width (fixed width)
  double min = 0.0, max = 0.0;
  int32_t count = 1;   // number of bins (fixed count)
};
BinSpec make_bin_spec(const BinningRule& rule, double roi_min, double roi_max);

// Neighbour offset in voxels (x, y, z).
using Offset = std::array<int32_t, 3>;

struct MatrixRequest {
  bool first_order = true;
  bool glcm = false, glrlm = false, glszm = false, gldm = false, ngtdm = false;
  // Half set of co-occurrence / run directions (one of each +-pair); neighbourhoods of GLDM and
  // NGTDM use these and their negatives.
  std::vector<Offset> offsets;
  // Zones: 26-connected in 3D, 8-connected in the slice plane with force2D.
  bool two_d = false;
  int slice_axis = 2;  // image axis (x=0, y=1, z=2) normal to the slices when two_d
  int gldm_a = 0;
  double voxel_array_shift = 0.0;
};

// First-order sums over the ROI intensities (x), from one sort and a few reductions.
struct FirstOrderStats {
  int64_t n = 0;
  double min = 0, max = 0, mean = 0;
  double sum_sq_shifted = 0;  // sum (x + shift)^2
  double m2 = 0, m3 = 0, m4 = 0;  // central moments (divided by n)
  double mean_abs_dev = 0;        // mean |x - mean|
  double median_abs_dev = 0;      // mean |x - median| (IBSI)
  double p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0;  // numpy 'linear' percentiles
  double robust_mean_abs_dev = 0;  // over p10 <= x <= p90
};

// Texture matrices as integer counts, so that both backends give identical results.
struct TextureMatrices {
  int32_t ng = 0;        // grey levels 1..ng
  int32_t ndirs = 0;     // offsets.size()
  int32_t max_run = 0;   // longest possible run
  int32_t max_dep = 0;   // 1 + neighbourhood size
  // glcm[(d * ng + i) * ng + j]: pairs (v, v + offset d) with levels (i+1, j+1); not symmetrised.
  std::vector<int32_t> glcm;
  // glrlm[(d * ng + i) * max_run + l]: runs of level i+1 and length l+1 along direction d.
  std::vector<int32_t> glrlm;
  // glszm: (level, zone size, number of zones), sorted by level then size.
  std::vector<std::array<int64_t, 3>> glszm;
  // gldm[i * max_dep + k]: voxels of level i+1 with dependence k+1 (itself plus k neighbours).
  std::vector<int32_t> gldm;
  // ngtdm_num[i * max_dep + c] = sum over voxels of level i+1 with c valid neighbours of
  // |(i+1) c - sum of neighbour levels|; ngtdm_n[i]: voxels of level i+1 with >= 1 neighbour.
  std::vector<unsigned long long> ngtdm_num;
  std::vector<int32_t> ngtdm_n;
};

struct DeviceOutput {
  BinSpec bins;
  FirstOrderStats first_order;
  std::vector<int64_t> level_histogram;  // [0..ng]: voxels per grey level (entry 0 unused)
  TextureMatrices matrices;
};

}  // namespace rimscan::radiomics
