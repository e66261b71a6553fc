#pragma once
// Process-wide locks around the parts of ITK 5.2's readers/writers that are not thread-safe
// (batch reads and writes cases in parallel). Internal to the I/O adapter.
#include <mutex>

namespace rimscan::io::detail {

// NiftiImageIO::ReadImageInformation assigns a function-static std::string (the last file name
// read): two threads reading NIfTI headers at once race on it. Header reads are short and are
// serialised; voxels are then read without a second header read (ImageIO::Read directly, not
// ImageFileReader, which would call ReadImageInformation again).
std::mutex& nifti_header_mutex();

// teem (NRRD) keeps its error messages in process-global "biff" state: NRRD reads and writes
// are serialised whole (NRRD inputs are rare and small next to NIfTI).
std::mutex& teem_mutex();

}  // namespace rimscan::io::detail
