// Reading train/validate inputs: RFC 4180 CSV (quotes, CRLF, embedded newlines, BOM), cells,
// case tables from CSV and from a folder of case JSONs, label files, and one-line errors that
// name the file, line and column.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/test_data.h"
#include "rimscan/classify/tables.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::classify;

namespace {

// The message of the Error thrown by f (fails the test when none is thrown).
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << "multi-line message: " << m;
    return m;
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

TEST(Tables, CsvQuotesCrlfEmbeddedNewlinesAndBom) {
  const std::string text =
      "\xEF\xBB\xBF" "case_id,note,x\r\n"
      "a,\"he said \"\"hi\"\"\",1.5\r\n"
      "\r\n"
      "b,\"two\nlines, one field\",\r\n"
      "c,plain,-2e-3";  // no final newline
  const CsvData csv = parse_csv(text, "t.csv");
  ASSERT_EQ(csv.header, (std::vector<std::string>{"case_id", "note", "x"}));
  ASSERT_EQ(csv.rows.size(), 3u);
  EXPECT_EQ(csv.rows[0][1], "he said \"hi\"");
  EXPECT_EQ(csv.rows[1][1], "two\nlines, one field");
  EXPECT_EQ(csv.rows[1][2], "");
  EXPECT_EQ(csv.rows[2][2], "-2e-3");
  EXPECT_EQ(csv.row_line, (std::vector<int64_t>{2, 4, 6}));  // the quoted newline counts
}

TEST(Tables, CsvErrorsNameFileAndLine) {
  EXPECT_TRUE(has(error_of([] { parse_csv("a,b\n1,2\n3\n", "f.csv"); }), "f.csv line 3: 1 fields, the header has 2"));
  EXPECT_TRUE(has(error_of([] { parse_csv("a,b\n\"1,2\n", "f.csv"); }), "line 2: unterminated quoted field"));
  EXPECT_TRUE(has(error_of([] { parse_csv("a,b\n\"1\"x,2\n", "f.csv"); }), "after a closing quote"));
  EXPECT_TRUE(has(error_of([] { parse_csv("", "e.csv"); }), "e.csv: empty file"));
  EXPECT_TRUE(has(error_of([] { parse_csv("\r\n\n", "e.csv"); }), "empty file"));
  EXPECT_TRUE(has(error_of([] { parse_csv("a,a\n1,2\n", "f.csv"); }), "duplicate column 'a'"));
}

TEST(Tables, Cells) {
  EXPECT_EQ(parse_cell("").kind, Cell::Kind::kNull);
  EXPECT_EQ(parse_cell(" NaN ").kind, Cell::Kind::kNull);
  EXPECT_EQ(parse_cell("null").kind, Cell::Kind::kNull);
  EXPECT_EQ(parse_cell(" 0.25 ").kind, Cell::Kind::kNumber);
  EXPECT_DOUBLE_EQ(parse_cell("1e2").number, 100.0);
  EXPECT_EQ(parse_cell("0.25x").kind, Cell::Kind::kText);
  EXPECT_EQ(parse_cell("inf").kind, Cell::Kind::kText);  // not a finite number
  EXPECT_EQ(parse_cell("positive").text, "positive");
  EXPECT_EQ(parse_cell("true").kind, Cell::Kind::kNumber);
  EXPECT_DOUBLE_EQ(parse_cell("true").number, 1.0);
  EXPECT_DOUBLE_EQ(parse_cell("False").number, 0.0);
}

TEST(Tables, CaseTableFromCsv) {
  const CsvData csv = parse_csv("case_id,pce_probability,pce_call,summary.x\nA,0.9,positive,\nB,0.1,negative,3\n", "r.csv");
  const CaseTable t = case_table_from_csv(csv, {"pce_probability", "pce_call", "summary.x"});
  EXPECT_EQ(t.row_of("B"), 1);
  EXPECT_EQ(t.row_of("Z"), -1);
  EXPECT_DOUBLE_EQ(*t.number(0, 0), 0.9);
  EXPECT_EQ(t.text(1, 1), "negative");
  EXPECT_FALSE(t.number(0, 2).has_value());  // empty cell = null
  EXPECT_DOUBLE_EQ(*t.number(1, 2), 3.0);
  EXPECT_TRUE(has(error_of([&] { t.number(0, 1); }), "r.csv line 2, column pce_call: 'positive' is not a number"));
  EXPECT_TRUE(has(error_of([&] { case_table_from_csv(csv, {"summary.y"}); }), "no column 'summary.y'"));
  EXPECT_TRUE(has(error_of([] { case_table_from_csv(parse_csv("id,x\n1,2\n", "n.csv"), {}); }), "n.csv: no case_id column"));
  EXPECT_TRUE(has(error_of([] { case_table_from_csv(parse_csv("case_id,x\nA,1\nB,2\nA,3\n", "d.csv"), {}); }),
                  "duplicate case_id 'A' (line 2 and line 4)"));
  EXPECT_TRUE(has(error_of([] { case_table_from_csv(parse_csv("case_id,x\n", "h.csv"), {}); }), "h.csv: no cases"));
}

TEST(Tables, CaseTableFromJsonFolder) {
  const std::string dir = test::make_temp_dir("tables_json");
  std::filesystem::create_directories(dir + "/sub");
  write(dir + "/a.json", R"({"schema":"rimscan-case","case_id":"A","summary":{"x":0.5},"flags":{"pce":{"probability":0.8,"call":"positive"}}})");
  write(dir + "/sub/b.json", R"({"schema":"rimscan-case","case_id":"B","summary":{"x":null},"flags":{"pce":{"probability":0.2,"call":"negative"}}})");
  write(dir + "/validation.json", R"({"pce":{"auc":1}})");  // not a case document: skipped
  const CaseTable t = read_case_table(dir, {"summary.x", "flags.pce.probability", "flags.pce.call"});
  ASSERT_EQ(t.case_ids, (std::vector<std::string>{"A", "B"}));
  EXPECT_DOUBLE_EQ(*t.number(0, 0), 0.5);
  EXPECT_FALSE(t.number(1, 0).has_value());
  EXPECT_DOUBLE_EQ(*t.number(1, 1), 0.2);
  EXPECT_EQ(t.text(0, 2), "positive");
  EXPECT_TRUE(has(error_of([&] { read_case_table(dir, {"summary.typo"}); }), "no case document has 'summary.typo'"));
  write(dir + "/c.json", R"({"schema":"rimscan-case","case_id":"A"})");
  EXPECT_TRUE(has(error_of([&] { read_case_table(dir, {"summary.x"}); }), "duplicate case_id 'A' (a.json and c.json)"));
  write(dir + "/c.json", "{not json");
  EXPECT_TRUE(has(error_of([&] { read_case_table(dir, {"summary.x"}); }), "c.json: not valid JSON"));
  const std::string empty = test::make_temp_dir("tables_empty");
  EXPECT_TRUE(has(error_of([&] { read_case_table(empty, {}); }), "no rimscan case JSON documents"));
  EXPECT_TRUE(has(error_of([&] { read_case_table(dir + "/missing.csv", {}); }), "missing.csv: no such file"));
}

TEST(Tables, Labels) {
  const LabelSet s = labels_from_csv(parse_csv("case_id,lmd,site,pce\nA,1,x,0\nB,,y,1\n", "l.csv"));
  EXPECT_EQ(s.flags, (std::vector<std::string>{"pce", "lmd"}));
  EXPECT_EQ(s.label.at("pce"), (std::vector<int>{0, 1}));
  EXPECT_EQ(s.label.at("lmd"), (std::vector<int>{1, -1}));  // empty = unknown
  const LabelSet only = labels_from_csv(parse_csv("case_id,pce\nA,1\n", "l.csv"));
  EXPECT_EQ(only.flags, (std::vector<std::string>{"pce"}));
  EXPECT_TRUE(has(error_of([] { labels_from_csv(parse_csv("case_id,pce\nA,1\nB,2\n", "l.csv")); }),
                  "l.csv line 3, column pce: '2' is not 0, 1 or empty"));
  EXPECT_TRUE(has(error_of([] { labels_from_csv(parse_csv("case_id,pce\nA,yes\n", "l.csv")); }), "'yes' is not 0, 1"));
  EXPECT_TRUE(has(error_of([] { labels_from_csv(parse_csv("case_id,other\nA,1\n", "l.csv")); }), "no label column"));
  EXPECT_TRUE(has(error_of([] { labels_from_csv(parse_csv("case_id,pce\nA,1\nA,0\n", "l.csv")); }),
                  "duplicate case_id 'A' (line 2 and line 3)"));
  EXPECT_TRUE(has(error_of([] { labels_from_csv(parse_csv("case_id,pce\n,1\n", "l.csv")); }), "line 2: empty case_id"));
}
