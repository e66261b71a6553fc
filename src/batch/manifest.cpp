#include "rimscan/batch/manifest.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "rimscan/batch/csv.h"
#include "rimscan/error.h"

namespace rimscan::batch {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

enum class Field { kCaseId, kT1c, kT1pre, kFlair, kBrainMask, kLesionMask, kLesionLabels };

// Known header names (lower case) and what they fill; pyradiomics' Image/Mask are aliases.
const std::map<std::string, Field>& known_headers() {
  static const std::map<std::string, Field> m = {
      {"case_id", Field::kCaseId},       {"t1c", Field::kT1c},
      {"image", Field::kT1c},            {"t1pre", Field::kT1pre},
      {"flair", Field::kFlair},          {"brain_mask", Field::kBrainMask},
      {"lesion_mask", Field::kLesionMask}, {"mask", Field::kLesionMask},
      {"lesion_labels", Field::kLesionLabels}};
  return m;
}

}  // namespace

std::string resolve_manifest_path(const std::string& base_dir, const std::string& path) {
  if (path.empty()) return path;
  fs::path p(path);
  if (p.is_absolute() || base_dir.empty()) return p.lexically_normal().string();
  return (fs::path(base_dir) / p).lexically_normal().string();
}

std::string case_id_problem(const std::string& id) {
  if (id.empty()) return "is empty";
  if (id.size() > 150) return "is longer than 150 bytes";
  if (id == "..") return "is '..'";
  if (id[0] == '.') return "starts with a dot (reserved for hidden and temporary files)";
  for (unsigned char c : id) {
    if (c == '/' || c == '\\') return "contains a path separator";
    if (c < 0x20 || c == 0x7f) return "contains a control character";
  }
  return "";
}

Manifest parse_manifest(const std::string& text, const std::string& source, const std::string& base_dir) {
  Manifest m;
  m.source = source;
  const std::vector<CsvRecord> recs = parse_csv(text, source);
  if (recs.empty()) throw Error(ErrorCode::kInputInvalid, source + ": the manifest is empty (no header line)");
  m.columns = recs[0].fields;

  // Which column fills what.
  std::vector<int> role(m.columns.size(), -1);  // Field or -1 for carried columns
  std::map<Field, std::string> seen;             // field -> header that filled it
  std::map<std::string, size_t> names;
  for (size_t c = 0; c < m.columns.size(); ++c) {
    const std::string name = trim(m.columns[c]);
    if (name.empty())
      throw Error(ErrorCode::kInputInvalid, source + " line 1: column " + std::to_string(c + 1) + " has no name");
    if (!names.emplace(lower(name), c).second)
      throw Error(ErrorCode::kInputInvalid, source + " line 1: the column '" + name + "' appears twice");
    auto it = known_headers().find(lower(name));
    if (it == known_headers().end()) {
      m.extra_columns.push_back(m.columns[c]);
      continue;
    }
    auto [prev, fresh] = seen.emplace(it->second, name);
    if (!fresh)
      throw Error(ErrorCode::kInputInvalid, source + " line 1: the columns '" + prev->second + "' and '" + name +
                                                "' both give the same input; keep one");
    role[c] = static_cast<int>(it->second);
  }
  if (!seen.count(Field::kT1c))
    throw Error(ErrorCode::kInputInvalid,
                source + " line 1: no t1c column (the post-contrast T1 of each case; pyradiomics-style 'Image' is "
                         "also accepted)");
  m.has_case_id = seen.count(Field::kCaseId) > 0;

  for (size_t r = 1; r < recs.size(); ++r) {
    const CsvRecord& rec = recs[r];
    if (rec.fields.size() != m.columns.size())
      throw Error(ErrorCode::kInputCorrupt, source + " line " + std::to_string(rec.line) + ": " +
                                                std::to_string(rec.fields.size()) + " fields, the header has " +
                                                std::to_string(m.columns.size()));
    ManifestRow row;
    row.index = m.rows.size();
    row.line = rec.line;
    for (size_t c = 0; c < rec.fields.size(); ++c) {
      if (role[c] < 0) {
        row.extra.push_back(rec.fields[c]);
        continue;
      }
      const std::string v = trim(rec.fields[c]);
      switch (static_cast<Field>(role[c])) {
        case Field::kCaseId: row.case_id = v; break;
        case Field::kT1c: row.t1c = resolve_manifest_path(base_dir, v); break;
        case Field::kT1pre: row.t1pre = resolve_manifest_path(base_dir, v); break;
        case Field::kFlair: row.flair = resolve_manifest_path(base_dir, v); break;
        case Field::kBrainMask: row.brain_mask = resolve_manifest_path(base_dir, v); break;
        case Field::kLesionMask: row.lesion_mask = resolve_manifest_path(base_dir, v); break;
        case Field::kLesionLabels: row.lesion_labels = v; break;
      }
    }
    if (!row.case_id.empty()) {
      const std::string why = case_id_problem(row.case_id);
      if (!why.empty())
        throw Error(ErrorCode::kInputInvalid, source + " line " + std::to_string(rec.line) + ": the case id '" +
                                                  row.case_id + "' " + why + "; case ids name output files");
    }
    if (row.t1c.empty()) row.problem = "line " + std::to_string(rec.line) + ": the t1c cell is empty";
    m.rows.push_back(std::move(row));
  }
  return m;
}

void check_unique_case_ids(const Manifest& m, const std::vector<std::string>& ids) {
  std::unordered_map<std::string, size_t> first;
  for (size_t i = 0; i < ids.size() && i < m.rows.size(); ++i) {
    if (ids[i].empty()) continue;
    auto [it, fresh] = first.emplace(ids[i], i);
    if (fresh) continue;
    const ManifestRow& a = m.rows[it->second];
    const ManifestRow& b = m.rows[i];
    const bool derived = a.case_id.empty() || b.case_id.empty();
    throw Error(ErrorCode::kInputInvalid,
                m.source + ": lines " + std::to_string(a.line) + " and " + std::to_string(b.line) +
                    " have the same case id '" + ids[i] + "'" +
                    (derived ? " (derived from the t1c file name: add a case_id column)" : "") +
                    "; case ids must be unique");
  }
}

}  // namespace rimscan::batch
