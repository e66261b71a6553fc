// DICOM wherever an image path is accepted: a directory (scan + select + read) or a single
// DICOM file (a multi-frame volume, or a series of one image).
#include <filesystem>

#include "io/dicom_internal.h"
#include "rimscan/log.h"

namespace fs = std::filesystem;

namespace rimscan::io::detail {
namespace {

std::string component_type_of(const DicomSeriesInfo& s) {
  if (s.rescale_slope != 1.0 || s.rescale_intercept != 0.0) return "float32";  // GDCM rescales
  std::string t = s.pixel_signed ? "int" : "uint";
  return t + std::to_string(s.bits_allocated > 0 ? s.bits_allocated : 16);
}

// The series to read for `path`, with why it was chosen.
DicomSeriesInfo choose(const std::string& path, const ReadOptions& opt, std::string& why) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    DicomScan scan = scan_dicom_dir(path);
    SeriesChoice c = select_dicom_series(scan, opt);
    why = c.reason;
    return std::move(scan.series[c.index]);
  }
  // A single file: its own series, when the series is that one file (multi-frame volumes).
  std::vector<std::string> siblings;
  fs::path parent = fs::path(path).parent_path();
  for (const auto& e : fs::directory_iterator(parent.empty() ? fs::path(".") : parent, ec))
    if (e.is_regular_file()) siblings.push_back(e.path().string());
  DicomScan scan = scan_dicom_files(path, siblings);
  const std::string me = fs::weakly_canonical(path, ec).string();
  for (DicomSeriesInfo& s : scan.series) {
    for (const std::string& f : s.files) {
      std::error_code e2;
      if (fs::weakly_canonical(f, e2).string() != me) continue;
      if (s.files.size() > 1)
        throw Error(ErrorCode::kUsage, path + ": one of " + std::to_string(s.files.size()) +
                                           " images of a DICOM series; pass the directory to read the whole series");
      why = "the DICOM file given";
      return std::move(s);
    }
  }
  throw Error(ErrorCode::kInputCorrupt, path + ": not a readable DICOM image");
}

}  // namespace

ImageHeader dicom_header(const std::string& path, const ReadOptions& opt) {
  std::string why;
  DicomSeriesInfo s = choose(path, opt, why);
  if (!s.problem.empty()) throw Error(s.problem_code, path + ": " + s.problem);
  ImageHeader h;
  h.geom = s.geom;
  h.format = "dicom";
  h.component_type = component_type_of(s);
  h.rescale_slope = s.rescale_slope;
  h.rescale_intercept = s.rescale_intercept;
  const double voxels = double(h.geom.size[0]) * double(h.geom.size[1]) * double(h.geom.size[2]);
  if (opt.max_voxels > 0 && voxels > double(opt.max_voxels))
    throw Error(ErrorCode::kTooLarge, path + ": " + describe_series(s) + " exceeds the cap of " +
                                          std::to_string(opt.max_voxels) + " voxels");
  return h;
}

ImageF dicom_image(const std::string& path, const ReadOptions& opt) {
  std::string why;
  DicomSeriesInfo s = choose(path, opt, why);
  log::info(path + ": reading " + describe_series(s) + " (" + why + ")");
  return read_dicom_series(s, path, opt);
}

}  // namespace rimscan::io::detail
