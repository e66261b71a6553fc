// rimscan merge DIR... -o OUTDIR: joins the outputs of `rimscan batch --shard K/N` runs into one
// results.csv and errors.csv in manifest order (docs/scale-out.md). The case JSON files stay in
// the shard directories; OUTDIR/batch_manifest.json points to them.
#include <filesystem>
#include <vector>

#include "cli/batch_outdir.h"
#include "cli/command.h"
#include "rimscan/batch/batch_record.h"
#include "rimscan/batch/results_table.h"
#include "rimscan/error.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/log.h"

namespace rimscan::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

class MergeCommand final : public Command {
 public:
  const char* name() const override { return "merge"; }
  const char* summary() const override {
    return "Join the output directories of batch shards into one results.csv and errors.csv (manifest order)";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("dirs", dirs_, "Output directories of `rimscan batch --shard K/N` runs of one manifest")
        ->required();
    sub.add_option("-o,--out", out_, "Directory for the merged results.csv, errors.csv and batch_manifest.json")
        ->required();
  }

  int run() override {
    std::vector<batch::BatchRecord> records;
    for (const std::string& d : dirs_) {
      const std::string path = (fs::path(d) / "batch_manifest.json").string();
      if (!fs::exists(path))
        throw Error(ErrorCode::kInputMissing, d + ": no batch_manifest.json (not a rimscan batch output directory)");
      auto j = read_json_if_valid(path);
      if (!j) throw Error(ErrorCode::kInputCorrupt, path + ": not valid JSON");
      records.push_back(batch::batch_record_from_json(*j, path));
      if (same_dir(d, out_))
        throw Error(ErrorCode::kUsage, "-o " + out_ + " is one of the shard directories; merge into another one");
    }
    const batch::MergePlan plan = batch::plan_merge(records, dirs_);
    OutDirLock lock(out_, "rimscan merge");
    remove_temp_outputs(out_, {});  // of a merge that was killed

    // Rows in manifest order: found cases and rows no shard covers, interleaved by index.
    std::vector<batch::ResultRow> rows;
    std::vector<batch::ErrorRow> errors;
    batch::BatchRecord merged;
    merged.manifest_path = plan.manifest_path;
    merged.manifest_sha256 = plan.manifest_sha256;
    merged.manifest_rows = plan.manifest_rows;
    merged.extra_columns = plan.extra_columns;
    merged.shard = "merged";
    merged.layout = records[0].layout;
    merged.analysis = plan.analysis;
    size_t unfinished = 0, failed = 0;
    auto missing = plan.missing.begin();
    auto not_covered = [&](size_t row) {
      errors.push_back({"", "missing", "missing",
                        "manifest row " + std::to_string(row) + " (0-based) is in none of the merged directories"});
    };
    for (const batch::MergeItem& item : plan.items) {
      for (; missing != plan.missing.end() && *missing < item.index; ++missing) not_covered(*missing);
      const std::string dir = dirs_[item.shard];
      const std::string json_path = (fs::path(dir) / item.c.json).string();
      const std::string err_path = (fs::path(dir) / item.c.error).string();
      batch::BatchCase mc = item.c;
      mc.json = relative_to_out(json_path);
      mc.error = relative_to_out(err_path);
      merged.cases.push_back(mc);
      auto doc = read_json_if_valid(json_path);
      if (doc && doc->value("case_id", std::string()) == item.c.case_id && doc->contains("run")) {
        rows.push_back({item.c.case_id, batch::flatten_case_document(*doc), item.c.extra});
        continue;
      }
      if (auto e = read_json_if_valid(err_path)) {
        try {
          const batch::ErrorRecord r = batch::error_record_from_json(*e, err_path);
          errors.push_back({r.case_id, r.stage, r.code, r.message});
          ++failed;
          continue;
        } catch (const Error&) {
        }
      }
      ++unfinished;
      errors.push_back({item.c.case_id, "missing", "missing",
                        dir + " has no result for this case (its shard did not finish it: rerun that shard)"});
    }
    for (; missing != plan.missing.end(); ++missing) not_covered(*missing);

    io::write_file_atomic((fs::path(out_) / "results.csv").string(), batch::results_csv(rows, plan.extra_columns));
    io::write_file_atomic((fs::path(out_) / "errors.csv").string(), batch::errors_csv(errors));
    io::write_file_atomic((fs::path(out_) / "batch_manifest.json").string(),
                          batch::batch_record_to_json(merged).dump(2) + "\n");
    const std::string summary = "merge: " + std::to_string(rows.size()) + " of " + std::to_string(plan.manifest_rows) +
                                " case(s) finished, " + std::to_string(failed) + " failed, " +
                                std::to_string(unfinished) + " unfinished, " + std::to_string(plan.missing.size()) +
                                " in no shard";
    if (errors.empty()) {
      log::info(summary);
      return kExitOk;
    }
    log::warn(summary + " (see " + (fs::path(out_) / "errors.csv").string() + ")");
    return kExitPartialFailure;
  }

 private:
  static bool same_dir(const std::string& a, const std::string& b) {
    std::error_code ec1, ec2;
    const fs::path pa = fs::weakly_canonical(a, ec1), pb = fs::weakly_canonical(b, ec2);
    return !ec1 && !ec2 && pa == pb;
  }

  std::string relative_to_out(const std::string& path) const {
    std::error_code ec;
    const fs::path rel = fs::relative(fs::absolute(path), fs::absolute(out_), ec);
    return ec || rel.empty() ? fs::absolute(path).string() : rel.string();
  }

  std::vector<std::string> dirs_;
  std::string out_;
};

}  // namespace

std::unique_ptr<Command> make_merge_command() { return std::make_unique<MergeCommand>(); }

}  // namespace rimscan::cli
