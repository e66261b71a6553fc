#pragma once
// A structural check of a DICOM file's preamble and File Meta Information (group 0002), made
// before any GDCM call reads the file. Debian's GDCM 3.0 is built with assertions on, and its
// FileMetaInformation reader aborts the whole process (`assert(0 && "Should not happen")` in
// ReadExplicitDataElement) when a group-0002 element runs past the end of the file: a DICOM file
// truncated inside its meta header, or one whose meta lengths are damaged, would kill a batch.
// GDCM also allocates every element's declared length before reading it, so one damaged length
// in a small file costs up to 4 GiB. Found by fuzz/fuzz_dicom_series; the reproducers are in
// tests/fuzz_regressions/. Internal to the I/O adapter.
#include <string>

namespace rimscan::io::detail {

// "" when GDCM may read `path`: no "DICM" magic at offset 128 (files without the preamble are
// left to GDCM), or a "DICM" file whose group-0002 elements are complete explicit-VR
// little-endian elements followed by a data set in which every declared length (elements,
// sequence items, pixel data fragments, to a nesting depth of 32) fits in the file. Otherwise
// one line saying what is wrong (never the file name: it may hold UIDs). Reads the whole file.
std::string dicom_meta_problem(const std::string& path);

}  // namespace rimscan::io::detail
