#include "rimscan/batch/layout.h"

#include <cctype>
#include <regex>
#include <unordered_map>

#include "rimscan/error.h"
#include "rimscan/version.h"

namespace rimscan::batch {

Layout parse_layout(const std::string& text) {
  if (text == "flat") return Layout::kFlat;
  if (text == "bids") return Layout::kBids;
  throw Error(ErrorCode::kUsage, "--layout '" + text + "': expected flat or bids");
}

const char* layout_name(Layout l) { return l == Layout::kBids ? "bids" : "flat"; }

namespace {

std::string alnum_only(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out += static_cast<char>(c);
  return out;
}

}  // namespace

BidsEntities bids_entities(const std::string& case_id) {
  static const std::regex kBids("^sub-([A-Za-z0-9]+)(?:_ses-([A-Za-z0-9]+))?$");
  std::smatch m;
  BidsEntities e;
  if (std::regex_match(case_id, m, kBids)) {
    e.subject = m[1].str();
    e.session = m[2].matched ? m[2].str() : "";
    return e;
  }
  e.subject = alnum_only(case_id);
  if (e.subject.empty())
    throw Error(ErrorCode::kInputInvalid, "case id '" + case_id + "' has no letter or digit for a BIDS subject label");
  return e;
}

CaseFiles case_files(Layout layout, const std::string& case_id) {
  CaseFiles f;
  f.error = "errors/" + case_id + ".json";
  if (layout == Layout::kFlat) {
    f.json = "cases/" + case_id + ".json";
    f.label_map = "maps/" + case_id + "_labels.nii.gz";
    f.lesion_ids = "maps/" + case_id + "_lesion_ids.nii.gz";
    f.qc_png = "qc/" + case_id + ".png";
    return f;
  }
  const BidsEntities e = bids_entities(case_id);
  std::string dir = "sub-" + e.subject + "/";
  std::string stem = "sub-" + e.subject;
  if (!e.session.empty()) {
    dir += "ses-" + e.session + "/";
    stem += "_ses-" + e.session;
  }
  dir += "anat/";
  f.json = dir + stem + "_desc-rimscan_metrics.json";
  f.label_map = dir + stem + "_desc-rimscan_dseg.nii.gz";
  f.lesion_ids = dir + stem + "_desc-rimscanlesions_dseg.nii.gz";
  f.qc_png = dir + stem + "_desc-rimscan_qc.png";
  return f;
}

void check_bids_labels(const std::vector<std::string>& case_ids) {
  std::unordered_map<std::string, std::string> first;
  for (const std::string& id : case_ids) {
    if (id.empty()) continue;
    const BidsEntities e = bids_entities(id);
    const std::string key = e.subject + "/" + e.session;
    auto [it, fresh] = first.emplace(key, id);
    if (!fresh)
      throw Error(ErrorCode::kInputInvalid,
                  "--layout bids: case ids '" + it->second + "' and '" + id + "' give the same BIDS name sub-" +
                      e.subject + (e.session.empty() ? "" : "_ses-" + e.session) +
                      "; use case ids of the form sub-<label>[_ses-<label>]");
  }
}

nlohmann::ordered_json bids_dataset_description() {
  nlohmann::ordered_json d;
  d["Name"] = "rimscan rim and leptomeningeal enhancement measurements";
  d["BIDSVersion"] = "1.9.0";
  d["DatasetType"] = "derivative";
  d["GeneratedBy"] = nlohmann::ordered_json::array(
      {{{"Name", "rimscan"},
        {"Version", kVersion},
        {"Description", "Rim (peripheral) and leptomeningeal enhancement on post-contrast T1 (docs/output.md)"}}});
  return d;
}

std::string bids_dseg_tsv() {
  return "index\tname\tabbreviation\n"
         "1\tenhancing lesion tissue\tENH\n"
         "2\tenclosed non-enhancing core\tCORE\n"
         "3\tleptomeningeal enhancement\tLME\n";
}

std::string bids_ignore() {
  return "errors/\nresults.csv\nerrors.csv\nbatch_manifest.json\n.rimscan_*\n";
}

}  // namespace rimscan::batch
