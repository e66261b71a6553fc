#pragma once
// `rimscan batch`: the per-case phases of case_runner.h (load_case, analyse_loaded,
// write_case_outputs) run over a manifest as a bounded pipeline (rimscan/batch/pipeline.h):
// an I/O pool reads and decompresses cases ahead of compute, `jobs` workers each own an Engine,
// and writers commit each case's files atomically. results.csv and errors.csv are rebuilt from
// the per-case results in manifest order, periodically and at the end. docs/scale-out.md.
#include <string>

#include "cli/case_runner.h"

namespace rimscan::cli {

struct BatchSettings {
  std::string manifest;        // path of the manifest CSV
  std::string out;             // output directory
  int jobs = 1;                // compute workers (engines)
  int io_threads = 0;          // readers; 0 = min(cores, 4)
  int prefetch = 0;            // loaded cases waiting for an engine; 0 = 2 * jobs
  std::string shard = "0/1";
  bool force = false;          // recompute finished cases
  std::string layout = "flat";
  bool label_maps = false, qc_png = false;
  std::string progress = "auto";
  std::string id_salt;         // for ids of DICOM cases without case_id ("" = OUTDIR's salt file)
  bool keep_phi = false;       // copied into CaseRunOptions::keep_phi; resume recomputes on a change
  std::string device = "auto";
  int threads = 0;             // CPU threads per engine; 0 = cores / jobs
};

// Runs the batch; returns 0 when every case of the shard is finished, 3 when some failed.
// Batch-level problems (manifest unreadable or malformed, duplicate ids, output directory not
// writable, no usable device) throw rimscan::Error before any case runs.
int run_batch(const BatchSettings& s, const CaseRunOptions& run);

// CPUs this process may use: its affinity mask, or SLURM_CPUS_PER_TASK when that is smaller.
int available_cores();

}  // namespace rimscan::cli
