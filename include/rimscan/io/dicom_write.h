#pragma once
// Writing a volume as a classic single-frame DICOM MR series (one file per slice), through ITK's
// GDCMImageIO. Used by the tests to make DICOM inputs from NIfTI cases (and to plant identifying
// values for the PHI tests), and usable to export phantoms for testing a PACS pipeline.
#include <map>
#include <string>

#include "rimscan/image.h"

namespace rimscan::io {

struct DicomWriteOptions {
  std::string study_uid, series_uid;  // generated (GDCM UID generator) when empty
  int series_number = 1;
  std::string series_description;
  std::string modality = "MR";
  std::string contrast_agent;         // (0018,0010); empty = not written
  // Further tags as ITK dictionary keys ("0010|0010" -> "DOE^JANE"), written into every file.
  std::map<std::string, std::string> tags;
};

// Writes img into `dir` (created if missing; must hold no file of the same names) as
// IM0001.dcm ... in slice order, int16 pixels: every voxel must be an integer in int16 range
// (kUsage otherwise; rimscan does not quantise silently). Slice k is written at
// ImagePositionPatient = origin + k * spacing_z * (third direction column), with
// ImageOrientationPatient from the first two columns. DICOM readers (rimscan's included) order
// slices along row x column, so a left-handed grid (third column = -(first x second)) reads
// back on the same physical grid with its slice axis reversed.
void write_dicom_series(const ImageF& img, const std::string& dir, const DicomWriteOptions& opt = {});

}  // namespace rimscan::io
