#include "io/meta_check.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

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

[[noreturn]] void bad_pattern(const std::string& path, const std::string& why) {
  throw Error(ErrorCode::kInputCorrupt, path + ": ElementDataFile pattern " + why);
}

void check_pattern(const std::string& path, std::map<std::string, std::string>& kv) {
  std::istringstream words(kv["ElementDataFile"]);
  std::vector<std::string> w;
  for (std::string t; words >> t;) w.push_back(t);
  std::vector<long long> num;
  for (size_t i = 1; i < w.size(); ++i) {
    size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(w[i], &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != w[i].size()) bad_pattern(path, "has '" + w[i].substr(0, 20) + "' where a whole number belongs");
    num.push_back(v);
  }
  if (num.size() > 4) bad_pattern(path, "has more than four numbers");
  std::istringstream dims(kv["DimSize"]);
  std::vector<long long> d;
  for (long long x; dims >> x;) d.push_back(x);
  const long long ndims = kv.count("NDims") ? std::atoll(kv["NDims"].c_str()) : static_cast<long long>(d.size());
  if (d.empty() || d.back() <= 0 || ndims < 1) bad_pattern(path, "needs a valid DimSize");
  if (num.size() >= 2) {
    if (num[1] < num[0]) bad_pattern(path, "ends (" + std::to_string(num[1]) + ") before it starts (" + std::to_string(num[0]) + ")");
    const long long step = num.size() >= 3 ? num[2] : (num[1] - num[0]) / d.back();
    if (step < 1) bad_pattern(path, "has a step of " + std::to_string(step) + " (must be at least 1)");
  }
  if (num.size() == 4 && (num[3] < 1 || num[3] > ndims))
    bad_pattern(path, "gives a per-file dimension of " + std::to_string(num[3]) + " outside 1.." + std::to_string(ndims));
  // The name: one integer conversion %d or %0Nd and no other '%' (MetaIO hands it to sprintf).
  const std::string& name = w[0];
  const size_t pc = name.find('%');
  size_t q = pc + 1;
  while (q < name.size() && std::isdigit(static_cast<unsigned char>(name[q]))) ++q;
  if (q >= name.size() || name[q] != 'd' || name.find('%', q) != std::string::npos || q - pc - 1 > 2)
    bad_pattern(path, "name '" + name.substr(0, 40) + "' is not of the form prefix%d or prefix%0Nd");
  const int width = q > pc + 1 ? std::atoi(name.substr(pc + 1, q - pc - 1).c_str()) : 0;
  // Every file of the pattern must exist: MetaIO reports a missing one on stderr only and returns
  // an image of zeros.
  const long long first = num.empty() ? 1 : num[0];
  const long long last = num.size() >= 2 ? num[1] : first + d.back() - 1;
  const long long step = num.size() >= 3 ? num[2] : (num.size() >= 2 ? (last - first) / d.back() : 1);
  if ((last - first) / std::max(1LL, step) > 100000) bad_pattern(path, "names more than 100000 files");
  for (long long i = first; i <= last; i += std::max(1LL, step)) {
    std::string digits = std::to_string(i < 0 ? -i : i);
    if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
    if (i < 0) digits.insert(0, 1, '-');
    const std::string file = name.substr(0, pc) + digits + name.substr(q + 1);
    std::error_code ec;
    if (!fs::exists(fs::path(path).parent_path() / file, ec))
      throw Error(ErrorCode::kInputMissing, path + ": its data file " + file + " (of the ElementDataFile pattern) is missing");
  }
}

}  // namespace

void meta_check_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // ITK reports it
  constexpr size_t kMax = 250;  // MetaIO's buffers hold 255 characters
  std::string line;
  for (int n = 1; n <= 1000 && std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = path + ": MetaImage header line " + std::to_string(n);
    for (char ch : line)
      if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t')
        throw Error(ErrorCode::kInputCorrupt, where + " holds a control byte (the header must be text)");
      else if (static_cast<unsigned char>(ch) > 0x7e)
        throw Error(ErrorCode::kInputCorrupt, where + " holds a non-ASCII byte (the header must be text)");
    if (trim(line).empty()) continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) throw Error(ErrorCode::kInputCorrupt, where + " is not 'Key = Value'");
    const std::string key = trim(line.substr(0, eq));
    if (key.empty() || key.size() > kMax ||
        !std::all_of(key.begin(), key.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
      throw Error(ErrorCode::kInputCorrupt, where + ": '" + key.substr(0, 40) + "' is not a header key");
    if (line.size() - eq - 1 > kMax)
      throw Error(ErrorCode::kInputCorrupt, where + ": the value of " + key + " is longer than " + std::to_string(kMax) + " characters");
    if (key == "ElementDataFile") return;  // the data follows (LOCAL) or lies elsewhere
  }
}

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
  if (!kv.count("ElementDataFile")) return;
  // A file-name pattern "name%d min max step [dim]": MetaIO steps through it with integer
  // arithmetic and divides by the step and the dimensions without checking them (a step of 0,
  // or a non-number read as 0, raises SIGFPE inside ITK). Refused here unless every number is
  // sane.
  if (kv["ElementDataFile"].find('%') != std::string::npos) check_pattern(path, kv);
  if (kv.count("HeaderSize") || !kv.count("DimSize")) return;
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
