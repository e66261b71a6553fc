// Decoding the pixels of a selected DICOM series through ITK's GDCMImageIO (which decodes the
// compressed transfer syntaxes GDCM supports and applies RescaleSlope/Intercept), one file at a
// time, onto the grid computed from the headers (dicom_scan.cpp). Messages never name the files
// (their names can embed UIDs): images are numbered instead.
#include <itkGDCMImageIO.h>
#include <itkImageFileReader.h>

#include <cstring>

#include "io/dicom_guard.h"
#include "io/dicom_internal.h"
#include "io/dicom_tags.h"
#include "io/itk_error.h"
#include "rimscan/io/dicom.h"

namespace rimscan::io {

ImageF read_dicom_series(const DicomSeriesInfo& s, const std::string& what, const ReadOptions& opt) {
  detail::silence_gdcm();
  if (!s.problem.empty()) throw Error(s.problem_code, what + ": " + s.problem);
  const Geometry& g = s.geom;
  const double voxels = double(g.size[0]) * double(g.size[1]) * double(g.size[2]);
  if (opt.max_voxels > 0 && voxels > double(opt.max_voxels))
    throw Error(ErrorCode::kTooLarge, what + ": " + describe_series(s) + " exceeds the cap of " +
                                          std::to_string(opt.max_voxels) + " voxels");
  ImageF out(g);
  const int64_t plane = g.size[0] * g.size[1];
  using ItkImage = itk::Image<float, 3>;

  auto decode = [&](int file_index, int64_t expect_frames) -> ItkImage::Pointer {
    auto reader = itk::ImageFileReader<ItkImage>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileName(s.files[file_index]);
    const std::string which = "image file " + std::to_string(file_index + 1) + " of " + std::to_string(s.files.size());
    try {
      reader->Update();
    } catch (const itk::ExceptionObject& e) {
      throw Error(ErrorCode::kInputCorrupt, what + ": " + describe_series(s) + ": " + which + " cannot be decoded: " +
                                                detail::scrub_message(detail::itk_description(e), s.files));
    }
    ItkImage::Pointer img = reader->GetOutput();
    const auto size = img->GetLargestPossibleRegion().GetSize();
    if (int64_t(size[0]) != g.size[0] || int64_t(size[1]) != g.size[1] || int64_t(size[2]) != expect_frames)
      throw Error(ErrorCode::kInputCorrupt,
                  what + ": " + describe_series(s) + ": " + which + " decodes to " + std::to_string(size[0]) + "x" +
                      std::to_string(size[1]) + "x" + std::to_string(size[2]) + " pixels, its header says " +
                      std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" + std::to_string(expect_frames));
    return img;
  };

  if (s.multiframe) {
    ItkImage::Pointer img = decode(0, g.size[2]);
    const float* src = img->GetBufferPointer();
    for (int64_t k = 0; k < g.size[2]; ++k)
      std::memcpy(out.data() + k * plane, src + int64_t(s.slice_frame[k]) * plane, sizeof(float) * plane);
  } else {
    for (int64_t k = 0; k < g.size[2]; ++k) {
      ItkImage::Pointer img = decode(s.slice_file[k], 1);
      std::memcpy(out.data() + k * plane, img->GetBufferPointer(), sizeof(float) * plane);
    }
  }
  return out;
}

}  // namespace rimscan::io

namespace rimscan::io::detail {

ImageF decode_dicom_file(const std::string& file) {
  silence_gdcm();
  const std::string problem = dicom_meta_problem(file);  // GDCM would abort (io/dicom_guard.h)
  if (!problem.empty()) throw Error(ErrorCode::kInputCorrupt, file + ": " + problem);
  using ItkImage = itk::Image<float, 3>;
  auto reader = itk::ImageFileReader<ItkImage>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileName(file);
  try {
    reader->Update();
  } catch (const itk::ExceptionObject& e) {
    throw Error(ErrorCode::kInputCorrupt, file + ": cannot be decoded: " + itk_description(e));
  }
  ItkImage::Pointer img = reader->GetOutput();
  const auto size = img->GetLargestPossibleRegion().GetSize();
  ImageF out(Geometry::make({int64_t(size[0]), int64_t(size[1]), int64_t(size[2])}));
  std::memcpy(out.data(), img->GetBufferPointer(), sizeof(float) * out.voxels.size());
  return out;
}

}  // namespace rimscan::io::detail
