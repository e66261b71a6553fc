// CSV parsing, case tables (results.csv or a folder of case JSONs) and label files
// (include/rimscan/classify/tables.h).
#include "rimscan/classify/tables.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rimscan/error.h"
#include "rimscan/pipeline/result_json.h"

namespace rimscan::classify {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A cell value quoted in a one-line message: control characters blanked, long values cut.
std::string shown(const std::string& v) {
  std::string s = v.size() > 40 ? v.substr(0, 40) + "..." : v;
  for (char& c : s)
    if (std::iscntrl(static_cast<unsigned char>(c))) c = ' ';
  return "'" + s + "'";
}

std::string read_text(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw Error(ErrorCode::kInputInvalid, path + ": is a directory, expected a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kInputMissing, path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

CsvData parse_csv(const std::string& text_in, const std::string& source) {
  std::string_view text(text_in);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (trim(std::string(text)).empty()) throw Error(ErrorCode::kInputInvalid, source + ": empty file (expected a header line)");

  std::vector<std::vector<std::string>> records;
  std::vector<int64_t> lines;
  std::vector<std::string> rec;
  std::string field;
  int64_t line = 1, rec_line = 1;
  bool quoted = false, after_quote = false, field_started = false;
  auto end_field = [&] {
    rec.push_back(field);
    field.clear();
    quoted = after_quote = field_started = false;
  };
  auto end_record = [&] {
    end_field();
    // A blank line is one empty field: skip it.
    if (!(rec.size() == 1 && trim(rec[0]).empty())) {
      records.push_back(rec);
      lines.push_back(rec_line);
    }
    rec.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      rec_line = line;
    } else if (after_quote) {
      if (c == ' ' || c == '\t') continue;  // spaces after a closing quote are tolerated
      throw Error(ErrorCode::kInputCorrupt,
                  source + " line " + std::to_string(line) + ": unexpected character after a closing quote");
    } else if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      field.clear();  // leading spaces before an opening quote are dropped
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) field_started = true;
      field += c;
    }
  }
  if (quoted) throw Error(ErrorCode::kInputCorrupt, source + " line " + std::to_string(rec_line) + ": unterminated quoted field");
  if (!field.empty() || !rec.empty() || after_quote) end_record();
  if (records.empty()) throw Error(ErrorCode::kInputInvalid, source + ": empty file (expected a header line)");

  CsvData csv;
  csv.source = source;
  for (const auto& h : records[0]) {
    const std::string name = trim(h);
    if (name.empty()) throw Error(ErrorCode::kInputInvalid, source + " line " + std::to_string(lines[0]) + ": empty column name in the header");
    if (std::find(csv.header.begin(), csv.header.end(), name) != csv.header.end())
      throw Error(ErrorCode::kInputInvalid, source + " line " + std::to_string(lines[0]) + ": duplicate column '" + name + "'");
    csv.header.push_back(name);
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != csv.header.size())
      throw Error(ErrorCode::kInputCorrupt, source + " line " + std::to_string(lines[r]) + ": " + std::to_string(records[r].size()) +
                                                " fields, the header has " + std::to_string(csv.header.size()));
    csv.rows.push_back(std::move(records[r]));
    csv.row_line.push_back(lines[r]);
  }
  return csv;
}

CsvData read_csv_file(const std::string& path) { return parse_csv(read_text(path), path); }

Cell parse_cell(const std::string& raw) {
  Cell c;
  const std::string t = trim(raw);
  const std::string l = lower(t);
  if (t.empty() || l == "nan" || l == "na" || l == "null") return c;
  if (l == "true" || l == "false") {  // booleans as batch writes them; 1/0 as in case JSONs
    c.kind = Cell::Kind::kNumber;
    c.number = l == "true" ? 1.0 : 0.0;
    return c;
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end && *end == '\0' && errno == 0 && std::isfinite(v)) {
    c.kind = Cell::Kind::kNumber;
    c.number = v;
    return c;
  }
  c.kind = Cell::Kind::kText;
  c.text = t;
  return c;
}

