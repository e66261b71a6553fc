// Public reading entry points: a path is an image file, a DICOM directory or a DICOM file.
#include "rimscan/io/image_io.h"

#include <filesystem>

#include "io/dicom_internal.h"
#include "io/dicom_tags.h"
#include "io/image_formats.h"
#include "io/read_dispatch.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

// DICOM: a directory, or a file that is DICOM by extension or content (not NIfTI/NRRD/Meta).
bool is_dicom_input(const std::string& path) {
  detail::silence_gdcm();  // GDCM's content probe would otherwise trace to stderr
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  if (!fs::is_regular_file(path, ec)) return false;
  const detail::Format by_ext = detail::format_from_extension(path);
  if (by_ext != detail::Format::kUnknown) return by_ext == detail::Format::kDicom;
  return detail::detect_format(path) == detail::Format::kDicom;
}

}  // namespace

ImageHeader read_header(const std::string& path, const ReadOptions& opt) {
  if (is_dicom_input(path)) return detail::dicom_header(path, opt);
  return detail::read_file_header(path, opt);
}

ImageF read_image(const std::string& path, const ReadOptions& opt) {
  if (is_dicom_input(path)) return detail::dicom_image(path, opt);
  return detail::read_file_image(path, opt);
}

ImageI32 read_labels(const std::string& path, const ReadOptions& opt) {
  if (is_dicom_input(path))
    throw Error(ErrorCode::kInputUnsupported,
                path + ": DICOM label maps (SEG, RTSTRUCT) are not supported; give the mask as NIfTI, NRRD or MetaImage");
  return detail::read_file_labels(path, opt);
}

}  // namespace rimscan::io
