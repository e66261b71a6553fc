#pragma once
// Image file I/O: the interface of the ITK adapter (src/io/, the only code that includes ITK).
// Reads NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) and MetaImage (.mha, .mhd) of any scalar
// pixel type. A directory is read as a DICOM series (rimscan/io/dicom.h): read_header and
// read_image accept one wherever they accept a file.
//
// Errors are rimscan::Error with a one-line message that names the file and the problem:
// kInputMissing (no such file), kInputCorrupt (unreadable/truncated), kInputUnsupported
// (4D, vector/RGB pixels, unknown format), kInputInvalid (zero-sized dimension, bad spacing or
// direction), kTooLarge (over ReadOptions::max_voxels, checked from the header before any
// allocation).
#include <cstdint>
#include <string>

#include "rimscan/image.h"

namespace rimscan::io {

struct ReadOptions {
  // Refuse images with more voxels than this, before allocating (a hostile header can claim
  // 100000^3). 0 = no cap. Default 2^31 voxels (8 GiB as float).
  int64_t max_voxels = int64_t{1} << 31;
  // DICOM directories (rimscan/io/dicom.h): which series to read. `dicom_series` is a series
  // key shown by `rimscan info DIR` or a full SeriesInstanceUID; `dicom_description` an
  // ECMAScript regex searched (case-insensitively) in SeriesDescription. Both empty: automatic
  // choice of the post-contrast T1, refused with the candidates listed when ambiguous.
  std::string dicom_series;
  std::string dicom_description;
};

// What the header says, without reading the voxels.
struct ImageHeader {
  Geometry geom;
  std::string format;          // "nifti", "nrrd", "meta"
  std::string component_type;  // as stored in the file: "uint8", "int16", "float32", ...
  int dimensions = 3;          // 2D images are read as 3D with one slice
  int components = 1;          // >1 for vector/RGB images (refused by the readers)
  // Intensity scaling stored in the file (NIfTI scl_slope/scl_inter), already applied by
  // read_image: value = stored * rescale_slope + rescale_intercept. 1/0 when there is none.
  double rescale_slope = 1.0;
  double rescale_intercept = 0.0;
};

ImageHeader read_header(const std::string& path, const ReadOptions& opt = {});

// Intensities as float with NIfTI scl_slope/scl_inter (and equivalent rescale fields) applied.
// NaN/Inf voxels are returned as stored (not an I/O error: the pipeline checks finiteness with
// rimscan::require_finite); ITK's niftilib zeroes them silently, the adapter restores them.
// A payload shorter than the header promises is kInputCorrupt (ITK 5.2 would return a partly
// filled image for NIfTI and MetaImage; the adapter checks the raw sizes itself).
ImageF read_image(const std::string& path, const ReadOptions& opt = {});

// An integer label map / mask (any integer or float pixel type whose values are integers);
// throws kInputInvalid when a voxel is not an integer in int32 range.
ImageI32 read_labels(const std::string& path, const ReadOptions& opt = {});

// Writers. The format follows the extension (.nii, .nii.gz, .nrrd, .mha). Files are written
// atomically: to a temporary name in the same directory, then renamed, so a killed process
// never leaves a partial file. Geometry is written exactly (qform and sform for NIfTI).
void write_image(const ImageF& img, const std::string& path);
void write_labels(const ImageU8& labels, const std::string& path);
void write_labels(const ImageI32& labels, const std::string& path);

}  // namespace rimscan::io
