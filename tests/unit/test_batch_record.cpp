// batch_manifest.json, error records, the resume rule for kept case documents, merge planning.
#include <gtest/gtest.h>

#include "rimscan/batch/batch_record.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::batch;
using json = nlohmann::ordered_json;

static BatchRecord shard(int k, int n, size_t rows) {
  BatchRecord r;
  r.manifest_path = "m.csv";
  r.manifest_sha256 = std::string(64, 'a');
  r.manifest_rows = rows;
  r.extra_columns = {"site"};
  r.shard = std::to_string(k) + "/" + std::to_string(n);
  r.analysis = {{"parameters", {{"enhancement_threshold", 1.4}}}, {"model", "built-in default"}};
  for (size_t i = 0; i < rows; ++i)
    if (static_cast<int>(i % n) == k)
      r.cases.push_back({i, "c" + std::to_string(i), "cases/c" + std::to_string(i) + ".json",
                         "errors/c" + std::to_string(i) + ".json", {"s" + std::to_string(i)}});
  return r;
}

TEST(BatchRecord, RoundTripThroughJson) {
  BatchRecord r = shard(1, 3, 7);
  BatchRecord back = batch_record_from_json(json::parse(batch_record_to_json(r).dump()), "x.json");
  EXPECT_EQ(back.manifest_sha256, r.manifest_sha256);
  EXPECT_EQ(back.manifest_rows, 7u);
  EXPECT_EQ(back.shard, "1/3");
  EXPECT_EQ(back.analysis, r.analysis);
  ASSERT_EQ(back.cases.size(), 2u);  // rows 1 and 4
  EXPECT_EQ(back.cases[1].index, 4u);
  EXPECT_EQ(back.cases[1].extra, (std::vector<std::string>{"s4"}));
}

TEST(BatchRecord, MalformedRecordsAreRefused) {
  EXPECT_THROW(batch_record_from_json(json::parse(R"({"schema":"other"})"), "x"), Error);
  json j = batch_record_to_json(shard(0, 1, 2));
  j["manifest"].erase("sha256");
  EXPECT_THROW(batch_record_from_json(j, "x"), Error);
  j = batch_record_to_json(shard(0, 1, 2));
  j["cases"][0]["index"] = 9;  // outside the manifest
  EXPECT_THROW(batch_record_from_json(j, "x"), Error);
}

TEST(BatchRecord, ErrorRecordRoundTrip) {
  ErrorRecord e{3, "C", "read", "input_missing", "c.nii: no such file"};
  ErrorRecord b = error_record_from_json(error_record_to_json(e), "x");
  EXPECT_EQ(b.index, 3u);
  EXPECT_EQ(b.stage, "read");
  EXPECT_EQ(b.message, e.message);
}

static json case_doc() {
  return json::parse(R"({"schema":"rimscan-case","case_id":"A",
    "inputs":{"t1c":{"path":"d/a.nii.gz"},"lesion_mask":{"path":"d/m.nii.gz"}},
    "parameters":{"enhancement_threshold":1.4,"lesion_labels":"binary"},
    "flags":{"model":{"source":"built-in default"}},
    "run":{"total_seconds":1.0}})");
}

TEST(BatchResume, KeptOnlyWhenIdInputsParametersAndModelAgree) {
  CaseExpectation want{"A", {{"t1c", "d/a.nii.gz"}, {"lesion_mask", "d/m.nii.gz"}},
                       json::parse(R"({"enhancement_threshold":1.4,"lesion_labels":"binary"})"), "built-in default"};
  EXPECT_EQ(case_document_mismatch(case_doc(), want), "");
  CaseExpectation w = want;
  w.case_id = "B";
  EXPECT_NE(case_document_mismatch(case_doc(), w), "");
  w = want;
  w.inputs.pop_back();  // the mask was dropped from the manifest
  EXPECT_EQ(case_document_mismatch(case_doc(), w), "other inputs");
  w = want;
  w.inputs[0].second = "d/other.nii.gz";
  EXPECT_EQ(case_document_mismatch(case_doc(), w), "other inputs");
  w = want;
  w.parameters["enhancement_threshold"] = 1.5;
  EXPECT_EQ(case_document_mismatch(case_doc(), w), "other analysis parameters");
  w = want;
  w.model_source = "site_model.json";
  EXPECT_EQ(case_document_mismatch(case_doc(), w), "another flag model");
  json d = case_doc();
  d.erase("run");
  EXPECT_NE(case_document_mismatch(d, want), "");
  // A document written to disk and read back still matches (doubles round-trip exactly).
  w = want;
  w.parameters["enhancement_threshold"] = 0.1 + 0.2;
  d = case_doc();
  d["parameters"]["enhancement_threshold"] = 0.1 + 0.2;
  EXPECT_EQ(case_document_mismatch(json::parse(d.dump(2)), w), "");
}

TEST(BatchMerge, ShardsCoverTheManifestInOrder) {
  std::vector<BatchRecord> s = {shard(2, 3, 8), shard(0, 3, 8), shard(1, 3, 8)};
  MergePlan p = plan_merge(s, {"d2", "d0", "d1"});
  ASSERT_EQ(p.items.size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(p.items[i].index, i);
    EXPECT_EQ(p.items[i].shard, (i % 3 == 2 ? 0u : i % 3 == 0 ? 1u : 2u));
  }
  EXPECT_TRUE(p.missing.empty());
  p = plan_merge({s[0], s[1]}, {"d2", "d0"});
  EXPECT_EQ(p.missing, (std::vector<size_t>{1, 4, 7}));
}

TEST(BatchMerge, RefusesDifferentManifestsParametersAndDuplicates) {
  BatchRecord a = shard(0, 2, 6), b = shard(1, 2, 6);
  b.manifest_sha256 = std::string(64, 'b');
  EXPECT_THROW(plan_merge({a, b}, {"a", "b"}), Error);
  b = shard(1, 2, 6);
  b.analysis["parameters"]["enhancement_threshold"] = 2.0;
  EXPECT_THROW(plan_merge({a, b}, {"a", "b"}), Error);
  try {
    plan_merge({a, shard(0, 1, 6)}, {"a", "c"});  // rows 0, 2 and 4 in both
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("3 case(s) appear in two"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("row 0 ('c0') in a and c"), std::string::npos) << e.what();
  }
}
