// Public reading entry points: a path is either an image file or (Part B) a DICOM directory.
#include "rimscan/io/image_io.h"

#include <filesystem>

#include "io/read_dispatch.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

bool is_directory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

[[noreturn]] void refuse_directory(const std::string& path) {
  throw Error(ErrorCode::kInputUnsupported, path + ": is a directory (DICOM series input is not available yet)");
}

}  // namespace

ImageHeader read_header(const std::string& path, const ReadOptions& opt) {
  if (is_directory(path)) refuse_directory(path);
  return detail::read_file_header(path, opt);
}

ImageF read_image(const std::string& path, const ReadOptions& opt) {
  if (is_directory(path)) refuse_directory(path);
  return detail::read_file_image(path, opt);
}

ImageI32 read_labels(const std::string& path, const ReadOptions& opt) {
  if (is_directory(path)) refuse_directory(path);
  return detail::read_file_labels(path, opt);
}

}  // namespace rimscan::io
