#pragma once
// Test-only, ITK-free readers and writers of the raw bytes of NIfTI-1 and NRRD headers, so the
// I/O adapter is checked against values decoded independently of ITK (the NIfTI-1 standard's
// field offsets and its quaternion formula; the NRRD header text).
#include <zlib.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rimscan::test {

// Whole file contents, gunzipped when the file is gzip (zlib reads plain files unchanged).
inline std::string read_all_bytes(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

inline std::string read_raw_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_raw_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline void write_gz_file(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

template <class T>
T get_le(const std::string& b, size_t off) {
  T v;
  std::memcpy(&v, b.data() + off, sizeof v);  // x86: little endian, as the test files are
  return v;
}
template <class T>
void put_le(std::string& b, size_t off, T v) {
  std::memcpy(&b[off], &v, sizeof v);
}

// The NIfTI-1 fields the tests need (offsets from nifti1.h).
struct Nifti1 {
  int16_t dim[8];
  int16_t intent_code, datatype, bitpix;
  float pixdim[8];
  float vox_offset, scl_slope, scl_inter;
  int16_t qform_code, sform_code;
  float quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z;
  float srow[3][4];
};

inline Nifti1 parse_nifti1(const std::string& b) {
  if (b.size() < 348 || get_le<int32_t>(b, 0) != 348) throw std::runtime_error("not a NIfTI-1 header");
  Nifti1 h{};
  for (int i = 0; i < 8; ++i) h.dim[i] = get_le<int16_t>(b, 40 + 2 * i);
  h.intent_code = get_le<int16_t>(b, 68);
  h.datatype = get_le<int16_t>(b, 70);
  h.bitpix = get_le<int16_t>(b, 72);
  for (int i = 0; i < 8; ++i) h.pixdim[i] = get_le<float>(b, 76 + 4 * i);
  h.vox_offset = get_le<float>(b, 108);
  h.scl_slope = get_le<float>(b, 112);
  h.scl_inter = get_le<float>(b, 116);
  h.qform_code = get_le<int16_t>(b, 252);
  h.sform_code = get_le<int16_t>(b, 254);
  h.quatern_b = get_le<float>(b, 256);
  h.quatern_c = get_le<float>(b, 260);
  h.quatern_d = get_le<float>(b, 264);
  h.qoffset_x = get_le<float>(b, 268);
  h.qoffset_y = get_le<float>(b, 272);
  h.qoffset_z = get_le<float>(b, 276);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) h.srow[r][c] = get_le<float>(b, 280 + 16 * r + 4 * c);
  return h;
}

// Direction (row-major, column c = axis c) and origin in LPS from the qform, following the
// NIfTI-1 standard (nifti1.h, "METHOD 2"): R from the unit quaternion (a >= 0 recovered from
// b, c, d), the third column times qfac = sign of pixdim[0], then RAS -> LPS by negating x, y.
struct AffineLps {
  std::array<double, 9> direction;
  std::array<double, 3> origin;
  std::array<double, 3> spacing;
};

inline AffineLps qform_lps(const Nifti1& h) {
  double b = h.quatern_b, c = h.quatern_c, d = h.quatern_d;
  double a = 1.0 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    a = 1.0 / std::sqrt(b * b + c * c + d * d);
    b *= a, c *= a, d *= a;
    a = 0.0;
  } else {
    a = std::sqrt(a);
  }
  double R[3][3] = {{a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
                    {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
                    {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
  double qfac = h.pixdim[0] < 0 ? -1.0 : 1.0;
  AffineLps out{};
  for (int r = 0; r < 3; ++r)
    for (int col = 0; col < 3; ++col) {
      double v = R[r][col] * (col == 2 ? qfac : 1.0);
      out.direction[r * 3 + col] = r < 2 ? -v : v;
    }
  out.origin = {-double(h.qoffset_x), -double(h.qoffset_y), double(h.qoffset_z)};
  out.spacing = {h.pixdim[1], h.pixdim[2], h.pixdim[3]};
  return out;
}

// Same from the sform rows (columns normalised; the column norms are the spacings).
inline AffineLps sform_lps(const Nifti1& h) {
  AffineLps out{};
  for (int col = 0; col < 3; ++col) {
    double n = std::sqrt(double(h.srow[0][col]) * h.srow[0][col] + double(h.srow[1][col]) * h.srow[1][col] +
                         double(h.srow[2][col]) * h.srow[2][col]);
    out.spacing[col] = n;
    for (int r = 0; r < 3; ++r) out.direction[r * 3 + col] = (r < 2 ? -1.0 : 1.0) * h.srow[r][col] / n;
  }
  out.origin = {-double(h.srow[0][3]), -double(h.srow[1][3]), double(h.srow[2][3])};
  return out;
}

// A minimal NIfTI-1 single file (header, 4 empty extension bytes, zero-filled payload of
// nvox * bitpix/8 bytes): identity qform, unit spacing.
inline std::string make_nifti1(const std::vector<int>& dims, int16_t datatype, int16_t bitpix,
                               int16_t intent_code = 0) {
  std::string b(352, '\0');
  put_le<int32_t>(b, 0, 348);
  put_le<int16_t>(b, 40, static_cast<int16_t>(dims.size()));
  int64_t nvox = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    put_le<int16_t>(b, 42 + 2 * i, static_cast<int16_t>(dims[i]));
    nvox *= dims[i];
  }
  for (size_t i = dims.size() + 1; i < 8; ++i) put_le<int16_t>(b, 40 + 2 * i, 1);
  put_le<int16_t>(b, 68, intent_code);
  put_le<int16_t>(b, 70, datatype);
  put_le<int16_t>(b, 72, bitpix);
  for (int i = 0; i < 8; ++i) put_le<float>(b, 76 + 4 * i, 1.0f);
  put_le<float>(b, 108, 352.0f);
  put_le<int16_t>(b, 252, 1);  // qform_code scanner, identity quaternion
  std::memcpy(&b[344], "n+1\0", 4);
  if (nvox > 0) b.append(static_cast<size_t>(nvox) * static_cast<size_t>(bitpix / 8), '\0');
  return b;
}

// Key/value lines of an NRRD header (up to the first blank line).
inline std::vector<std::pair<std::string, std::string>> nrrd_fields(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  while (std::getline(in, line) && !line.empty()) {
    size_t colon = line.find(": ");
    if (line[0] == '#' || colon == std::string::npos) continue;
    out.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  return out;
}

// "(a,b,c) (d,e,f)" -> {{a,b,c},{d,e,f}}
inline std::vector<std::array<double, 3>> nrrd_vectors(const std::string& v) {
  std::vector<std::array<double, 3>> out;
  size_t p = 0;
  while ((p = v.find('(', p)) != std::string::npos) {
    std::array<double, 3> x{};
    std::sscanf(v.c_str() + p, "(%lf,%lf,%lf)", &x[0], &x[1], &x[2]);
    out.push_back(x);
    ++p;
  }
  return out;
}

}  // namespace rimscan::test
