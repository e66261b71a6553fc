#include "rimscan/io/dicom_write.h"

#include <gdcmUIDGenerator.h>
#include <itkGDCMImageIO.h>
#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkMetaDataObject.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "io/dicom_tags.h"
#include "io/itk_error.h"
#include "rimscan/io/atomic_file.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

std::string ds(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);  // DS values are at most 16 characters
  return b;
}

}  // namespace

void write_dicom_series(const ImageF& img, const std::string& dir, const DicomWriteOptions& opt) {
  detail::silence_gdcm();
  validate_geometry(img.geom, dir);
  for (size_t i = 0; i < img.voxels.size(); ++i) {
    const float v = img.voxels[i];
    if (!(v == std::floor(v) && v >= std::numeric_limits<int16_t>::min() && v <= std::numeric_limits<int16_t>::max()))
      throw Error(ErrorCode::kUsage, dir + ": DICOM export stores int16 pixels; voxel " + std::to_string(i) +
                                         " is " + std::to_string(v));
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) throw Error(ErrorCode::kOutput, dir + ": cannot create the directory");

  gdcm::UIDGenerator uids;
  const std::string study = opt.study_uid.empty() ? uids.Generate() : opt.study_uid;
  const std::string series = opt.series_uid.empty() ? uids.Generate() : opt.series_uid;
  const std::string frame_of_ref = uids.Generate();
  const Geometry& g = img.geom;
  const int64_t nx = g.size[0], ny = g.size[1], nz = g.size[2];

  using Slice = itk::Image<int16_t, 2>;
  for (int64_t k = 0; k < nz; ++k) {
    Slice::Pointer s = Slice::New();
    Slice::RegionType region;
    region.SetSize(0, static_cast<itk::SizeValueType>(nx));
    region.SetSize(1, static_cast<itk::SizeValueType>(ny));
    s->SetRegions(region);
    Slice::SpacingType sp;
    sp[0] = g.spacing[0];
    sp[1] = g.spacing[1];
    s->SetSpacing(sp);
    s->Allocate();
    int16_t* dst = s->GetBufferPointer();
    for (int64_t n = 0; n < nx * ny; ++n) dst[n] = static_cast<int16_t>(img.voxels[static_cast<size_t>(k * nx * ny + n)]);

    const Vec3 ipp = g.index_to_physical({0.0, 0.0, double(k)});
    itk::MetaDataDictionary& d = s->GetMetaDataDictionary();
    auto put = [&](const char* key, const std::string& v) { itk::EncapsulateMetaData<std::string>(d, key, v); };
    put("0008|0016", "1.2.840.10008.5.1.4.1.1.4");  // MR Image Storage
    put("0008|0018", uids.Generate());
    put("0008|0060", opt.modality);
    put("0008|0008", "ORIGINAL\\PRIMARY\\M\\ND");
    put("0008|103e", opt.series_description);
    put("0020|000d", study);
    put("0020|000e", series);
    put("0020|0052", frame_of_ref);
    put("0020|0011", std::to_string(opt.series_number));
    put("0020|0013", std::to_string(k + 1));
    put("0020|0032", ds(ipp[0]) + "\\" + ds(ipp[1]) + "\\" + ds(ipp[2]));
    put("0020|0037", ds(g.direction[0]) + "\\" + ds(g.direction[3]) + "\\" + ds(g.direction[6]) + "\\" +
                         ds(g.direction[1]) + "\\" + ds(g.direction[4]) + "\\" + ds(g.direction[7]));
    put("0028|0030", ds(g.spacing[1]) + "\\" + ds(g.spacing[0]));  // row spacing \ column spacing
    put("0018|0050", ds(g.spacing[2]));
    put("0018|0088", ds(g.spacing[2]));
    if (!opt.contrast_agent.empty()) put("0018|0010", opt.contrast_agent);
    for (const auto& [key, value] : opt.tags) put(key.c_str(), value);

    itk::GDCMImageIO::Pointer io = itk::GDCMImageIO::New();
    io->KeepOriginalUIDOn();  // the UIDs above, not fresh ones per file
    auto writer = itk::ImageFileWriter<Slice>::New();
    writer->SetImageIO(io);
    writer->SetInput(s);
    char name[32];
    std::snprintf(name, sizeof name, "IM%04lld.dcm", static_cast<long long>(k + 1));
    const std::string path = (fs::path(dir) / name).string();
    const std::string tmp = temp_sibling_path(path);
    writer->SetFileName(tmp);
    try {
      writer->Update();
    } catch (const itk::ExceptionObject& e) {
      std::remove(tmp.c_str());
      throw detail::itk_error(ErrorCode::kOutput, path, "cannot write DICOM", e);
    }
    commit_temp_file(tmp, path);
  }
}

}  // namespace rimscan::io
