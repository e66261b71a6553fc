#pragma once
// Internal entry points of the DICOM input, used by io::read_* (image_io.cpp).
#include <string>
#include <vector>

#include "rimscan/io/dicom.h"

namespace rimscan::io::detail {

// Groups `files` (any mix; non-DICOM files are skipped) into series. `dir` labels messages.
DicomScan scan_dicom_files(const std::string& dir, std::vector<std::string> files);

// The header of a DICOM series / a whole-series read, for a directory or a single DICOM file.
ImageHeader dicom_header(const std::string& path, const ReadOptions& opt);
ImageF dicom_image(const std::string& path, const ReadOptions& opt);

}  // namespace rimscan::io::detail

namespace rimscan::io::detail {

// The pixels of one DICOM file as GDCM decodes them (frames as slices, RescaleSlope/Intercept
// applied), on a unit grid: no geometry checks. For decoder tests (transfer syntaxes, 12-bit
// data) on files that are not readable series, such as Siemens mosaics.
ImageF decode_dicom_file(const std::string& file);

}  // namespace rimscan::io::detail
