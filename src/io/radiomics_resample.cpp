// pyradiomics-compatible resampling for radiomics (include/rimscan/io/resample.h).
#include "rimscan/io/resample.h"

#include <itkBSplineInterpolateImageFunction.h>
#include <itkImage.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkNearestNeighborInterpolateImageFunction.h>
#include <itkResampleImageFilter.h>

#include <algorithm>
#include <cmath>

#include "rimscan/error.h"

namespace rimscan::io {
namespace {

template <class T>
typename itk::Image<T, 3>::Pointer to_itk(const Image<T>& img) {
  using I = itk::Image<T, 3>;
  auto out = I::New();
  typename I::RegionType region;
  typename I::SizeType size;
  for (int a = 0; a < 3; ++a) size[a] = static_cast<itk::SizeValueType>(img.geom.size[a]);
  region.SetSize(size);
  out->SetRegions(region);
  typename I::SpacingType sp;
  typename I::PointType origin;
  typename I::DirectionType dir;
  for (int a = 0; a < 3; ++a) {
    sp[a] = img.geom.spacing[a];
    origin[a] = img.geom.origin[a];
    for (int b = 0; b < 3; ++b) dir[a][b] = img.geom.direction[a * 3 + b];
  }
  out->SetSpacing(sp);
  out->SetOrigin(origin);
  out->SetDirection(dir);
  out->Allocate();
  std::copy(img.voxels.begin(), img.voxels.end(), out->GetBufferPointer());
  return out;
}

template <class T, class Interp>
Image<T> resample(const Image<T>& src, const Geometry& g, typename Interp::Pointer interp) {
  using I = itk::Image<T, 3>;
  auto f = itk::ResampleImageFilter<I, I, double>::New();
  f->SetInput(to_itk(src));
  f->SetInterpolator(interp);
  typename I::SizeType size;
  typename I::SpacingType sp;
  typename I::PointType origin;
  typename I::DirectionType dir;
  for (int a = 0; a < 3; ++a) {
    size[a] = static_cast<itk::SizeValueType>(g.size[a]);
    sp[a] = g.spacing[a];
    origin[a] = g.origin[a];
    for (int b = 0; b < 3; ++b) dir[a][b] = g.direction[a * 3 + b];
  }
  f->SetSize(size);
  f->SetOutputSpacing(sp);
  f->SetOutputOrigin(origin);
  f->SetOutputDirection(dir);
  f->SetDefaultPixelValue(T{});
  f->Update();
  Image<T> out(g);
  const T* p = f->GetOutput()->GetBufferPointer();
  std::copy(p, p + out.num_voxels(), out.voxels.begin());
  return out;
}

}  // namespace

ResampledRoi resample_for_radiomics(const ImageF& image, const ImageI32& labels, int label, const double new_spacing[3],
                                    const std::string& interpolator, int pad_distance, bool integer_image) {
  const Geometry& mg = labels.geom;
  // Bounding box of the label (index space).
  int64_t lo[3] = {mg.size[0], mg.size[1], mg.size[2]}, hi[3] = {-1, -1, -1};
  for (int64_t k = 0; k < mg.size[2]; ++k)
    for (int64_t j = 0; j < mg.size[1]; ++j)
      for (int64_t i = 0; i < mg.size[0]; ++i)
        if (labels.voxels[static_cast<size_t>(mg.linear_index(i, j, k))] == label) {
          const int64_t c[3] = {i, j, k};
          for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], c[a]), hi[a] = std::max(hi[a], c[a]);
        }
  if (hi[0] < 0) throw Error(ErrorCode::kEmptyMask, "mask: label " + std::to_string(label) + " selects no voxel");
  double sp[3];
  for (int a = 0; a < 3; ++a) {
    sp[a] = new_spacing[a] == 0 ? mg.spacing[a] : new_spacing[a];
    if (hi[a] == lo[a]) sp[a] = mg.spacing[a];  // no resampling across a one-voxel ROI
  }
  ResampledRoi r;
  bool same = true;
  for (int a = 0; a < 3; ++a) same = same && std::fabs(image.geom.spacing[a] - sp[a]) <= 1e-8 + 1e-5 * std::fabs(sp[a]);
  if (same) {
    r.image = image;
    r.labels = labels;
    return r;
  }
  // pyradiomics 3 grid: outward-rounded bounding box in the new spacing, padded, clamped to the
  // mask's extent; the origin shifted by half the spacing difference (voxel centres).
  Geometry g = mg;
  Vec3 origin_index;
  for (int a = 0; a < 3; ++a) {
    const double ratio = mg.spacing[a] / sp[a];
    double nl = std::floor((static_cast<double>(lo[a]) - 0.5) * ratio - pad_distance);
    double nu = std::ceil((static_cast<double>(hi[a]) + 1.0 - 0.5) * ratio + pad_distance);
    const double max_u = std::ceil(static_cast<double>(mg.size[a]) * ratio) - 1;
    nl = std::max(nl, 0.0);
    nu = std::min(nu, max_u);
    g.size[a] = static_cast<int64_t>(nu - nl + 1);
    g.spacing[a] = sp[a];
    origin_index[a] = 0.5 * (sp[a] - mg.spacing[a]) / mg.spacing[a] + nl / ratio;
  }
  g.origin = mg.index_to_physical(origin_index);
  using IF = itk::Image<float, 3>;
  using IL = itk::Image<int32_t, 3>;
  if (interpolator == "sitkBSpline" || interpolator.empty()) {
    auto in = itk::BSplineInterpolateImageFunction<IF, double, double>::New();
    in->SetSplineOrder(3);
    r.image = resample<float, itk::BSplineInterpolateImageFunction<IF, double, double>>(image, g, in);
  } else if (interpolator == "sitkLinear") {
    r.image = resample<float, itk::LinearInterpolateImageFunction<IF, double>>(
        image, g, itk::LinearInterpolateImageFunction<IF, double>::New());
  } else if (interpolator == "sitkNearestNeighbor") {
    r.image = resample<float, itk::NearestNeighborInterpolateImageFunction<IF, double>>(
        image, g, itk::NearestNeighborInterpolateImageFunction<IF, double>::New());
  } else {
    throw Error(ErrorCode::kUsage, "interpolator '" + interpolator +
                                       "' is not supported (sitkBSpline, sitkLinear or sitkNearestNeighbor)");
  }
  if (integer_image)
    for (float& v : r.image.voxels) v = std::trunc(v);
  r.labels = resample<int32_t, itk::NearestNeighborInterpolateImageFunction<IL, double>>(
      labels, g, itk::NearestNeighborInterpolateImageFunction<IL, double>::New());
  r.resampled = true;
  return r;
}

}  // namespace rimscan::io
