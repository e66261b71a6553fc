// results.csv / errors.csv: flattening of the case document and the fixed column order.
#include <gtest/gtest.h>

#include "rimscan/batch/csv.h"
#include "rimscan/batch/results_table.h"

using namespace rimscan::batch;
using json = nlohmann::ordered_json;

static json doc_a() {
  return json::parse(R"({
    "schema": "rimscan-case", "case_id": "A",
    "summary": {"n_lesions": 2, "index_core_fraction": 0.25, "index_lesion_id": null},
    "leptomeningeal": {"burden": 0.1, "burden_by_region": {"left": 0.5, "right": 0},
                       "eano_esmo_type": "A", "flair_sulcal_index": null},
    "qc": {"skull_stripped": true, "warnings": ["w1"], "nawm_voxels": 1234},
    "lesions": [{"core_fraction": 0.9}],
    "flags": {"pce": {"probability": 0.8125, "call": "positive"},
              "lmd": {"probability": 1e-7, "call": "negative"}}
  })");
}

TEST(BatchResults, FlattenTakesFlagsThenScalarsInDocumentOrder) {
  Cells c = flatten_case_document(doc_a());
  std::vector<std::string> names;
  for (auto& [n, v] : c) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "pce_probability", "pce_call", "lmd_probability", "lmd_call", "summary.n_lesions",
                       "summary.index_core_fraction", "summary.index_lesion_id", "leptomeningeal.burden",
                       "leptomeningeal.burden_by_region.left", "leptomeningeal.burden_by_region.right",
                       "leptomeningeal.eano_esmo_type", "leptomeningeal.flair_sulcal_index", "qc.skull_stripped",
                       "qc.nawm_voxels"}));
  EXPECT_EQ(c[0].second, "0.8125");
  EXPECT_EQ(c[1].second, "positive");
  EXPECT_EQ(c[2].second, "1e-07");  // the JSON writer's shortest round-trip text
  EXPECT_EQ(c[4].second, "2");
  EXPECT_EQ(c[6].second, "");       // null -> empty
  EXPECT_EQ(c[9].second, "0");
  EXPECT_EQ(c[12].second, "true");
  EXPECT_EQ(c[13].second, "1234");
}

TEST(BatchResults, MissingFlagsGiveEmptyCells) {
  json d = doc_a();
  d.erase("flags");
  Cells c = flatten_case_document(d);
  EXPECT_EQ(c[0].first, "pce_probability");
  EXPECT_EQ(c[0].second, "");
  EXPECT_EQ(c[3].second, "");
}

TEST(BatchResults, CsvHeaderRowsAndCarriedColumns) {
  ResultRow a{"A", flatten_case_document(doc_a()), {"Berlin", "note, with comma"}};
  json db = doc_a();
  db["case_id"] = "B";
  db["summary"]["extra_metric"] = 3.5;  // a column only B has: appended after A's
  ResultRow b{"B", flatten_case_document(db), {"Munich", ""}};
  const std::string csv = results_csv({a, b}, {"site", "note"});
  auto recs = parse_csv(csv, "results.csv");
  ASSERT_EQ(recs.size(), 3u);
  const auto& h = recs[0].fields;
  ASSERT_EQ(h.size(), 1u + 14u + 1u + 2u);
  EXPECT_EQ(h[0], "case_id");
  EXPECT_EQ(h[1], "pce_probability");
  EXPECT_EQ(h[4], "lmd_call");
  EXPECT_EQ(h[15], "summary.extra_metric");
  EXPECT_EQ(h[16], "site");
  EXPECT_EQ(h[17], "note");
  EXPECT_EQ(recs[1].fields[0], "A");
  EXPECT_EQ(recs[1].fields[15], "");  // A has no extra_metric
  EXPECT_EQ(recs[1].fields[17], "note, with comma");
  EXPECT_EQ(recs[2].fields[15], "3.5");
  EXPECT_EQ(recs[2].fields[16], "Munich");
}

TEST(BatchResults, EmptyBatchHasTheFixedHeader) {
  EXPECT_EQ(results_csv({}, {"site"}), "case_id,pce_probability,pce_call,lmd_probability,lmd_call,site\n");
  EXPECT_EQ(errors_csv({}), "case_id,stage,code,message\n");
}

TEST(BatchResults, ErrorsCsvQuotesMessages) {
  const std::string csv = errors_csv({{"C", "read", "input_missing", "c.nii: no such file, or directory"}});
  EXPECT_EQ(csv, "case_id,stage,code,message\nC,read,input_missing,\"c.nii: no such file, or directory\"\n");
}

TEST(BatchResults, CarriedColumnClashes) {
  EXPECT_TRUE(clashes_with_results_column("pce_call"));
  EXPECT_TRUE(clashes_with_results_column("summary.n_lesions"));
  EXPECT_TRUE(clashes_with_results_column("qc.anything"));
  EXPECT_TRUE(clashes_with_results_column("lesions.0.radiomics.features.original_shape_Sphericity"));
  EXPECT_FALSE(clashes_with_results_column("summary"));
  EXPECT_FALSE(clashes_with_results_column("site"));
}

// extract/batch --radiomics: each lesion's features become columns named by their dot-path,
// after the summary/leptomeningeal/qc columns; lesions without features (an error record, or no
// radiomics) give none, and other lesion metrics never become columns.
TEST(BatchResults, LesionRadiomicsFeaturesAreColumnsByDotPath) {
  json d = doc_a();
  d["lesions"] = json::parse(R"([
    {"id": 1, "core_fraction": 0.9,
     "radiomics": {"features": {"original_shape_Sphericity": 0.75, "original_glcm_Idmn": null},
                   "diagnostics": {"mask": {"voxels": 12}}}},
    {"id": 2, "radiomics": {"error": {"code": "input_invalid", "message": "too small"}}},
    {"id": 3, "radiomics": {"features": {"original_firstorder_Mean": 101.5}}}
  ])");
  Cells c = flatten_case_document(d);
  ASSERT_EQ(c.size(), 14u + 3u);
  EXPECT_EQ(c[13].first, "qc.nawm_voxels");
  EXPECT_EQ(c[14], (std::pair<std::string, std::string>{"lesions.0.radiomics.features.original_shape_Sphericity", "0.75"}));
  EXPECT_EQ(c[15], (std::pair<std::string, std::string>{"lesions.0.radiomics.features.original_glcm_Idmn", ""}));
  EXPECT_EQ(c[16], (std::pair<std::string, std::string>{"lesions.2.radiomics.features.original_firstorder_Mean", "101.5"}));
}
