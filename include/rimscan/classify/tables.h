#pragma once
// Reading the inputs of `rimscan train` and `rimscan validate` (docs/model.md):
//   - a per-case table: either a CSV (a batch results.csv: a `case_id` column and columns named
//     by JSON dot-paths, `summary.index_core_fraction`, or `pce_probability`, ...) or a folder
//     of case JSON documents (values read at the dot-paths with json_at_path);
//   - a labels CSV: `case_id` and 0/1 columns `pce` and/or `lmd` (empty = label unknown).
// CSV: RFC 4180 (quoted fields with "" escapes and embedded separators or newlines, CRLF or LF,
// an optional UTF-8 byte-order mark). Every error is one line naming the file, the line and the
// column.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rimscan::classify {

struct CsvData {
  std::string source;                          // file name, for messages
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() fields
  std::vector<int64_t> row_line;               // 1-based line on which each row starts
};

// Throws Error(kInputCorrupt) for an unterminated quote, a character after a closing quote or a
// row whose field count differs from the header's; Error(kInputInvalid) for an empty text or
// a duplicate or empty header name.
CsvData parse_csv(const std::string& text, const std::string& source);
// Reads and parses a file; Error(kInputMissing) when it cannot be opened.
CsvData read_csv_file(const std::string& path);

// One cell of a case table.
struct Cell {
  enum class Kind { kNull, kNumber, kText };
  Kind kind = Kind::kNull;
  double number = 0;
  std::string text;
};

// Parses a CSV cell: empty (after trimming spaces), "nan", "na", "null" (any case) -> null;
// "true" / "false" -> 1 / 0 (as booleans read from case JSONs); a complete finite decimal
// number -> number; anything else -> text.
Cell parse_cell(const std::string& text);

struct CaseTable {
  std::string source;                   // the path given
  std::vector<std::string> columns;     // dot-paths / column names
  std::vector<std::string> case_ids;
  std::vector<std::string> row_where;   // "line 7" (CSV) or the JSON file name, for messages
  std::vector<std::vector<Cell>> cells; // [row][column]

  // Index of a column, or -1.
  int column(const std::string& name) const;
  // Row of a case id, or -1.
  int64_t row_of(const std::string& case_id) const;
  // The number in a cell: nullopt for null; Error(kInputInvalid) naming the source, row and
  // column for text; booleans in JSON documents read as 1/0.
  std::optional<double> number(size_t row, size_t col) const;
  // The text of a cell ("" for null; numbers are not text: Error(kInputInvalid)).
  std::string text(size_t row, size_t col) const;

 private:
  std::map<std::string, int64_t> index_;
  friend CaseTable read_case_table(const std::string&, const std::vector<std::string>&);
  friend CaseTable case_table_from_csv(const CsvData&, const std::vector<std::string>&);
};

// `path` is a directory: every *.json file under it (recursively, in sorted path order) whose
// "schema" is "rimscan-case" is one case (other JSON files, e.g. a validation report, are
// skipped); each requested column is read at its dot-path. A path absent from every document is
// an error (a typo in a feature name); absent from some documents it reads as null.
// Otherwise `path` is a CSV with a `case_id` column; every requested column must exist.
// Errors: no cases, empty or duplicate case ids (naming both rows), a missing column.
CaseTable read_case_table(const std::string& path, const std::vector<std::string>& columns);
CaseTable case_table_from_csv(const CsvData& csv, const std::vector<std::string>& columns);

struct LabelSet {
  std::string source;
  std::vector<std::string> case_ids;
  std::vector<std::string> flags;                 // "pce" and/or "lmd", in that order
  std::map<std::string, std::vector<int>> label;  // flag -> per case: 0, 1, or -1 (unknown)
};

// A labels CSV: a `case_id` column and at least one of `pce`, `lmd` (other columns are
// ignored). Cells are 0, 1 or empty. Errors name the file, line and column: a cell that is not
// 0/1/empty, an empty or duplicate case id, no label column, no rows.
LabelSet read_labels(const std::string& path);
LabelSet labels_from_csv(const CsvData& csv);

}  // namespace rimscan::classify
