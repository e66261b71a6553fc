#pragma once
// Where the files of each case go inside a batch output directory (paths relative to it).
//
// flat (default):                         bids (--layout bids, a BIDS derivatives dataset):
//   cases/<id>.json                         sub-<s>/[ses-<t>/]anat/sub-<s>[_ses-<t>]_desc-rimscan_metrics.json
//   maps/<id>_labels.nii.gz                 ..._desc-rimscan_dseg.nii.gz
//   maps/<id>_lesion_ids.nii.gz             ..._desc-rimscanlesions_dseg.nii.gz
//   qc/<id>.png                             ..._desc-rimscan_qc.png
//   errors/<id>.json  (both layouts: the error record of a failed case)
//
// BIDS labels: a case id "sub-01" or "sub-01_ses-pre" gives subject 01 (and session pre); any
// other id becomes a subject label made of its letters and digits ("P-07" -> sub-P07). Two ids
// that give the same label are refused before any work.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rimscan::batch {

enum class Layout { kFlat, kBids };

// "flat" or "bids"; throws Error(kUsage).
Layout parse_layout(const std::string& text);
const char* layout_name(Layout l);

struct CaseFiles {
  std::string json, error, label_map, lesion_ids, qc_png;  // relative to the output directory
};

struct BidsEntities {
  std::string subject, session;  // session "" when none
};
// Throws Error(kInputInvalid) when the id has no letter or digit.
BidsEntities bids_entities(const std::string& case_id);

CaseFiles case_files(Layout layout, const std::string& case_id);

// Throws Error(kInputInvalid) naming both ids when two give the same BIDS subject/session.
void check_bids_labels(const std::vector<std::string>& case_ids);

// dataset_description.json of a BIDS derivatives dataset written by rimscan.
nlohmann::ordered_json bids_dataset_description();
// desc-rimscan_dseg.tsv: the values of the label map.
std::string bids_dseg_tsv();
// .bidsignore: rimscan's bookkeeping files that are not BIDS.
std::string bids_ignore();

}  // namespace rimscan::batch
