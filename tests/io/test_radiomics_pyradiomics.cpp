// pyradiomics' own regression baselines (../shared/data/pyradiomics/baseline/baseline_<class>.csv)
// for brain1 and breast1: every configuration column rimscan supports, with the settings taken
// from the column's diagnostics_Configuration_Settings row and read through the same parameter
// parser as `rimscan features --params`, every feature within pyradiomics' 3 % relative
// tolerance. The resampling configuration goes through io::resample_for_radiomics as
// `rimscan features` does.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "common/test_data.h"
#include "config/radiomics_params_file.h"
#include "rimscan/features/radiomics/radiomics.h"
#include "rimscan/io/image_io.h"
#include "rimscan/io/resample.h"

using namespace rimscan;

namespace {

const std::vector<std::string> kClasses = {"firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"};

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool q = false;
  for (char ch : line) {
    if (ch == '"') q = !q;
    else if (ch == ',' && !q) out.push_back(cur), cur.clear();
    else cur += ch;
  }
  out.push_back(cur);
  return out;
}

// One baseline file: column name -> (row name -> cell).
using Table = std::map<std::string, std::map<std::string, std::string>>;
Table read_baseline(const std::string& cls) {
  std::ifstream in(test::data_path("pyradiomics/baseline/baseline_" + cls + ".csv"));
  std::string line;
  std::getline(in, line);
  const auto header = split_csv(line);
  Table t;
  while (std::getline(in, line)) {
    const auto f = split_csv(line);
    for (size_t c = 1; c < f.size() && c < header.size(); ++c) t[header[c]][f[0]] = f[c];
  }
  return t;
}

// "{'binWidth': 25, 'interpolator': None, ...}" (a Python dict) -> the JSON of a parameter file.
std::string settings_json(std::string s) {
  for (char& ch : s)
    if (ch == '\'') ch = '"';
  auto replace_all = [&s](const std::string& a, const std::string& b) {
    for (size_t p = s.find(a); p != std::string::npos; p = s.find(a, p + b.size())) s.replace(p, a.size(), b);
  };
  replace_all("None", "null");
  replace_all("True", "true");
  replace_all("False", "false");
  return "{\"setting\": " + s + "}";
}

struct CaseResult {
  int checked = 0;
};

void check_case(const std::string& case_id) {
  std::map<std::string, Table> tables;
  for (const auto& c : kClasses) tables[c] = read_baseline(c);
  // Every configuration column of this case, in any class file.
  std::set<std::string> columns;
  for (const auto& [cls, t] : tables)
    for (const auto& [col, rows] : t)
      if (col == case_id || col.rfind(case_id + "_", 0) == 0) columns.insert(col);
  ASSERT_GE(columns.size(), 7u) << case_id;
  ImageF img = io::read_image(test::data_path("pyradiomics/" + case_id + "_image.nrrd"));
  ImageI32 lab = io::read_labels(test::data_path("pyradiomics/" + case_id + "_label.nrrd"));
  auto engine = make_engine(DeviceRequest::parse("cpu"));
  int checked = 0;
  for (const auto& col : columns) {
    SCOPED_TRACE(col);
    radiomics::RadiomicsParams p;
    std::map<std::string, std::map<std::string, double>> expected;  // class -> feature -> value
    for (const auto& [cls, t] : tables) {
      auto it = t.find(col);
      if (it == t.end()) continue;
      for (const auto& [row, cell] : it->second) {
        if (row == "diagnostics_Configuration_Settings" && !cell.empty())
          p = config::parse_radiomics_params(settings_json(cell), "json", "baseline " + col);
        const std::string prefix = "original_" + cls + "_";
        if (row.rfind(prefix, 0) == 0 && !cell.empty()) expected[cls][row] = std::stod(cell);
      }
    }
    p.feature_classes.clear();
    for (const auto& [cls, feats] : expected) p.feature_classes[cls] = {};
    ImageF im = img;
    ImageI32 lb = lab;
    if (!p.resampled_spacing.empty()) {
      // The test images are integer NRRDs: SimpleITK casts interpolated values back (truncation).
      auto rs = io::resample_for_radiomics(img, lab, p.label, p.resampled_spacing.data(), p.interpolator,
                                           p.pad_distance, true);
      im = std::move(rs.image);
      lb = std::move(rs.labels);
      p.input_resampled = true;
    }
    const auto r = radiomics::extract_label(*engine, im, lb, p);
    const std::map<std::string, double> got(r.features.begin(), r.features.end());
    for (const auto& [cls, feats] : expected)
      for (const auto& [name, ref] : feats) {
        auto g = got.find(name);
        ASSERT_TRUE(g != got.end()) << name << " not computed";
        EXPECT_NEAR(g->second, ref, 0.03 * std::fabs(ref) + 1e-9) << name;
        ++checked;
      }
  }
  EXPECT_GT(checked, 500) << case_id;
}

}  // namespace

TEST(RadiomicsPyradiomicsBaseline, Brain1AllSupportedConfigurations) { check_case("brain1"); }
TEST(RadiomicsPyradiomicsBaseline, Breast1AllSupportedConfigurations) { check_case("breast1"); }
