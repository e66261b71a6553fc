#include "io/nifti_check.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>

#include "rimscan/error.h"
#include "rimscan/io/atomic_file.h"

namespace fs = std::filesystem;

namespace rimscan::io::detail {
namespace {

constexpr int kNifti1HeaderBytes = 348;
constexpr int kDatatypeFloat32 = 16;
constexpr int kDatatypeFloat64 = 64;

struct GzCloser {
  void operator()(gzFile_s* f) const {
    if (f) gzclose(f);
  }
};
using GzPtr = std::unique_ptr<gzFile_s, GzCloser>;

template <class T>
T load(const unsigned char* p, bool swap) {
  unsigned char b[sizeof(T)];
  std::memcpy(b, p, sizeof(T));
  if (swap) std::reverse(b, b + sizeof(T));
  T v;
  std::memcpy(&v, b, sizeof(T));
  return v;
}

// The data file of an Analyze-style pair; the .nii itself otherwise.
std::string data_file_for(const std::string& path) {
  const std::string ext = full_extension(path);
  const std::string stem = path.substr(0, path.size() - ext.size());
  if (ext == ".hdr" || ext == ".hdr.gz") {
    for (const char* e : {".img", ".img.gz", ".IMG"})
      if (fs::exists(stem + e)) return stem + e;
    throw Error(ErrorCode::kInputMissing, path + ": the matching .img data file is missing");
  }
  return path;
}

std::string header_file_for(const std::string& path) {
  const std::string ext = full_extension(path);
  if (ext == ".img" || ext == ".img.gz") {
    const std::string stem = path.substr(0, path.size() - ext.size());
    for (const char* e : {".hdr", ".hdr.gz", ".HDR"})
      if (fs::exists(stem + e)) return stem + e;
  }
  return path;
}

}  // namespace

const char* nifti_datatype_name(int datatype) {
  switch (datatype) {
    case 2: return "uint8";
    case 4: return "int16";
    case 8: return "int32";
    case 16: return "float32";
    case 64: return "float64";
    case 256: return "int8";
    case 512: return "uint16";
    case 768: return "uint32";
    case 1024: return "int64";
    case 1280: return "uint64";
    default: return "";
  }
}

NiftiRawInfo nifti_check_header(const std::string& path) {
  NiftiRawInfo info;
  const std::string hdr_path = header_file_for(path);
  GzPtr f(gzopen(hdr_path.c_str(), "rb"));
  if (!f) throw Error(ErrorCode::kInputMissing, path + ": cannot be opened");
  unsigned char h[kNifti1HeaderBytes];
  int got = gzread(f.get(), h, kNifti1HeaderBytes);
  const int32_t sizeof_hdr = load<int32_t>(h, false);
  bool swap = false;
  if (got >= 4 && sizeof_hdr != kNifti1HeaderBytes) {
    if (load<int32_t>(h, true) == kNifti1HeaderBytes) swap = true;
    else return info;  // NIfTI-2 or something ITK may still know: leave it to ITK
  }
  if (got < kNifti1HeaderBytes)
    throw Error(ErrorCode::kInputCorrupt, path + ": NIfTI header truncated (" + std::to_string(std::max(got, 0)) +
                                              " of 348 bytes)");
  const int16_t ndim = load<int16_t>(h + 40, swap);
  if (ndim < 1 || ndim > 7)
    throw Error(ErrorCode::kInputCorrupt, path + ": NIfTI header has dim[0] = " + std::to_string(ndim) +
                                              " (must be 1..7)");
  int64_t nvox = 1;
  for (int d = 1; d <= ndim; ++d) {
    const int16_t n = load<int16_t>(h + 40 + 2 * d, swap);
    if (n <= 0)
      throw Error(ErrorCode::kInputInvalid,
                  path + ": dimension " + std::to_string(d - 1) + " has size " + std::to_string(n));
    // Saturate at 2^50 (the voxel cap refuses it) before the product could overflow: seven
    // int16 sizes reach 2^105.
    constexpr int64_t kSat = int64_t{1} << 50;
    nvox = nvox > kSat / n ? kSat : nvox * n;
  }
  // niftilib replaces a zero (or NaN) voxel size by 1 mm without a word, whatever the sform
  // says: refuse it instead of measuring on a made-up grid. Negative sizes reach
  // validate_geometry, which refuses them.
  for (int d = 1; d <= std::min<int>(ndim, 3); ++d) {
    const float pd = load<float>(h + 76 + 4 * d, swap);
    if (!std::isfinite(pd) || pd == 0.0f)
      throw Error(ErrorCode::kInputInvalid, path + ": spacing along axis " + std::to_string(d - 1) + " is " +
                                                std::to_string(pd) + " (pixdim[" + std::to_string(d) +
                                                "]; must be finite and positive)");
  }
  const int16_t bitpix = load<int16_t>(h + 72, swap);
  if (bitpix <= 0 || bitpix % 8 != 0)
    throw Error(ErrorCode::kInputCorrupt, path + ": NIfTI header has bitpix " + std::to_string(bitpix));
  const float vox_offset = load<float>(h + 108, swap);
  info.checked = true;
  info.swapped = swap;
  info.datatype = load<int16_t>(h + 70, swap);
  info.scl_slope = load<float>(h + 112, swap);
  info.scl_inter = load<float>(h + 116, swap);
  info.bytes_per_voxel = bitpix / 8;
  info.num_voxels = nvox;
  info.data_path = data_file_for(path);
  const bool single_file = info.data_path == hdr_path;
  // niftilib: in a single .nii file the data cannot start inside the header.
  // A damaged vox_offset can be any float: convert only what an int64 holds (found by fuzzing).
  if (std::isfinite(vox_offset) && vox_offset >= 1099511627776.0f)
    throw Error(ErrorCode::kInputCorrupt, path + ": NIfTI header has vox_offset " + std::to_string(vox_offset) +
                                              " (beyond any file)");
  int64_t off = std::isfinite(vox_offset) && vox_offset > 0 ? static_cast<int64_t>(vox_offset) : 0;
  if (single_file) off = std::max<int64_t>(off, kNifti1HeaderBytes);
  info.data_offset = off;
  return info;
}

NonFiniteVoxels nifti_check_payload(const std::string& path, const NiftiRawInfo& info) {
  NonFiniteVoxels bad;
  if (!info.checked) return bad;
  const int64_t payload = info.num_voxels * info.bytes_per_voxel;
  const int64_t need = info.data_offset + payload;
  const bool is_float = info.datatype == kDatatypeFloat32 || info.datatype == kDatatypeFloat64;
  const bool gz = full_extension(info.data_path).size() > 3 &&
                  full_extension(info.data_path).compare(full_extension(info.data_path).size() - 3, 3, ".gz") == 0;

  if (!gz && !is_float) {
    // Uncompressed integer data: the file size says it all, no need to read the voxels.
    std::error_code ec;
    const auto size = static_cast<int64_t>(fs::file_size(info.data_path, ec));
    if (ec) throw Error(ErrorCode::kInputMissing, path + ": cannot be opened");
    if (size < need)
      throw Error(ErrorCode::kInputCorrupt, path + ": truncated: " + std::to_string(size) +
                                                " bytes, the header needs " + std::to_string(need));
    return bad;
  }

  GzPtr f(gzopen(info.data_path.c_str(), "rb"));
  if (!f) throw Error(ErrorCode::kInputMissing, path + ": cannot be opened");
  gzbuffer(f.get(), 1 << 17);
  std::vector<unsigned char> buf(1 << 20);
  auto fail_read = [&]() {
    int errnum = 0;
    const char* msg = gzerror(f.get(), &errnum);
    throw Error(ErrorCode::kInputCorrupt, path + ": damaged gzip stream (" + std::string(msg ? msg : "?") + ")");
  };
  int64_t pos = 0;  // bytes of the decompressed stream consumed
  while (pos < info.data_offset) {
    const int got = gzread(f.get(), buf.data(), static_cast<unsigned>(std::min<int64_t>(buf.size(), info.data_offset - pos)));
    if (got < 0) fail_read();
    if (got == 0) break;
    pos += got;
  }
  const int vb = info.bytes_per_voxel;
  // Chunks hold whole voxels; gzread returns less than asked only at the end of the stream.
  const int64_t chunk = static_cast<int64_t>(buf.size()) / vb * vb;
  int64_t voxel = 0;
  while (pos >= info.data_offset && pos < need) {
    const int got = gzread(f.get(), buf.data(), static_cast<unsigned>(std::min<int64_t>(chunk, need - pos)));
    if (got < 0) fail_read();
    if (got == 0) break;
    if (is_float) {
      const int n = got / vb;
      for (int k = 0; k < n; ++k) {
        const unsigned char* p = buf.data() + static_cast<size_t>(k) * vb;
        const double v = vb == 4 ? double(load<float>(p, info.swapped)) : load<double>(p, info.swapped);
        if (!std::isfinite(v)) {
          bad.index.push_back(voxel + k);
          bad.value.push_back(static_cast<float>(v));
        }
      }
      voxel += n;
    }
    pos += got;
  }
  int errnum = Z_OK;
  const char* msg = gzerror(f.get(), &errnum);
  if (errnum != Z_OK && errnum != Z_STREAM_END)
    throw Error(ErrorCode::kInputCorrupt,
                path + ": damaged or truncated gzip stream (" + std::string(msg ? msg : "?") + ")");
  if (pos < need)
    throw Error(ErrorCode::kInputCorrupt, path + ": truncated: " + std::to_string(pos) +
                                              " bytes of data, the header needs " + std::to_string(need));
  return bad;
}

}  // namespace rimscan::io::detail
