#pragma once
// CSV as RFC 4180 describes it: fields separated by commas, a field that holds a comma, a
// double quote, CR or LF is enclosed in double quotes and its quotes are doubled. The reader
// also accepts what spreadsheet exports produce in practice: LF or CRLF line ends, a UTF-8 byte
// order mark, blank lines (skipped), and a stray quote inside an unquoted field (kept as text).
// The writer ends lines with LF (so line-oriented tools work) and quotes only where needed.
#include <cstddef>
#include <string>
#include <vector>

namespace rimscan::batch {

struct CsvRecord {
  size_t line = 0;                   // 1-based line of the file where the record starts
  std::vector<std::string> fields;
};

// All records of `text`, the header included. Throws Error(kInputCorrupt) naming `source` and
// the line for a quoted field that never closes or text after a closing quote ("a"b).
std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& source);

// One field, quoted when RFC 4180 requires it.
std::string csv_field(const std::string& value);
// One line: the fields joined by commas, ending in "\n".
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace rimscan::batch
