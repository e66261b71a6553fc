#pragma once
// A compact raw volume format for carrying decoded real cases to the GPU machine, which has no
// ITK: the parity tests and benchmarks there read these instead of NIfTI. Header-only, zlib
// and nlohmann-json only (no ITK), so rimscan_core_tests and the benchmarks can include it.
//
//   line 1   "RIMSCAN-RAW 1"
//   line 2   one-line JSON: {"size":[nx,ny,nz],"spacing":[..],"origin":[..],"direction":[9 values],
//            "type":"float32"|"uint8"|"int32","encoding":"zlib"|"raw","bytes":<payload bytes>,
//            "voxel_bytes":<uncompressed bytes>}
//   payload  the voxels, x fastest, little-endian, zlib-compressed when encoding is "zlib".
//
// The geometry is rimscan's (LPS, as io::read_image returns it), so a case read back is the very
// Image<T> the I/O adapter produced: same values, same grid.
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "rimscan/error.h"
#include "rimscan/image.h"

namespace rimscan::test {

inline constexpr const char* kRawMagic = "RIMSCAN-RAW 1";

template <class T>
constexpr const char* raw_type_name() {
  if constexpr (std::is_same_v<T, float>) return "float32";
  if constexpr (std::is_same_v<T, uint8_t>) return "uint8";
  if constexpr (std::is_same_v<T, int32_t>) return "int32";
}

// Writes `img` to `path` (zlib level 6 unless compress is false), through a temporary file.
// Throws Error(kOutput).
template <class T>
void write_raw_volume(const std::string& path, const Image<T>& img, bool compress = true) {
  const uLong raw_bytes = static_cast<uLong>(img.voxels.size() * sizeof(T));
  std::vector<unsigned char> payload;
  if (compress) {
    uLongf out_len = compressBound(raw_bytes);
    payload.resize(out_len);
    if (compress2(payload.data(), &out_len, reinterpret_cast<const Bytef*>(img.data()), raw_bytes, 6) != Z_OK)
      throw Error(ErrorCode::kOutput, path + ": zlib compression failed");
    payload.resize(out_len);
  } else {
    payload.assign(reinterpret_cast<const unsigned char*>(img.data()),
                   reinterpret_cast<const unsigned char*>(img.data()) + raw_bytes);
  }
  nlohmann::json h;
  const Geometry& g = img.geom;
  h["size"] = {g.size[0], g.size[1], g.size[2]};
  h["spacing"] = {g.spacing[0], g.spacing[1], g.spacing[2]};
  h["origin"] = {g.origin[0], g.origin[1], g.origin[2]};
  h["direction"] = std::vector<double>(g.direction.begin(), g.direction.end());
  h["type"] = raw_type_name<T>();
  h["encoding"] = compress ? "zlib" : "raw";
  h["bytes"] = payload.size();
  h["voxel_bytes"] = raw_bytes;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << kRawMagic << "\n" << h.dump() << "\n";
    f.write(reinterpret_cast<const char*>(payload.data()), static_cast<std::streamsize>(payload.size()));
    if (!f) throw Error(ErrorCode::kOutput, tmp + ": cannot write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw Error(ErrorCode::kOutput, path + ": cannot rename " + tmp);
}

// Reads a volume written by write_raw_volume; the stored type must be T. Throws
// Error(kInputMissing) for a missing file, Error(kInputCorrupt) for a damaged one and
// Error(kInputInvalid) for another voxel type, naming the file.
template <class T>
Image<T> read_raw_volume(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorCode::kInputMissing, path + ": cannot open");
  std::string magic, header;
  std::getline(f, magic);
  std::getline(f, header);
  if (magic != kRawMagic) throw Error(ErrorCode::kInputCorrupt, path + ": not a rimscan raw volume");
  Geometry g;
  uint64_t bytes = 0, voxel_bytes = 0;
  bool zlib = false;
  std::string type;
  try {
    const nlohmann::json h = nlohmann::json::parse(header);
    type = h.at("type").get<std::string>();
    for (size_t a = 0; a < 3; ++a) {
      g.size[a] = h.at("size").at(a).get<int64_t>();
      g.spacing[a] = h.at("spacing").at(a).get<double>();
      g.origin[a] = h.at("origin").at(a).get<double>();
    }
    for (size_t q = 0; q < 9; ++q) g.direction[q] = h.at("direction").at(q).get<double>();
    bytes = h.at("bytes").get<uint64_t>();
    voxel_bytes = h.at("voxel_bytes").get<uint64_t>();
    zlib = h.at("encoding").get<std::string>() == "zlib";
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInputCorrupt, path + ": bad header: " + e.what());
  }
  if (type != raw_type_name<T>())
    throw Error(ErrorCode::kInputInvalid, path + ": holds " + type + ", expected " + raw_type_name<T>());
  if (g.size[0] <= 0 || g.size[1] <= 0 || g.size[2] <= 0 || g.size[0] * g.size[1] * g.size[2] > (int64_t{1} << 31))
    throw Error(ErrorCode::kInputCorrupt, path + ": bad grid size in the header");
  Image<T> img(g);
  const uLong raw_bytes = static_cast<uLong>(img.voxels.size() * sizeof(T));
  if (voxel_bytes != raw_bytes)
    throw Error(ErrorCode::kInputCorrupt, path + ": payload size does not match the grid");
  if (bytes > compressBound(raw_bytes) + 4096) throw Error(ErrorCode::kInputCorrupt, path + ": payload size out of range");
  std::vector<unsigned char> payload(bytes);
  f.read(reinterpret_cast<char*>(payload.data()), static_cast<std::streamsize>(bytes));
  if (static_cast<uint64_t>(f.gcount()) != bytes) throw Error(ErrorCode::kInputCorrupt, path + ": truncated payload");
  if (zlib) {
    uLongf out_len = raw_bytes;
    if (uncompress(reinterpret_cast<Bytef*>(img.data()), &out_len, payload.data(), static_cast<uLong>(bytes)) != Z_OK ||
        out_len != raw_bytes)
      throw Error(ErrorCode::kInputCorrupt, path + ": corrupt zlib payload");
  } else {
    if (bytes != raw_bytes) throw Error(ErrorCode::kInputCorrupt, path + ": payload size does not match the grid");
    std::memcpy(img.data(), payload.data(), raw_bytes);
  }
  return img;
}

}  // namespace rimscan::test
