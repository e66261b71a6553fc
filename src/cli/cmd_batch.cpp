// rimscan batch MANIFEST.csv -o OUTDIR: many cases, resumable, shardable (docs/scale-out.md).
#include <thread>

#include "cli/analysis_options.h"
#include "cli/batch_driver.h"
#include "cli/command.h"
#include "cli/lesion_radiomics.h"

namespace rimscan::cli {
namespace {

class BatchCommand final : public Command {
 public:
  const char* name() const override { return "batch"; }
  const char* summary() const override {
    return "Run extract over a manifest of cases: resumable, one failing case never stops the rest, "
           "--shard K/N for job arrays";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("manifest", s_.manifest,
                   "Manifest CSV: case_id, t1c (file or DICOM directory), optional t1pre, flair, brain_mask, "
                   "lesion_mask, lesion_labels; pyradiomics Image/Mask also accepted; other columns are carried")
        ->required();
    sub.add_option("-o,--out", s_.out, "Output directory (per-case JSON, results.csv, errors.csv)")->required();
    sub.add_option("-j,--jobs", s_.jobs, "Compute workers, each with its own engine (CPU: the cores are shared)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    sub.add_option("--io-threads", s_.io_threads, "Threads reading and decompressing inputs (0 = min(cores, 4))")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    sub.add_option("--prefetch", s_.prefetch, "Loaded cases that may wait for a worker (0 = 2 x jobs); bounds memory")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str();
    sub.add_option("--shard", s_.shard,
                   "K/N: process manifest rows i with i mod N = K (K = 0..N-1, e.g. $SLURM_ARRAY_TASK_ID/N)")
        ->capture_default_str();
    sub.add_flag("--force", s_.force, "Recompute cases that are already finished in OUTDIR (default: resume)");
    sub.add_option("--layout", s_.layout, "Output layout: flat, or bids (BIDS derivatives: sub-*/ses-*/anat)")
        ->check(CLI::IsMember({"flat", "bids"}))
        ->capture_default_str();
    sub.add_flag("--label-maps", s_.label_maps, "Also write each case's label map and lesion-id map (NIfTI)");
    sub.add_flag("--qc-png", s_.qc_png, "Also write each case's QC montage (PNG)");
    sub.add_option("--progress", s_.progress,
                   "auto (a bar on a terminal, JSON lines otherwise), bar, json or none (also -q)")
        ->check(CLI::IsMember({"auto", "bar", "json", "none"}))
        ->capture_default_str();
    sub.add_option("--id-salt", s_.id_salt,
                   "Key for the ids of DICOM cases without case_id (default: a random salt kept in OUTDIR; "
                   "give the same value to every shard)");
    sub.add_flag("--keep-phi", s_.keep_phi,
                 "DICOM: write each DICOM input's identifying values (names, IDs, dates, institution, UIDs) into "
                 "its case JSON under inputs.<role>.dicom_identifiers (never into results.csv, logs or file names)");
    analysis_.declare(sub);
    radiomics_.declare(sub);
    device_.declare(sub);
  }
  int run() override {
    analysis_.validate();
    CaseRunOptions opt;
    opt.params = analysis_.params;
    opt.read.max_voxels = analysis_.max_voxels;
    classify::Model model;
    opt.model = load_model_option(analysis_.model_path, model);
    if (opt.model) opt.model_source = analysis_.model_path;
    opt.keep_phi = s_.keep_phi;
    opt.radiomics = radiomics_.resolve();
    s_.device = device_.device;
    s_.threads = device_.threads;
    return run_batch(s_, opt);
  }

 private:
  BatchSettings s_;
  AnalysisOptions analysis_;
  RadiomicsOptions radiomics_;
  DeviceOptions device_;
};

}  // namespace

std::unique_ptr<Command> make_batch_command() { return std::make_unique<BatchCommand>(); }

}  // namespace rimscan::cli
