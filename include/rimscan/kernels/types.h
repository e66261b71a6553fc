#pragma once
// Plain value types of the volumetric kernels, kept apart from the template code so that the
// Engine facade (include/rimscan/engine.h) and the pipeline can name them cheaply. Formal
// definitions in docs/kernels.md.
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace rimscan::kernels {

// Voxel adjacency of connected components and one-voxel morphology:
//   k6  faces (|d|_1 = 1), k18 faces + edges (|d|_1 <= 2), k26 faces + edges + corners.
enum class Connectivity : int { k6 = 6, k18 = 18, k26 = 26 };

// Binary morphology operations (docs/kernels.md#morphology).
enum class MorphOp : int { kDilate, kErode, kOpen, kClose };

// Distance (mm) written by the distance transforms where no feature voxel exists at all.
// Large and finite so that comparisons and sums stay well defined.
inline constexpr float kFarDistance = 1e30f;

// Tolerance (mm) of ball-shaped morphology: a voxel is within the ball of radius r around a
// set when its distance to the set is <= r + kBallEpsilonMm. Absorbs float rounding of the
// distances (a few 1e-7 relative), far below any voxel size.
inline constexpr double kBallEpsilonMm = 1e-4;

// Statistics of a float image over one label (docs/kernels.md#label-statistics).
// Labels with count == 0 have sums 0, min/max/quantiles/centroid NaN and bbox -1.
struct LabelStats {
  int64_t count = 0;
  double sum = 0.0, sum_sq = 0.0;  // in double, fixed summation order (identical on all backends)
  float min = 0.0f, max = 0.0f;
  float q25 = 0.0f, median = 0.0f, q75 = 0.0f;  // linear interpolation at q * (count - 1)
  int32_t bbox_min[3] = {0, 0, 0};              // inclusive voxel index bounds (i, j, k)
  int32_t bbox_max[3] = {0, 0, 0};
  double centroid_index[3] = {0.0, 0.0, 0.0};  // mean voxel index (i, j, k)

  double mean() const { return count > 0 ? sum / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN(); }
  // Population standard deviation (divides by count), >= 0.
  double sd() const {
    if (count <= 0) return std::numeric_limits<double>::quiet_NaN();
    const double m = mean();
    const double var = sum_sq / static_cast<double>(count) - m * m;
    return var > 0.0 ? std::sqrt(var) : 0.0;
  }
};

// Parameters of Frangi-style Hessian shape measures (docs/kernels.md#vesselness).
//   alpha: sensitivity to Ra = |l2|/|l3| (plate vs line), default 0.5
//   beta:  sensitivity to Rb = |l1|/sqrt(|l2 l3|) (blob vs line), default 0.5
//   c:     sensitivity to S = sqrt(l1^2 + l2^2 + l3^2) (structure vs noise), in the units of
//          the scale-normalised Hessian (intensity units); c <= 0 means "half the largest S of
//          the volume at that scale" (Frangi's suggestion), computed per scale.
struct VesselnessParams {
  double alpha = 0.5;
  double beta = 0.5;
  double c = 0.0;
};

}  // namespace rimscan::kernels
