#include "cli/batch_driver.h"

#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <thread>

#include "cli/batch_outdir.h"
#include "rimscan/batch/batch_record.h"
#include "rimscan/batch/layout.h"
#include "rimscan/batch/manifest.h"
#include "rimscan/batch/pipeline.h"
#include "rimscan/batch/progress.h"
#include "rimscan/batch/results_table.h"
#include "rimscan/batch/shard.h"
#include "rimscan/error.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/phi.h"
#include "rimscan/log.h"
#include "rimscan/version.h"

namespace rimscan::cli {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

int available_cores() {
  int n = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
  if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
  if (const char* s = std::getenv("SLURM_CPUS_PER_TASK")) {
    const int slurm = std::atoi(s);
    if (slurm > 0 && slurm < n) n = slurm;
  }
  return n > 0 ? n : 1;
}

namespace {

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Rewrite results.csv/errors.csv after this many finished cases or seconds, whichever first.
constexpr size_t kTablesEveryCases = 25;
constexpr double kTablesEverySeconds = 30.0;

// One selected manifest row and what became of it.
struct Slot {
  const batch::ManifestRow* row = nullptr;
  std::string case_id;
  batch::CaseFiles files;  // relative to the output directory
  CaseSpec spec;
  std::optional<batch::ErrorRecord> pre_failure;  // known before running (manifest, DICOM id)
  bool resumed = false;
  std::optional<batch::ResultRow> result;
  std::optional<batch::ErrorRow> error;
};

struct Computed {
  CaseDocument doc;
  double seconds = 0;  // read + analyse
};

std::string lesion_labels_text(const CaseSpec& spec) {
  if (spec.lesion_mask.empty() || spec.lesion_labels.empty()) return "binary";
  return spec.lesion_labels;
}

// The inputs a case document records (role, path), as load_case writes them.
std::vector<std::pair<std::string, std::string>> input_roles(const CaseSpec& s) {
  std::vector<std::pair<std::string, std::string>> r = {{"t1c", s.t1c}};
  if (!s.brain_mask.empty()) r.emplace_back("brain_mask", s.brain_mask);
  if (!s.lesion_mask.empty()) r.emplace_back("lesion_mask", s.lesion_mask);
  if (!s.t1pre.empty()) r.emplace_back("t1pre", s.t1pre);
  if (!s.flair.empty()) r.emplace_back("flair", s.flair);
  return r;
}

struct Failure {
  std::string code, message;
};

Failure describe(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& x) {
    return {error_code_name(x.code()), x.what()};
  } catch (const std::bad_alloc&) {
    return {"too_large", "out of memory"};
  } catch (const std::exception& x) {
    return {"internal", x.what()};
  } catch (...) {
    return {"internal", "unknown exception"};
  }
}

int terminal_width() {
  winsize w{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
  return 100;
}

class BatchRun {
 public:
  BatchRun(const BatchSettings& s, const CaseRunOptions& run) : s_(s), run_(run) {}

  int execute() {
    const auto t0 = Clock::now();
    batch::Shard shard = batch::Shard::parse(s_.shard);
    layout_ = batch::parse_layout(s_.layout);
    if (s_.jobs < 1) throw Error(ErrorCode::kUsage, "--jobs must be at least 1");
    const int cores = available_cores();
    const int io_threads = s_.io_threads > 0 ? s_.io_threads : std::min(cores, 4);
    const size_t prefetch = static_cast<size_t>(s_.prefetch > 0 ? s_.prefetch : 2 * s_.jobs);
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    const batch::ProgressMode mode = log::level() == log::Level::kQuiet
                                         ? batch::ProgressMode::kNone
                                         : batch::parse_progress_mode(s_.progress, tty);

    read_manifest();
    if (manifest_.rows.empty()) log::warn("batch: " + s_.manifest + " lists no case");
    // The device before touching the output directory: an unusable one is a batch error.
    check_device(cores);
    OutDirLock lock(s_.out, "rimscan batch");
    select_rows(shard, io_threads);
    prepare_outputs();
    const size_t cleaned = remove_temp_outputs(s_.out, {"cases", "errors", "maps", "qc"});
    if (cleaned) log::info("batch: removed " + std::to_string(cleaned) + " temporary file(s) of an interrupted run");
    write_batch_record(shard);

    std::vector<size_t> todo;
    size_t resumed = 0;
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].resumed)
        ++resumed;
      else if (!slots_[i].pre_failure)
        todo.push_back(i);
    }
    progress_.emplace(mode, stderr, slots_.size(), resumed, terminal_width());
    json info = {{"jobs", s_.jobs},     {"io_threads", io_threads}, {"shard", shard.text()},
                 {"device", device_name_}, {"out", s_.out}};
    progress_->start(info);
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].pre_failure) record_failure(i, *slots_[i].pre_failure);

    batch::PipelineOptions po;
    po.readers = io_threads;
    po.workers = s_.jobs;
    po.writers = std::max(1, std::min(io_threads, s_.jobs));
    po.loaded_capacity = prefetch;
    po.computed_capacity = static_cast<size_t>(s_.jobs);
    po.worker_init = [&](int w) { make_worker_engine(w); };
    batch::run_pipeline<LoadedCase, Computed>(
        todo, po, [&](size_t i) { return load_case(slots_[i].spec, run_.read); },
        [&](int w, size_t, LoadedCase&& c) { return analyse(w, std::move(c)); },
        [&](size_t i, Computed&& c) { commit(i, std::move(c)); },
        [&](size_t i, batch::Stage st, std::exception_ptr e) {
          const Failure f = describe(e);
          const char* stage = st == batch::Stage::kRead ? "read" : st == batch::Stage::kCompute ? "analyse" : "write";
          record_failure(i, {slots_[i].row->index, slots_[i].case_id, stage, f.code, f.message});
        });

    write_tables();
    progress_->finish();
    const batch::ProgressCounts c = progress_->counts();
    log::info("batch: " + std::to_string(c.done) + " of " + std::to_string(c.total) + " case(s) finished (" +
              std::to_string(c.resumed) + " from an earlier run), " + std::to_string(c.failed) + " failed, in " +
              std::to_string(since(t0)) + " s");
    if (c.failed == 0) return kExitOk;
    log::warn("batch: " + std::to_string(c.failed) + " of " + std::to_string(c.total) + " case(s) failed: see " +
              out_path("errors.csv") + " (a rerun retries them)");
    return kExitPartialFailure;
  }

 private:
  // --- preparation ---------------------------------------------------------------------------

  void read_manifest() {
    if (fs::is_directory(s_.manifest))
      throw Error(ErrorCode::kInputInvalid, s_.manifest + ": is a directory, not a manifest CSV");
    const std::string text = read_file_bytes(s_.manifest);
    manifest_sha256_ = io::sha256_hex(text);
    const std::string base = fs::path(s_.manifest).parent_path().string();
    manifest_ = batch::parse_manifest(text, s_.manifest, base);
    for (const std::string& c : manifest_.extra_columns)
      if (batch::clashes_with_results_column(c))
        throw Error(ErrorCode::kInputInvalid, s_.manifest + ": the column '" + c +
                                                  "' would clash with a results.csv column; rename it");
  }

  // Checks the device now (an unusable one is a batch-level error); each worker then makes its
  // own engine on its own thread (make_worker_engine), because a CUDA engine's device is
  // current only on the thread that created it.
  void check_device(int cores) {
    const int threads = s_.threads > 0 ? s_.threads : std::max(1, cores / s_.jobs);
    request_ = DeviceRequest::parse(s_.device, threads);
    cpu_threads_ = resolve_device(request_) == DeviceKind::kCpu ? threads : 0;
    device_name_ = make_engine(request_)->name();
    engines_.resize(static_cast<size_t>(s_.jobs));
  }

  void make_worker_engine(int worker) { engines_[static_cast<size_t>(worker)] = make_engine(request_); }

  // Ids of every row that can be named without reading (given, or from the file name), checked
  // for safety and uniqueness over the whole manifest so that every shard agrees; then the
  // selected rows, DICOM ids included.
  void select_rows(const batch::Shard& shard, int io_threads) {
    std::vector<std::string> ids(manifest_.rows.size());
    std::vector<size_t> dicom;  // slots whose id comes from DICOM UIDs
    for (const batch::ManifestRow& row : manifest_.rows) {
      std::string& id = ids[row.index];
      const bool dir = !row.t1c.empty() && fs::is_directory(row.t1c);
      if (!row.case_id.empty()) {
        id = row.case_id;
      } else if (!row.t1c.empty() && !dir) {
        id = default_case_id(row.t1c);
        const std::string why = batch::case_id_problem(id);
        if (!why.empty())
          throw Error(ErrorCode::kInputInvalid, s_.manifest + " line " + std::to_string(row.line) +
                                                    ": the case id '" + id + "' derived from the t1c file name " +
                                                    why + "; add a case_id column");
      }
      if (!shard.selects(row.index)) continue;
      Slot slot;
      slot.row = &row;
      slot.case_id = id;
      if (id.empty() && dir) dicom.push_back(slots_.size());
      if (id.empty() && !dir) slot.case_id = "manifest-line-" + std::to_string(row.line);
      slots_.push_back(std::move(slot));
    }
    derive_dicom_ids(dicom, io_threads);
    for (const Slot& slot : slots_) ids[slot.row->index] = slot.case_id;
    batch::check_unique_case_ids(manifest_, ids);

    std::vector<std::string> selected;
    for (Slot& slot : slots_) {
      const batch::ManifestRow& row = *slot.row;
      selected.push_back(slot.case_id);
      slot.files = batch::case_files(layout_, slot.case_id);
      CaseSpec& sp = slot.spec;
      sp.case_id = slot.case_id;
      sp.t1c = row.t1c;
      sp.t1pre = row.t1pre;
      sp.flair = row.flair;
      sp.brain_mask = row.brain_mask;
      sp.lesion_mask = row.lesion_mask;
      sp.lesion_labels = row.lesion_labels.empty() ? "binary" : row.lesion_labels;
      for (size_t e = 0; e < manifest_.extra_columns.size(); ++e)
        sp.extra.emplace_back(manifest_.extra_columns[e], row.extra[e]);
      if (slot.pre_failure) continue;
      if (!row.problem.empty()) {
        slot.pre_failure = batch::ErrorRecord{row.index, slot.case_id, "manifest", error_code_name(ErrorCode::kInputInvalid),
                                              s_.manifest + " " + row.problem};
        continue;
      }
      try {
        LesionLabelScheme::parse(sp.lesion_labels);
      } catch (const Error& e) {
        slot.pre_failure = batch::ErrorRecord{row.index, slot.case_id, "manifest", error_code_name(e.code()),
                                              s_.manifest + " line " + std::to_string(row.line) + ": " + e.what()};
      }
    }
    if (layout_ == batch::Layout::kBids) batch::check_bids_labels(selected);
  }

  // DICOM series ids are keyed hashes of the series' UIDs (rimscan/io/phi.h): the directory
  // name may carry a patient name, so it never becomes an id. Reading the headers takes time:
  // done on the I/O threads.
  void derive_dicom_ids(const std::vector<size_t>& which, int io_threads) {
    if (which.empty()) return;
    const std::string salt = io::resolve_id_salt(s_.id_salt, s_.out);
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < std::min<int>(io_threads, static_cast<int>(which.size())); ++t) {
      pool.emplace_back([&] {
        for (size_t k; (k = next.fetch_add(1)) < which.size();) {
          Slot& slot = slots_[which[k]];
          try {
            const io::DicomSeriesInfo info = io::select_dicom_input(slot.row->t1c, run_.read);
            slot.case_id = io::case_id_from_uids(info.phi.study_uid, info.phi.series_uid, salt);
          } catch (...) {
            const Failure f = describe(std::current_exception());
            slot.case_id = "manifest-line-" + std::to_string(slot.row->line);
            slot.pre_failure = batch::ErrorRecord{slot.row->index, slot.case_id, "read", f.code, f.message};
          }
        }
      });
    }
    for (std::thread& t : pool) t.join();
  }

  std::string out_path(const std::string& rel) const { return (fs::path(s_.out) / rel).string(); }

  CaseOutputPaths output_paths(const Slot& slot) const {
    CaseOutputPaths p;
    p.json = out_path(slot.files.json);
    if (s_.label_maps) {
      p.label_map = out_path(slot.files.label_map);
      p.lesion_ids = out_path(slot.files.lesion_ids);
    }
    if (s_.qc_png) p.qc_png = out_path(slot.files.qc_png);
    return p;
  }

  // Directories, dataset files, and what an earlier run already finished.
  void prepare_outputs() {
    std::set<std::string> dirs = {out_path("errors")};
    for (const Slot& slot : slots_) {
      const CaseOutputPaths p = output_paths(slot);
      for (const std::string* f : {&p.json, &p.label_map, &p.lesion_ids, &p.qc_png})
        if (!f->empty()) dirs.insert(fs::path(*f).parent_path().string());
    }
    for (const std::string& d : dirs) make_dirs(d);
    if (layout_ == batch::Layout::kBids) {
      io::write_file_atomic(out_path("dataset_description.json"), batch::bids_dataset_description().dump(2) + "\n");
      io::write_file_atomic(out_path("desc-rimscan_dseg.tsv"), batch::bids_dseg_tsv());
      io::write_file_atomic(out_path(".bidsignore"), batch::bids_ignore());
    }
    if (s_.force) return;
    size_t kept = 0;
    for (Slot& slot : slots_) {
      if (slot.pre_failure) continue;
      const CaseOutputPaths p = output_paths(slot);
      auto doc = read_json_if_valid(p.json);
      if (!doc) continue;
      batch::CaseExpectation want;
      want.case_id = slot.case_id;
      want.inputs = input_roles(slot.spec);
      want.parameters = case_parameters_json(run_, lesion_labels_text(slot.spec));
      want.model_source = run_.model_source;
      std::string why = batch::case_document_mismatch(*doc, want);
      if (why.empty()) why = phi_mismatch(*doc, slot.spec);
      for (const std::string* f : {&p.label_map, &p.lesion_ids, &p.qc_png})
        if (why.empty() && !f->empty() && !fs::exists(*f)) why = "no " + *f;
      if (!why.empty()) {
        log::info("batch: " + slot.case_id + ": recomputing the finished case (" + why + ")");
        continue;
      }
      slot.resumed = true;
      slot.result = batch::ResultRow{slot.case_id, batch::flatten_case_document(*doc), slot.row->extra};
      remove_if_present(out_path(slot.files.error));  // a failure record older than the result
      ++kept;
    }
    if (kept) log::info("batch: " + std::to_string(kept) + " case(s) already finished; --force recomputes them");
  }

  // A finished document must carry identifiers exactly when this run keeps them: a rerun
  // without --keep-phi must not leave identifiers behind, nor one with it leave them out.
  std::string phi_mismatch(const json& doc, const CaseSpec& spec) const {
    for (const auto& [role, path] : input_roles(spec)) {
      if (!fs::is_directory(path)) continue;
      const json* in = json_at_path(doc, "inputs." + role);
      const bool has = in && in->is_object() && in->contains("dicom_identifiers");
      if (has != run_.keep_phi) return run_.keep_phi ? "written without --keep-phi" : "written with --keep-phi";
    }
    return "";
  }

  void write_batch_record(const batch::Shard& shard) {
    batch::BatchRecord r;
    r.manifest_path = s_.manifest;
    r.manifest_sha256 = manifest_sha256_;
    r.manifest_rows = manifest_.rows.size();
    r.extra_columns = manifest_.extra_columns;
    r.shard = shard.text();
    r.layout = batch::layout_name(layout_);
    r.analysis = analysis_record();
    for (const Slot& slot : slots_)
      r.cases.push_back({slot.row->index, slot.case_id, slot.files.json, slot.files.error, slot.row->extra});
    io::write_file_atomic(out_path("batch_manifest.json"), batch::batch_record_to_json(r).dump(2) + "\n");
  }

  // What must agree between shards that are merged: parameters and the flag model's content.
  json analysis_record() const {
    json params = case_parameters_json(run_, "binary");
    params.erase("lesion_labels");  // per case
    std::string model = "built-in default (rimscan " + std::string(kVersion) + ")";
    if (run_.model) model = "sha256:" + io::sha256_file(run_.model_source);
    return {{"parameters", params}, {"model", model}};
  }

  // --- the pipeline stages ---------------------------------------------------------------------

  Computed analyse(int worker, LoadedCase&& c) {
    const auto t0 = Clock::now();
    Computed out{analyse_loaded(c, *engines_[static_cast<size_t>(worker)], run_), 0};
    out.doc.threads = cpu_threads_;
    out.seconds = c.read_seconds + since(t0);
    return out;
  }

  void commit(size_t i, Computed&& c) {
    Slot& slot = slots_[i];
    const auto t0 = Clock::now();
    const json doc = write_case_outputs(c.doc, output_paths(slot));  // the JSON last
    remove_if_present(out_path(slot.files.error));
    batch::ResultRow row{slot.case_id, batch::flatten_case_document(doc), slot.row->extra};
    {
      std::lock_guard<std::mutex> lock(m_);
      slot.result = std::move(row);
      slot.error.reset();
    }
    progress_->case_done(slot.row->index, slot.case_id, c.seconds + since(t0));
    finished_one();
  }

  void record_failure(size_t i, const batch::ErrorRecord& e) {
    Slot& slot = slots_[i];
    // The stale result goes first: a kill between the two steps leaves neither file, and the
    // case is simply retried.
    try {
      remove_if_present(out_path(slot.files.json));
      io::write_file_atomic(out_path(slot.files.error), batch::error_record_to_json(e).dump(2) + "\n");
    } catch (const Error& x) {
      log::warn(std::string("batch: ") + x.what());
    }
    {
      std::lock_guard<std::mutex> lock(m_);
      slot.result.reset();
      slot.error = batch::ErrorRow{e.case_id, e.stage, e.code, e.message};
    }
    progress_->case_failed(e.index, e.case_id, e.stage, e.code, e.message);
    finished_one();
  }

  void finished_one() {
    bool due = false;
    {
      std::lock_guard<std::mutex> lock(m_);
      ++since_tables_;
      due = since_tables_ >= kTablesEveryCases || since(last_tables_) >= kTablesEverySeconds;
    }
    if (!due) return;
    try {
      write_tables();
    } catch (const Error& e) {
      log::warn(std::string("batch: ") + e.what());  // the final write retries
    }
  }

  // results.csv and errors.csv from the current state, in manifest order.
  void write_tables() {
    std::lock_guard<std::mutex> order(tables_m_);  // snapshots are committed in the order taken
    std::vector<batch::ResultRow> rows;
    std::vector<batch::ErrorRow> errors;
    {
      std::lock_guard<std::mutex> lock(m_);
      for (const Slot& slot : slots_) {
        if (slot.result) rows.push_back(*slot.result);
        if (slot.error) errors.push_back(*slot.error);
      }
      since_tables_ = 0;
      last_tables_ = Clock::now();
    }
    io::write_file_atomic(out_path("results.csv"), batch::results_csv(rows, manifest_.extra_columns));
    io::write_file_atomic(out_path("errors.csv"), batch::errors_csv(errors));
  }

  const BatchSettings& s_;
  const CaseRunOptions& run_;
  batch::Layout layout_ = batch::Layout::kFlat;
  batch::Manifest manifest_;
  std::string manifest_sha256_;
  DeviceRequest request_;
  std::string device_name_;
  std::vector<std::unique_ptr<Engine>> engines_;  // one per worker, made on its thread
  int cpu_threads_ = 0;
  std::vector<Slot> slots_;
  std::optional<batch::Progress> progress_;
  std::mutex m_, tables_m_;
  size_t since_tables_ = 0;
  Clock::time_point last_tables_ = Clock::now();
};

}  // namespace

int run_batch(const BatchSettings& s, const CaseRunOptions& run) { return BatchRun(s, run).execute(); }

}  // namespace rimscan::cli
