// Choosing one series of a scanned DICOM directory: by key/UID, by description pattern, or
// automatically as the post-contrast T1 (docs/dicom.md, "Series selection").
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

#include "rimscan/io/dicom.h"

namespace rimscan::io {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Lower-case alphanumeric tokens of a description ("T1_MPRAGE+C post" -> t1, mprage, c, post)
// plus the "+c"/"c+" markers, which tokenising would lose.
std::set<std::string> tokens(const std::string& text) {
  std::set<std::string> out;
  std::string cur;
  const std::string t = lower(text);
  for (char c : t) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += c;
    } else if (!cur.empty()) {
      out.insert(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.insert(cur);
  if (t.find("+c") != std::string::npos || t.find("c+") != std::string::npos) out.insert("+c");
  if (t.find("+gd") != std::string::npos || t.find("gd+") != std::string::npos) out.insert("gd");
  return out;
}

bool any_of_tokens(const std::set<std::string>& tok, std::initializer_list<const char*> words, std::string& hit) {
  for (const char* w : words)
    if (tok.count(w)) {
      hit = w;
      return true;
    }
  return false;
}

bool has_prefix_token(const std::set<std::string>& tok, std::initializer_list<const char*> prefixes, std::string& hit) {
  for (const std::string& t : tok)
    for (const char* p : prefixes)
      if (t.rfind(p, 0) == 0) {
        hit = t;
        return true;
      }
  return false;
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

std::string candidates_line(const DicomScan& scan, const std::vector<size_t>& idx) {
  std::string out;
  for (size_t i : idx) {
    const DicomSeriesInfo& s = scan.series[i];
    if (!out.empty()) out += "; ";
    out += describe_series(s);
    if (!s.problem.empty()) out += " (unreadable)";
    else out += " score " + std::to_string(score_post_contrast_t1(s).score);
  }
  return out;
}

const DicomSeriesInfo& require_readable(const DicomScan& scan, size_t i) {
  const DicomSeriesInfo& s = scan.series[i];
  if (!s.problem.empty()) throw Error(s.problem_code, scan.dir + ": " + s.problem);
  return s;
}

}  // namespace

std::string describe_series(const DicomSeriesInfo& s) {
  std::string d = "series " + (s.series_number >= 0 ? std::to_string(s.series_number) : std::string("?")) +
                  " [key " + s.key + "] '" + s.description + "' " + (s.modality.empty() ? "?" : s.modality) + " " +
                  std::to_string(s.columns) + "x" + std::to_string(s.rows) + "x" +
                  std::to_string(s.num_images > 0 ? s.num_images : s.num_files);
  if (!s.contrast_agent.empty()) d += ", agent '" + s.contrast_agent + "'";
  return d;
}

SeriesScore score_post_contrast_t1(const DicomSeriesInfo& s) {
  SeriesScore r;
  auto add = [&](int points, const std::string& why) {
    r.score += points;
    r.reasons.push_back((points > 0 ? "+" : "") + std::to_string(points) + " " + why);
  };
  const std::string agent = lower(s.contrast_agent);
  if (!agent.empty() && agent != "none" && agent != "no" && agent != "0") add(3, "ContrastBolusAgent '" + s.contrast_agent + "'");
  const std::set<std::string> tok = tokens(s.description);
  std::string hit;
  if (any_of_tokens(tok, {"post", "gd", "gad", "contrast", "kontrast", "km", "+c", "t1c", "t1ce", "t1gd", "t1post",
                          "ce", "mdc", "postcontrast", "enhanced"},
                    hit) ||
      has_prefix_token(tok, {"gado", "postgd", "postcon"}, hit))
    add(2, "description '" + hit + "'");
  if (any_of_tokens(tok, {"pre", "precontrast", "nativ", "native", "plain", "without"}, hit)) add(-3, "description '" + hit + "'");
  if (any_of_tokens(tok, {"t1", "t1w", "mprage", "spgr", "fspgr", "bravo", "tfl", "vibe", "flash", "tfe", "ffe",
                          "t1c", "t1ce", "t1gd", "t1post"},
                    hit) ||
      has_prefix_token(tok, {"t1"}, hit))
    add(1, "description '" + hit + "'");
  if (any_of_tokens(tok, {"t2", "t2w", "flair", "dwi", "adc", "diff", "dti", "trace", "swi", "swan", "perf", "dsc", "pd",
                          "tof", "mra", "localizer", "localiser", "loc", "scout", "survey", "3plane", "bold", "asl",
                          "fmri", "fa", "stir", "t2star", "mip"},
                    hit))
    add(-4, "description '" + hit + "'");
  const double tr = s.repetition_time_ms, te = s.echo_time_ms, ti = s.inversion_time_ms;
  if (std::isfinite(tr) && std::isfinite(te)) {
    if (tr < 800 && te < 30) add(1, "T1-weighted timing (TR " + num(tr) + " ms, TE " + num(te) + " ms)");
    else if (std::isfinite(ti) && ti > 300 && ti < 1500 && tr < 3000 && te < 10)
      add(1, "inversion-prepared T1 timing (TR " + num(tr) + ", TI " + num(ti) + " ms)");
    else if (tr > 2000 && te > 60) add(-2, "T2-weighted timing (TR " + num(tr) + ", TE " + num(te) + " ms)");
  }
  if (s.image_type.find("DERIVED") != std::string::npos || s.image_type.find("SECONDARY") != std::string::npos)
    add(-1, "derived image");
  if (!s.modality.empty() && s.modality != "MR") add(-5, "modality " + s.modality);
  return r;
}

SeriesChoice select_dicom_series(const DicomScan& scan, const ReadOptions& opt) {
  std::vector<size_t> all(scan.series.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  const std::string& dir = scan.dir;

  if (!opt.dicom_series.empty()) {
    const std::string want = lower(opt.dicom_series);
    for (size_t i : all) {
      const DicomSeriesInfo& s = scan.series[i];
      if (lower(s.key) == want || s.phi.series_uid == opt.dicom_series) {
        require_readable(scan, i);
        return {i, "selected with --series"};
      }
    }
    throw Error(ErrorCode::kUsage, dir + ": no series matches --series (give a key from 'rimscan info' or a "
                                         "full SeriesInstanceUID); series: " + candidates_line(scan, all));
  }

  if (!opt.dicom_description.empty()) {
    std::regex re;
    try {
      re = std::regex(opt.dicom_description, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
      throw Error(ErrorCode::kUsage, "invalid series description pattern '" + opt.dicom_description + "': " + e.what());
    }
    std::vector<size_t> hits;
    for (size_t i : all)
      if (std::regex_search(scan.series[i].description, re)) hits.push_back(i);
    if (hits.size() == 1) {
      require_readable(scan, hits[0]);
      return {hits[0], "series description matches '" + opt.dicom_description + "'"};
    }
    throw Error(ErrorCode::kUsage,
                dir + ": " + std::to_string(hits.size()) + " series descriptions match '" + opt.dicom_description +
                    "'" + (hits.empty() ? "; series: " + candidates_line(scan, all)
                                        : "; choose one with --series KEY: " + candidates_line(scan, hits)));
  }

  if (all.size() == 1) {
    require_readable(scan, 0);
    return {0, "the only series"};
  }
  // Rank every series, readable or not: when the best post-contrast T1 cannot be read, the user
  // must hear why rather than get a lesser series silently.
  std::vector<std::pair<int, size_t>> ranked;
  for (size_t i : all) ranked.push_back({score_post_contrast_t1(scan.series[i]).score, i});
  std::stable_sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.first > b.first; });
  constexpr int kMinScore = 3;  // contrast evidence (agent or description) plus T1 evidence
  if (ranked[0].first >= kMinScore && ranked[0].first > ranked[1].first) {
    require_readable(scan, ranked[0].second);
    const SeriesScore sc = score_post_contrast_t1(scan.series[ranked[0].second]);
    std::string why = "automatic: post-contrast T1 score " + std::to_string(sc.score) + " (";
    for (size_t k = 0; k < sc.reasons.size(); ++k) why += (k ? ", " : "") + sc.reasons[k];
    why += "), next best " + std::to_string(ranked[1].first);
    return {ranked[0].second, why};
  }
  std::vector<size_t> readable;
  bool unreadable_contender = false;
  for (auto& [score, i] : ranked) {
    if (scan.series[i].problem.empty()) readable.push_back(i);
    else if (score >= kMinScore) unreadable_contender = true;
  }
  if (readable.size() == 1 && !unreadable_contender) return {readable[0], "the only readable series"};
  std::vector<size_t> top;
  for (auto& [score, i] : ranked) top.push_back(i);
  if (readable.empty())
    throw Error(ErrorCode::kInputUnsupported,
                dir + ": none of the " + std::to_string(all.size()) + " series can be read: " + candidates_line(scan, top));
  throw Error(ErrorCode::kUsage,
              dir + ": cannot tell which of " + std::to_string(all.size()) +
                  " series is the post-contrast T1; choose one with --series KEY or --series-description "
                  "PATTERN: " + candidates_line(scan, top));
}

DicomSeriesInfo select_dicom_input(const std::string& dir, const ReadOptions& opt) {
  DicomScan scan = scan_dicom_dir(dir);
  SeriesChoice c = select_dicom_series(scan, opt);
  return std::move(scan.series[c.index]);
}

std::vector<std::string> identifying_values(const DicomSeriesInfo& s) {
  const DicomIdentifiers& id = s.phi;
  std::vector<std::string> out;
  auto add = [&](const std::string& v) {
    size_t a = v.find_first_not_of(" \t");
    if (a == std::string::npos) return;
    std::string t = v.substr(a, v.find_last_not_of(" \t") - a + 1);
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const std::string* v :
       {&id.study_uid, &id.series_uid, &id.frame_of_reference_uid, &id.patient_name, &id.patient_id,
        &id.other_patient_ids, &id.patient_birth_date, &id.patient_address, &id.accession_number, &id.study_id,
        &id.institution_name, &id.institution_address, &id.station_name, &id.referring_physician,
        &id.performing_physician, &id.operators_name, &id.study_date, &id.series_date, &id.acquisition_date})
    add(*v);
  // Person names are Family^Given^Middle^Prefix^Suffix: each component on its own, too.
  for (const std::string* name : {&id.patient_name, &id.referring_physician, &id.performing_physician, &id.operators_name}) {
    size_t start = 0;
    while (start <= name->size()) {
      size_t end = name->find_first_of("^=\\", start);
      if (end == std::string::npos) end = name->size();
      if (end - start >= 2) add(name->substr(start, end - start));
      start = end + 1;
    }
  }
  for (const std::string& uid : id.sop_instance_uids) add(uid);
  return out;
}

}  // namespace rimscan::io
