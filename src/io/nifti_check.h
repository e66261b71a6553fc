#pragma once
// Checks of NIfTI-1 files that ITK 5.2 (its bundled niftilib) does not make, done on the raw
// bytes before and beside ITK's read:
//  - a zero (or negative) dimension is silently turned into 1 by niftilib -> kInputInvalid;
//  - so is a zero or NaN voxel size (pixdim), whatever the sform says -> kInputInvalid;
//  - a payload shorter than the header promises (a truncated .nii or .nii.gz) is read without
//    any error, the missing voxels left as they were -> kInputCorrupt;
//  - NaN and +-Inf float voxels are silently replaced by 0 -> we record them so the reader can
//    put them back (the pipeline, not the reader, decides what non-finite voxels mean).
// NIfTI-2 files (540-byte header) are left to ITK. Internal to the I/O adapter.
#include <cstdint>
#include <string>
#include <vector>

namespace rimscan::io::detail {

struct NiftiRawInfo {
  bool checked = false;             // false for NIfTI-2 / unrecognised: nothing was verified
  std::string data_path;            // the file holding the voxels (.nii itself, or the .img)
  int64_t data_offset = 0;          // where the voxels start in the (decompressed) data file
  int64_t num_voxels = 0;           // product of dim[1..dim[0]]
  int bytes_per_voxel = 0;          // bitpix / 8 (all components)
  int datatype = 0;
  bool swapped = false;             // header and data are big-endian
  float scl_slope = 0.0f;           // as stored (0 = no scaling)
  float scl_inter = 0.0f;
};

// "uint8", "int16", "float32", ... for a NIfTI datatype code; "" for codes rimscan does not name.
const char* nifti_datatype_name(int datatype);

// Reads the header bytes; throws kInputInvalid for a non-positive dimension, kInputCorrupt for
// an unreadable header. Cheap (reads 348 bytes).
NiftiRawInfo nifti_check_header(const std::string& path);

// Non-finite float voxels found in the payload (linear index and value), for restoring them.
struct NonFiniteVoxels {
  std::vector<int64_t> index;
  std::vector<float> value;
};

// Streams the payload (decompressing .gz) and throws kInputCorrupt naming `path` when it is
// shorter than the header promises or the gzip stream is damaged. For float32/float64 data,
// returns the non-finite voxels. Costs one pass over the (decompressed) payload.
NonFiniteVoxels nifti_check_payload(const std::string& path, const NiftiRawInfo& info);

}  // namespace rimscan::io::detail