int CaseTable::column(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

int64_t CaseTable::row_of(const std::string& id) const {
  const auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

std::optional<double> CaseTable::number(size_t row, size_t col) const {
  const Cell& c = cells[row][col];
  if (c.kind == Cell::Kind::kNull) return std::nullopt;
  if (c.kind == Cell::Kind::kNumber) return c.number;
  throw Error(ErrorCode::kInputInvalid, source + " " + row_where[row] + ", column " + columns[col] + ": " + shown(c.text) +
                                            " is not a number");
}

std::string CaseTable::text(size_t row, size_t col) const {
  const Cell& c = cells[row][col];
  if (c.kind == Cell::Kind::kNull) return "";
  if (c.kind == Cell::Kind::kText) return c.text;
  throw Error(ErrorCode::kInputInvalid, source + " " + row_where[row] + ", column " + columns[col] + ": expected text, found a number");
}

CaseTable case_table_from_csv(const CsvData& csv, const std::vector<std::string>& columns) {
  CaseTable t;
  t.source = csv.source;
  const auto id_it = std::find(csv.header.begin(), csv.header.end(), "case_id");
  if (id_it == csv.header.end()) throw Error(ErrorCode::kInputInvalid, csv.source + ": no case_id column in the header");
  const size_t id_col = static_cast<size_t>(id_it - csv.header.begin());
  std::vector<size_t> src;
  if (columns.empty()) {
    for (size_t c = 0; c < csv.header.size(); ++c)
      if (c != id_col) t.columns.push_back(csv.header[c]), src.push_back(c);
  } else {
    for (const auto& name : columns) {
      const auto it = std::find(csv.header.begin(), csv.header.end(), name);
      if (it == csv.header.end()) throw Error(ErrorCode::kInputInvalid, csv.source + ": no column '" + name + "' in the header");
      t.columns.push_back(name);
      src.push_back(static_cast<size_t>(it - csv.header.begin()));
    }
  }
  if (csv.rows.empty()) throw Error(ErrorCode::kInputInvalid, csv.source + ": no cases (header only)");
  for (size_t r = 0; r < csv.rows.size(); ++r) {
    const std::string where = "line " + std::to_string(csv.row_line[r]);
    const std::string id = trim(csv.rows[r][id_col]);
    if (id.empty()) throw Error(ErrorCode::kInputInvalid, csv.source + " " + where + ": empty case_id");
    const auto [it, fresh] = t.index_.emplace(id, static_cast<int64_t>(r));
    if (!fresh)
      throw Error(ErrorCode::kInputInvalid, csv.source + ": duplicate case_id " + shown(id) + " (" + t.row_where[it->second] + " and " + where + ")");
    t.case_ids.push_back(id);
    t.row_where.push_back(where);
    std::vector<Cell> row;
    for (size_t c : src) row.push_back(parse_cell(csv.rows[r][c]));
    t.cells.push_back(std::move(row));
  }
  return t;
}

CaseTable read_case_table(const std::string& path, const std::vector<std::string>& columns) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorCode::kInputMissing, path + ": no such file or directory");
  if (!fs::is_directory(path, ec)) return case_table_from_csv(read_csv_file(path), columns);

  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && lower(it->path().extension().string()) == ".json") files.push_back(it->path());
  }
  if (ec) throw Error(ErrorCode::kInputMissing, path + ": cannot list the directory (" + ec.message() + ")");
  std::sort(files.begin(), files.end());

  CaseTable t;
  t.source = path;
  t.columns = columns;
  std::vector<bool> seen(columns.size(), false);
  for (const fs::path& f : files) {
    std::ifstream in(f);
    json doc;
    try {
      doc = json::parse(in);
    } catch (const std::exception&) {
      throw Error(ErrorCode::kInputCorrupt, f.string() + ": not valid JSON");
    }
    if (!doc.is_object() || doc.value("schema", std::string()) != "rimscan-case") continue;
    const json* id = json_at_path(doc, "case_id");
    if (!id || !id->is_string() || id->get<std::string>().empty())
      throw Error(ErrorCode::kInputInvalid, f.string() + ": case_id is missing or not a string");
    const std::string where = fs::relative(f, path, ec).string();
    const auto [it, fresh] = t.index_.emplace(id->get<std::string>(), static_cast<int64_t>(t.case_ids.size()));
    if (!fresh)
      throw Error(ErrorCode::kInputInvalid, path + ": duplicate case_id '" + id->get<std::string>() + "' (" +
                                                t.row_where[it->second] + " and " + where + ")");
    t.case_ids.push_back(id->get<std::string>());
    t.row_where.push_back(where);
    std::vector<Cell> row(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) {
      const json* v = json_at_path(doc, columns[c]);
      if (!v) continue;
      seen[c] = true;
      Cell& cell = row[c];
      if (v->is_number()) {
        cell.kind = Cell::Kind::kNumber;
        cell.number = v->get<double>();
      } else if (v->is_boolean()) {
        cell.kind = Cell::Kind::kNumber;
        cell.number = v->get<bool>() ? 1.0 : 0.0;
      } else if (v->is_string()) {
        cell.kind = Cell::Kind::kText;
        cell.text = v->get<std::string>();
      } else if (!v->is_null()) {
        cell.kind = Cell::Kind::kText;
        cell.text = v->dump();
      }
    }
    t.cells.push_back(std::move(row));
  }
  if (t.case_ids.empty()) throw Error(ErrorCode::kInputInvalid, path + ": no rimscan case JSON documents found");
  for (size_t c = 0; c < columns.size(); ++c)
    if (!seen[c]) throw Error(ErrorCode::kInputInvalid, path + ": no case document has '" + columns[c] + "'");
  return t;
}

