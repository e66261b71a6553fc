#pragma once
// The batch manifest (docs/scale-out.md): a CSV with one case per row.
//   case_id        optional; derived from the T1c file name when the column or the cell is empty
//   t1c            required: a file or a DICOM directory (pyradiomics-style header: Image)
//   t1pre, flair, brain_mask, lesion_mask (pyradiomics: Mask), lesion_labels   optional
// Known headers match case-insensitively after trimming spaces. Relative paths resolve against
// the manifest's folder. Every other column is carried unchanged into the outputs, in header
// order. Rows are numbered 0, 1, ... in file order (blank lines skipped): that index is the
// shard key and the order of results.csv.
//
// What makes the whole manifest unusable (no t1c column, a duplicated header, a row with the
// wrong number of fields, an unsafe case id) throws Error(kInputInvalid / kInputCorrupt)
// naming the file and line. What concerns one row only (an empty t1c cell) is left in
// ManifestRow::problem, so the batch records that case as failed and runs the others.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace rimscan::batch {

struct ManifestRow {
  size_t index = 0;   // 0-based data row
  size_t line = 0;    // 1-based line of the file where the row starts
  std::string case_id;  // as given; "" = derive it
  std::string t1c, t1pre, flair, brain_mask, lesion_mask;  // resolved paths ("" = not given)
  std::string lesion_labels;                                // "" = binary
  std::vector<std::string> extra;  // values of Manifest::extra_columns, same order
  std::string problem;             // a row-level problem (recorded as a failed case), or ""
};

struct Manifest {
  std::string source;                       // path as given
  std::vector<std::string> columns;         // the header as written
  std::vector<std::string> extra_columns;   // the carried columns, in header order
  bool has_case_id = false;
  std::vector<ManifestRow> rows;
};

// Parses manifest text. `base_dir` is the manifest's folder ("" = the working directory).
Manifest parse_manifest(const std::string& text, const std::string& source, const std::string& base_dir);

// `path` when absolute or empty, else base_dir/path (lexically normalised).
std::string resolve_manifest_path(const std::string& base_dir, const std::string& path);

// Why `id` cannot name the files of a case ("" when it can): empty, longer than 150 bytes,
// a path separator or control character, a leading dot (hidden and temporary files), "..".
std::string case_id_problem(const std::string& id);

// Throws Error(kInputInvalid) naming both lines when two rows share an id. `ids[i]` belongs to
// rows[i]; empty ids are not compared (not known yet).
void check_unique_case_ids(const Manifest& m, const std::vector<std::string>& ids);

}  // namespace rimscan::batch
