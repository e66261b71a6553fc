#include "io/meta_check.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "rimscan/error.h"

namespace fs = std::filesystem;

namespace rimscan::io::detail {
namespace {

int element_bytes(const std::string& type) {
  static const std::map<std::string, int> kBytes = {
      {"MET_CHAR", 1},  {"MET_UCHAR", 1}, {"MET_SHORT", 2},     {"MET_USHORT", 2},
      {"MET_INT", 4},   {"MET_UINT", 4},  {"MET_LONG_LONG", 8}, {"MET_ULONG_LONG", 8},
      {"MET_FLOAT", 4}, {"MET_DOUBLE", 8}};
  auto it = kBytes.find(type);
  return it == kBytes.end() ? 0 : it->second;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

void meta_check_payload(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // ITK reports it
  std::map<std::string, std::string> kv;
  std::string line;
  // The header is text; ElementDataFile is by definition its last field.
  for (int lines = 0; lines < 200 && std::getline(in, line); ++lines) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq));
    kv[key] = trim(line.substr(eq + 1));
    if (key == "ElementDataFile") break;
  }
  if (!kv.count("ElementDataFile") || kv.count("HeaderSize") || !kv.count("DimSize")) return;
  // A named data file that is not there: said here, in one line (MetaIO would add its own line
  // on std::cerr), whatever the rest of the header holds.
  {
    const std::string& data = kv["ElementDataFile"];
    std::error_code ec;
    if (data != "LOCAL" && data != "LIST" && data.find(' ') == std::string::npos &&
        data.find('%') == std::string::npos && !fs::exists(fs::path(path).parent_path() / data, ec))
      throw Error(ErrorCode::kInputMissing, path + ": its data file " + data + " is missing");
  }
  const int eb = element_bytes(kv["ElementType"]);
  if (eb == 0) return;
  std::istringstream dims(kv["DimSize"]);
  int64_t nvox = 1;
  for (int64_t d; dims >> d;) {
    if (d <= 0) return;  // reported by the dimension check
    nvox *= d;
    if (nvox > (int64_t{1} << 50)) return;  // the voxel cap refuses it
  }
  int64_t channels = 1;
  if (kv.count("ElementNumberOfChannels")) channels = std::max<int64_t>(1, std::atoll(kv["ElementNumberOfChannels"].c_str()));
  const std::string compressed = kv.count("CompressedData") ? kv["CompressedData"] : "False";
  const bool is_compressed = compressed == "True" || compressed == "true";
  int64_t need = 0;
  if (is_compressed) {
    if (!kv.count("CompressedDataSize")) return;  // cannot know without inflating
    need = std::atoll(kv["CompressedDataSize"].c_str());
  } else {
    need = nvox * channels * eb;
  }

  const std::string& data = kv["ElementDataFile"];
  int64_t have = 0;
  std::error_code ec;
  if (data == "LOCAL") {
    const auto start = static_cast<int64_t>(in.tellg());
    if (start < 0) return;
    have = static_cast<int64_t>(fs::file_size(path, ec)) - start;
  } else if (data.find(' ') == std::string::npos && data != "LIST" && data.find('%') == std::string::npos) {
    fs::path raw = fs::path(path).parent_path() / data;
    if (!fs::exists(raw, ec))
      throw Error(ErrorCode::kInputMissing, path + ": its data file " + data + " is missing");
    have = static_cast<int64_t>(fs::file_size(raw, ec));
  } else {
    return;
  }
  if (ec) return;
  if (have < need)
    throw Error(ErrorCode::kInputCorrupt, path + ": truncated: " + std::to_string(have) +
                                              " bytes of data, the header needs " + std::to_string(need));
}

}  // namespace rimscan::io::detail
