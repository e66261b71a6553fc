#include "io/nrrd_check.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "rimscan/error.h"

namespace fs = std::filesystem;

namespace rimscan::io::detail {
namespace {

// Bytes per value of the NRRD type names (teem's spellings, NRRD format definition 5).
int type_bytes(const std::string& t) {
  static const std::map<std::string, int> kBytes = {
      {"signed char", 1}, {"int8", 1}, {"int8_t", 1}, {"uchar", 1}, {"unsigned char", 1}, {"uint8", 1},
      {"uint8_t", 1}, {"short", 2}, {"short int", 2}, {"signed short", 2}, {"signed short int", 2},
      {"int16", 2}, {"int16_t", 2}, {"ushort", 2}, {"unsigned short", 2}, {"unsigned short int", 2},
      {"uint16", 2}, {"uint16_t", 2}, {"int", 4}, {"signed int", 4}, {"int32", 4}, {"int32_t", 4},
      {"uint", 4}, {"unsigned int", 4}, {"uint32", 4}, {"uint32_t", 4}, {"longlong", 8},
      {"long long", 8}, {"long long int", 8}, {"signed long long", 8}, {"signed long long int", 8},
      {"int64", 8}, {"int64_t", 8}, {"ulonglong", 8}, {"unsigned long long", 8},
      {"unsigned long long int", 8}, {"uint64", 8}, {"uint64_t", 8}, {"float", 4}, {"double", 8}};
  auto it = kBytes.find(t);
  return it == kBytes.end() ? 0 : it->second;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r");
  const size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

void nrrd_check_payload(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // teem reports it
  std::map<std::string, std::string> field;
  std::string line;
  bool header_ended = false;
  for (int lines = 0; lines < 1000 && std::getline(in, line); ++lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      header_ended = true;
      break;
    }
    if (line[0] == '#') continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos || line.compare(colon, 2, ":=") == 0) continue;  // key/value pairs
    field[trim(line.substr(0, colon))] = trim(line.substr(colon + 1));
  }
  const std::string encoding = field.count("encoding") ? field["encoding"] : "";
  const bool gz = encoding == "gzip" || encoding == "gz";
  if ((encoding != "raw" && !gz) || !field.count("sizes") || field.count("line skip") || field.count("lineskip")) return;
  const int tb = type_bytes(field["type"]);
  if (tb == 0) return;
  std::istringstream sizes(field["sizes"]);
  int64_t need = tb;
  for (std::string s; sizes >> s;) {
    int64_t d = 0;
    try {
      d = std::stoll(s);
    } catch (const std::exception&) {
      return;  // teem reports it
    }
    if (d <= 0) return;  // the dimension check reports it
    if (need > (int64_t{1} << 50) / d) return;  // the voxel cap refuses it
    need *= d;
  }
  int64_t skip = 0;
  for (const char* k : {"byte skip", "byteskip"})
    if (field.count(k)) {
      try {
        skip = std::stoll(field[k]);
      } catch (const std::exception&) {
        return;
      }
    }
  if (skip < 0 || (gz && skip != 0)) return;  // -1: the data is the file's last bytes; teem checks it

  std::error_code ec;
  const std::string data = field.count("data file") ? field["data file"] : (field.count("datafile") ? field["datafile"] : "");
  std::string data_path = path;
  int64_t start = 0;
  if (data.empty()) {
    if (!header_ended) return;
    start = static_cast<int64_t>(in.tellg());
    if (start < 0) return;
  } else {
    if (data.find(' ') != std::string::npos || data.rfind("LIST", 0) == 0 || data.find('%') != std::string::npos) return;
    const fs::path raw = fs::path(data).is_absolute() ? fs::path(data) : fs::path(path).parent_path() / data;
    if (!fs::exists(raw, ec))
      throw Error(ErrorCode::kInputMissing, path + ": its data file " + data + " is missing");
    data_path = raw.string();
  }
  int64_t have = 0;
  if (gz) {
    // Inflate once to count: teem would allocate the image first, and on a damaged stream it
    // throws without freeing its reader (a leak per failed read in ITK 5.2).
    const int fd = ::open(data_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (::lseek(fd, static_cast<off_t>(start), SEEK_SET) != static_cast<off_t>(start)) {
      ::close(fd);
      return;
    }
    gzFile f = gzdopen(fd, "rb");  // owns fd from here
    if (!f) {
      ::close(fd);
      return;
    }
    std::vector<char> buf(1 << 20);
    int got = 0;
    while (have < need && (got = gzread(f, buf.data(), static_cast<unsigned>(buf.size()))) > 0) have += got;
    int errnum = Z_OK;
    const char* msg = gzerror(f, &errnum);
    std::string why = errnum != Z_OK && errnum != Z_STREAM_END ? std::string(msg ? msg : "?") : "";
    if (why.empty() && have > 0 && gzdirect(f)) why = "no gzip header";  // zlib passes plain bytes through
    gzclose(f);
    if (!why.empty())
      throw Error(ErrorCode::kInputCorrupt, path + ": damaged or truncated gzip stream (" + why + ")");
  } else {
    have = static_cast<int64_t>(fs::file_size(data_path, ec)) - start - skip;
    if (ec) return;
  }
  if (have < need)
    throw Error(ErrorCode::kInputCorrupt, path + ": truncated: " + std::to_string(have < 0 ? 0 : have) +
                                              " bytes of data, the header needs " + std::to_string(need));
}

}  // namespace rimscan::io::detail
