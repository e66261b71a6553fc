#pragma once
// Internal entry points behind io::read_header/read_image/read_labels: one per kind of input
// (a single image file, a DICOM directory). Internal to the I/O adapter.
#include <string>

#include "rimscan/io/image_io.h"

namespace rimscan::io::detail {

ImageHeader read_file_header(const std::string& path, const ReadOptions& opt);
ImageF read_file_image(const std::string& path, const ReadOptions& opt);
ImageI32 read_file_labels(const std::string& path, const ReadOptions& opt);

}  // namespace rimscan::io::detail
