#include "rimscan/batch/shard.h"

#include <cctype>

#include "rimscan/error.h"

namespace rimscan::batch {

namespace {

bool parse_count(const std::string& s, int64_t& v) {
  if (s.empty() || s.size() > 9) return false;
  v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  return true;
}

}  // namespace

Shard Shard::parse(const std::string& text) {
  const size_t slash = text.find('/');
  Shard s;
  const std::string usage = "--shard '" + text + "': ";
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count))
    throw Error(ErrorCode::kUsage, usage + "expected K/N with whole numbers, e.g. 0/4");
  if (s.count < 1) throw Error(ErrorCode::kUsage, usage + "N must be at least 1");
  if (s.index >= s.count)
    throw Error(ErrorCode::kUsage, usage + "K must be between 0 and N-1 (" + std::to_string(s.count - 1) + ")");
  return s;
}

}  // namespace rimscan::batch