LabelSet labels_from_csv(const CsvData& csv) {
  LabelSet s;
  s.source = csv.source;
  const auto col = [&](const std::string& name) -> int {
    const auto it = std::find(csv.header.begin(), csv.header.end(), name);
    return it == csv.header.end() ? -1 : static_cast<int>(it - csv.header.begin());
  };
  const int id_col = col("case_id");
  if (id_col < 0) throw Error(ErrorCode::kInputInvalid, csv.source + ": no case_id column in the header");
  std::vector<std::pair<std::string, int>> flag_cols;
  for (const char* f : {"pce", "lmd"})
    if (col(f) >= 0) flag_cols.emplace_back(f, col(f)), s.flags.push_back(f);
  if (flag_cols.empty()) throw Error(ErrorCode::kInputInvalid, csv.source + ": no label column (expected pce and/or lmd)");
  if (csv.rows.empty()) throw Error(ErrorCode::kInputInvalid, csv.source + ": no cases (header only)");
  std::map<std::string, int64_t> line_of;
  for (size_t r = 0; r < csv.rows.size(); ++r) {
    const std::string line = "line " + std::to_string(csv.row_line[r]);
    const std::string id = trim(csv.rows[r][static_cast<size_t>(id_col)]);
    if (id.empty()) throw Error(ErrorCode::kInputInvalid, csv.source + " " + line + ": empty case_id");
    const auto [it, fresh] = line_of.emplace(id, csv.row_line[r]);
    if (!fresh)
      throw Error(ErrorCode::kInputInvalid, csv.source + ": duplicate case_id " + shown(id) + " (line " + std::to_string(it->second) +
                                                " and " + line + ")");
    s.case_ids.push_back(id);
    for (const auto& [flag, c] : flag_cols) {
      const std::string v = trim(csv.rows[r][static_cast<size_t>(c)]);
      int lab = -1;
      if (v == "0") lab = 0;
      else if (v == "1") lab = 1;
      else if (!v.empty())
        throw Error(ErrorCode::kInputInvalid, csv.source + " " + line + ", column " + flag + ": " + shown(v) + " is not 0, 1 or empty");
      s.label[flag].push_back(lab);
    }
  }
  return s;
}

LabelSet read_labels(const std::string& path) { return labels_from_csv(read_csv_file(path)); }

}  // namespace rimscan::classify
