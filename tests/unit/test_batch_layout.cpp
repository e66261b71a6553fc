// Output layouts: flat names and BIDS derivatives names.
#include <gtest/gtest.h>

#include "rimscan/batch/layout.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::batch;

TEST(BatchLayout, FlatNames) {
  CaseFiles f = case_files(Layout::kFlat, "P 07");
  EXPECT_EQ(f.json, "cases/P 07.json");
  EXPECT_EQ(f.error, "errors/P 07.json");
  EXPECT_EQ(f.label_map, "maps/P 07_labels.nii.gz");
  EXPECT_EQ(f.lesion_ids, "maps/P 07_lesion_ids.nii.gz");
  EXPECT_EQ(f.qc_png, "qc/P 07.png");
}

TEST(BatchLayout, BidsNamesFromSubjectAndSession) {
  CaseFiles f = case_files(Layout::kBids, "sub-01_ses-pre");
  EXPECT_EQ(f.json, "sub-01/ses-pre/anat/sub-01_ses-pre_desc-rimscan_metrics.json");
  EXPECT_EQ(f.label_map, "sub-01/ses-pre/anat/sub-01_ses-pre_desc-rimscan_dseg.nii.gz");
  EXPECT_EQ(f.error, "errors/sub-01_ses-pre.json");
  f = case_files(Layout::kBids, "sub-7");
  EXPECT_EQ(f.json, "sub-7/anat/sub-7_desc-rimscan_metrics.json");
  // Not BIDS-shaped: letters and digits become the subject label.
  f = case_files(Layout::kBids, "P-07_b");
  EXPECT_EQ(f.json, "sub-P07b/anat/sub-P07b_desc-rimscan_metrics.json");
  EXPECT_THROW(bids_entities("--"), Error);
}

TEST(BatchLayout, BidsCollisionsAreRefused) {
  EXPECT_NO_THROW(check_bids_labels({"sub-01", "sub-01_ses-2", "sub-02"}));
  try {
    check_bids_labels({"P-1", "P1"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'P-1' and 'P1'"), std::string::npos) << e.what();
  }
}

TEST(BatchLayout, DatasetDescriptionIsADerivative) {
  auto d = bids_dataset_description();
  EXPECT_EQ(d["DatasetType"], "derivative");
  EXPECT_TRUE(d.contains("BIDSVersion"));
  EXPECT_EQ(d["GeneratedBy"][0]["Name"], "rimscan");
  EXPECT_EQ(parse_layout("bids"), Layout::kBids);
  EXPECT_THROW(parse_layout("tree"), Error);
}
