// Batch manifests: columns, aliases, relative paths, carried columns, case id rules, sharding.
#include <gtest/gtest.h>

#include <set>

#include "rimscan/batch/manifest.h"
#include "rimscan/batch/shard.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::batch;

TEST(BatchManifest, KnownColumnsRelativePathsAndCarriedColumns) {
  const std::string text =
      "case_id,T1C,site,lesion_mask,lesion_labels,outcome\n"
      "P1,img/p1.nii.gz,Berlin,masks/p1.nii.gz,brats2021,CR\n"
      "P2,/abs/p2.nii.gz,Munich,,,\"PD, early\"\n";
  Manifest m = parse_manifest(text, "/data/study/manifest.csv", "/data/study");
  EXPECT_TRUE(m.has_case_id);
  EXPECT_EQ(m.extra_columns, (std::vector<std::string>{"site", "outcome"}));
  ASSERT_EQ(m.rows.size(), 2u);
  EXPECT_EQ(m.rows[0].index, 0u);
  EXPECT_EQ(m.rows[0].line, 2u);
  EXPECT_EQ(m.rows[0].case_id, "P1");
  EXPECT_EQ(m.rows[0].t1c, "/data/study/img/p1.nii.gz");
  EXPECT_EQ(m.rows[0].lesion_mask, "/data/study/masks/p1.nii.gz");
  EXPECT_EQ(m.rows[0].lesion_labels, "brats2021");
  EXPECT_EQ(m.rows[0].extra, (std::vector<std::string>{"Berlin", "CR"}));
  EXPECT_EQ(m.rows[1].t1c, "/abs/p2.nii.gz");
  EXPECT_EQ(m.rows[1].lesion_mask, "");
  EXPECT_EQ(m.rows[1].extra, (std::vector<std::string>{"Munich", "PD, early"}));
  EXPECT_TRUE(m.rows[0].problem.empty());
}

TEST(BatchManifest, PyradiomicsImageMaskHeaders) {
  Manifest m = parse_manifest("ID,Image,Mask,Label\nA,a.nrrd,a_mask.nrrd,1\n", "m.csv", "base");
  ASSERT_EQ(m.rows.size(), 1u);
  EXPECT_FALSE(m.has_case_id);
  EXPECT_EQ(m.rows[0].t1c, "base/a.nrrd");
  EXPECT_EQ(m.rows[0].lesion_mask, "base/a_mask.nrrd");
  // pyradiomics' ID and Label are not rimscan inputs: carried.
  EXPECT_EQ(m.extra_columns, (std::vector<std::string>{"ID", "Label"}));
  EXPECT_EQ(m.rows[0].extra, (std::vector<std::string>{"A", "1"}));
}

TEST(BatchManifest, RelativeToWorkingDirectoryWhenBaseIsEmpty) {
  Manifest m = parse_manifest("t1c\n./x/../a.nii\n", "m.csv", "");
  EXPECT_EQ(m.rows[0].t1c, "a.nii");
}

TEST(BatchManifest, EmptyT1cIsARowProblemNotABatchError) {
  Manifest m = parse_manifest("case_id,t1c\nA,a.nii\nB,\n", "m.csv", "");
  ASSERT_EQ(m.rows.size(), 2u);
  EXPECT_TRUE(m.rows[0].problem.empty());
  EXPECT_NE(m.rows[1].problem.find("line 3"), std::string::npos);
}

static std::string error_of(const std::string& text) {
  try {
    parse_manifest(text, "m.csv", "");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(BatchManifest, BatchLevelErrorsNameFileAndLine) {
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  EXPECT_NE(error_of("case_id,flair\nA,f.nii\n").find("no t1c column"), std::string::npos);
  EXPECT_NE(error_of("t1c,Image\na,b\n").find("both give the same input"), std::string::npos);
  EXPECT_NE(error_of("t1c,site,SITE\na,b,c\n").find("appears twice"), std::string::npos);
  EXPECT_NE(error_of("case_id,t1c\nA,a\nB,b,extra\n").find("m.csv line 3: 3 fields, the header has 2"), std::string::npos);
  EXPECT_NE(error_of("case_id,t1c\n../x,a\n").find("line 2"), std::string::npos);
  EXPECT_NE(error_of("case_id,t1c\nsub/x,a\n").find("path separator"), std::string::npos);
}

TEST(BatchManifest, CaseIdRules) {
  EXPECT_EQ(case_id_problem("sub-01_ses-pre"), "");
  EXPECT_EQ(case_id_problem("patient 7 (repeat)"), "");
  EXPECT_NE(case_id_problem(""), "");
  EXPECT_NE(case_id_problem(".hidden"), "");
  EXPECT_NE(case_id_problem(".."), "");
  EXPECT_NE(case_id_problem("a/b"), "");
  EXPECT_NE(case_id_problem("a\\b"), "");
  EXPECT_NE(case_id_problem("tab\there"), "");
  EXPECT_NE(case_id_problem(std::string(151, 'x')), "");
  EXPECT_EQ(case_id_problem(std::string(150, 'x')), "");
}

TEST(BatchManifest, DuplicateIdsNameBothLines) {
  Manifest m = parse_manifest("case_id,t1c\nA,a\nB,b\nA,c\n", "m.csv", "");
  std::vector<std::string> ids = {"A", "B", "A"};
  try {
    check_unique_case_ids(m, ids);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInputInvalid);
    EXPECT_NE(std::string(e.what()).find("lines 2 and 4"), std::string::npos) << e.what();
  }
  ids = {"A", "B", ""};  // unknown ids are not compared
  EXPECT_NO_THROW(check_unique_case_ids(m, ids));
}

TEST(BatchShard, ParseAndValidate) {
  Shard s = Shard::parse("2/5");
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 5);
  EXPECT_EQ(s.text(), "2/5");
  EXPECT_NO_THROW(Shard::parse("0/1"));
  for (const char* bad : {"5/5", "-1/3", "1/0", "1", "a/b", "1/2/3", "", "1/", "/2", " 1/2"}) {
    try {
      Shard::parse(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUsage) << bad;
    }
  }
}

TEST(BatchShard, ShardsPartitionTheRows) {
  for (int n : {1, 2, 3, 7}) {
    std::vector<int> hits(23, 0);
    for (int k = 0; k < n; ++k) {
      Shard s{k, n};
      size_t count = 0;
      for (size_t i = 0; i < hits.size(); ++i)
        if (s.selects(i)) {
          ++hits[i];
          ++count;
        }
      // sizes differ by at most one
      EXPECT_LE(count, (hits.size() + n - 1) / n);
      EXPECT_GE(count, hits.size() / n);
    }
    for (int h : hits) EXPECT_EQ(h, 1) << "n=" << n;
  }
  EXPECT_TRUE((Shard{1, 3}.selects(4)));
  EXPECT_FALSE((Shard{1, 3}.selects(5)));
}
