#include "io/itk_error.h"

#include <itkMacro.h>

#include <cctype>
#include <regex>

namespace rimscan::io::detail {

std::string one_line(const std::string& text, size_t max_chars) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char ch : text) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    // Control characters (from a corrupt header echoed back by a library) would break the line.
    out += std::iscntrl(static_cast<unsigned char>(ch)) ? '?' : ch;
  }
  if (out.size() > max_chars) out = out.substr(0, max_chars - 3) + "...";
  return out;
}

std::string itk_description(const itk::ExceptionObject& e) {
  // GetDescription() is the message without ITK's "file:line" header, but it still starts with
  // "itk::ERROR: NrrdImageIO(0x55d6...): " and can span lines.
  const char* raw = e.GetDescription();
  std::string d = raw && *raw ? raw : e.what();
  static const std::regex kItkPrefix(R"(itk::(ERROR|WARNING):\s*(\w+\(0x[0-9a-fA-F]+\):\s*)?)");
  d = std::regex_replace(d, kItkPrefix, "");
  // teem (NRRD) reports a call chain, one "[nrrd] function: message" line per level, outermost
  // first: the last line is the actual cause.
  std::string cause;
  size_t start = 0;
  while (start < d.size()) {
    size_t end = d.find('\n', start);
    if (end == std::string::npos) end = d.size();
    std::string line = d.substr(start, end - start);
    if (line.size() > 2 && line[0] == '[') {
      size_t close = line.find("] ");
      if (close != std::string::npos) {
        line = line.substr(close + 2);
        size_t colon = line.find(": ");
        if (colon != std::string::npos && line.find(' ') > colon) line = line.substr(colon + 2);
        if (!one_line(line).empty()) cause = line;
      }
    }
    start = end + 1;
  }
  std::string s = one_line(cause.empty() ? d : cause);
  return s.empty() ? "unknown ITK error" : s;
}

Error itk_error(ErrorCode code, const std::string& path, const std::string& doing,
                const itk::ExceptionObject& e) {
  return Error(code, path + ": " + doing + ": " + itk_description(e));
}

}  // namespace rimscan::io::detail
