// CSV reading and writing (RFC 4180 quoting) for batch manifests and results.
#include <gtest/gtest.h>

#include "rimscan/batch/csv.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::batch;

TEST(BatchCsv, QuotedFieldsWithCommasQuotesAndNewlines) {
  const std::string text = "a,b,c\r\n\"x,1\",\"he said \"\"hi\"\"\",\"two\nlines\"\r\nplain,,end\n";
  auto recs = parse_csv(text, "m.csv");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].fields, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"x,1", "he said \"hi\"", "two\nlines"}));
  EXPECT_EQ(recs[1].line, 2u);
  // The quoted newline moves the next record to line 4.
  EXPECT_EQ(recs[2].line, 4u);
  EXPECT_EQ(recs[2].fields, (std::vector<std::string>{"plain", "", "end"}));
}

TEST(BatchCsv, BomBlankLinesAndNoFinalNewline) {
  auto recs = parse_csv("\xEF\xBB\xBF" "case_id,t1c\n\nA,a.nii\n\r\nB,b.nii", "m.csv");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].fields[0], "case_id");  // the BOM is not part of the first name
  EXPECT_EQ(recs[1].line, 3u);
  EXPECT_EQ(recs[2].line, 5u);
  EXPECT_EQ(recs[2].fields[1], "b.nii");
}

TEST(BatchCsv, TrailingEmptyFieldIsKept) {
  auto recs = parse_csv("a,b\n1,\n", "m.csv");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"1", ""}));
}

TEST(BatchCsv, StrayQuoteInUnquotedFieldIsText) {
  auto recs = parse_csv("a\n5\" disk\n", "m.csv");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].fields[0], "5\" disk");
}

TEST(BatchCsv, UnclosedQuoteAndTextAfterQuoteAreErrorsNamingTheLine) {
  try {
    parse_csv("a,b\n1,\"open\n2,3\n", "m.csv");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInputCorrupt);
    EXPECT_NE(std::string(e.what()).find("m.csv line 2"), std::string::npos) << e.what();
  }
  try {
    parse_csv("a,b\n\"x\"y,2\n", "m.csv");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(BatchCsv, WriterQuotesOnlyWhereNeededAndRoundTrips) {
  EXPECT_EQ(csv_field("plain text"), "plain text");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(csv_field("l1\nl2"), "\"l1\nl2\"");
  EXPECT_EQ(csv_field(""), "");
  const std::vector<std::string> fields = {"id,1", "", "q\"uote", "cr\r\nlf", " spaced "};
  const std::string line = csv_line(fields);
  EXPECT_EQ(line.back(), '\n');
  auto recs = parse_csv(line, "x");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].fields, fields);
}
