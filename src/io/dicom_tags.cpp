#include "io/dicom_tags.h"

#include <gdcmTrace.h>
#include <itkObject.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <mutex>
#include <regex>

#include "io/itk_error.h"

namespace rimscan::io::detail {

std::string trim_value(const std::string& v) {
  size_t a = 0, b = v.size();
  while (a < b && (v[a] == ' ' || v[a] == '\0')) ++a;
  while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\0')) --b;
  return v.substr(a, b - a);
}

bool parse_numbers(const std::string& v, std::vector<double>& out) {
  out.clear();
  size_t start = 0;
  const std::string s = trim_value(v);
  if (s.empty()) return false;
  while (start <= s.size()) {
    size_t end = s.find('\\', start);
    if (end == std::string::npos) end = s.size();
    std::string part = trim_value(s.substr(start, end - start));
    char* stop = nullptr;
    double x = std::strtod(part.c_str(), &stop);
    if (part.empty() || stop != part.c_str() + part.size() || !std::isfinite(x)) return false;
    out.push_back(x);
    start = end + 1;
  }
  return true;
}

double parse_number(const std::string& v) {
  std::vector<double> xs;
  if (!parse_numbers(v, xs) || xs.empty()) return std::numeric_limits<double>::quiet_NaN();
  return xs[0];
}

void silence_gdcm() {
  static std::once_flag once;
  std::call_once(once, [] {
    gdcm::Trace::WarningOff();
    gdcm::Trace::ErrorOff();
    gdcm::Trace::DebugOff();
    // ITK warnings from GDCMImageIO name the file (paths may embed UIDs) and span lines.
    itk::Object::GlobalWarningDisplayOff();
  });
}

std::string scrub_message(const std::string& text, const std::vector<std::string>& paths) {
  std::string s = text;
  for (const std::string& p : paths) {
    for (const std::string& needle : {p, std::filesystem::path(p).filename().string()}) {
      if (needle.size() < 3) continue;
      for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at))
        s.replace(at, needle.size(), "<file>");
    }
  }
  static const std::regex kUid(R"(\d+(\.\d+){3,})");
  s = std::regex_replace(s, kUid, "<uid>");
  return one_line(s);
}

}  // namespace rimscan::io::detail
