#include "rimscan/batch/csv.h"

#include "rimscan/error.h"

namespace rimscan::batch {

std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& source) {
  std::vector<CsvRecord> out;
  size_t pos = 0;
  const size_t n = text.size();
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;  // UTF-8 byte order mark (Excel)
  size_t line = 1;
  while (pos < n) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (pos < n && text[pos] == '"') {
        const size_t open_line = line;
        ++pos;
        for (;;) {
          if (pos >= n)
            throw Error(ErrorCode::kInputCorrupt,
                        source + " line " + std::to_string(open_line) + ": a quoted field is never closed");
          const char c = text[pos];
          if (c == '"') {
            if (pos + 1 < n && text[pos + 1] == '"') {
              field += '"';
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++pos;
        }
        if (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
          throw Error(ErrorCode::kInputCorrupt, source + " line " + std::to_string(line) +
                                                    ": text after the closing quote of a field");
      } else {
        while (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') field += text[pos++];
      }
      rec.fields.push_back(field);
      if (pos >= n) {
        record_done = true;
      } else if (text[pos] == ',') {
        ++pos;
      } else {  // end of line: \n, \r\n or a lone \r
        if (text[pos] == '\r') ++pos;
        if (pos < n && text[pos] == '\n') ++pos;
        ++line;
        record_done = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string q = "\"";
  for (char c : value) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string s;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) s += ',';
    s += csv_field(fields[i]);
  }
  s += '\n';
  return s;
}

}  // namespace rimscan::batch
