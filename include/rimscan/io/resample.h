#pragma once
// Resampling of an image and its label map before radiomics, on pyradiomics' grid: the mask's
// direction, the new spacing, and only the ROI's bounding box plus padDistance voxels, the grid
// aligned as pyradiomics 3 aligns it (docs/radiomics.md#resampling). The image is interpolated by
// ITK (B-spline of order 3, linear or nearest neighbour, as SimpleITK does for pyradiomics), the
// label map by nearest neighbour. Part of the ITK adapter (src/io/radiomics_resample.cpp).
#include <string>

#include "rimscan/image.h"

namespace rimscan::io {

struct ResampledRoi {
  ImageF image;
  ImageI32 labels;
  bool resampled = false;  // false: the spacing already matched, image and labels unchanged
};

// new_spacing: x, y, z in mm; 0 keeps the mask's spacing on that axis, as does an axis where the
// ROI is one voxel thick. interpolator: "sitkBSpline", "sitkLinear" or "sitkNearestNeighbor".
// integer_image: the source pixel type was an integer type; interpolated values are then
// truncated toward zero like SimpleITK's cast back to that type. Throws Error(kUsage) for an
// unknown interpolator, kEmptyMask when `label` is absent.
ResampledRoi resample_for_radiomics(const ImageF& image, const ImageI32& labels, int label, const double new_spacing[3],
                                    const std::string& interpolator, int pad_distance, bool integer_image);

}  // namespace rimscan::io
