#pragma once
// Batch progress on stderr: a one-line bar (done/failed/total, cases per second, ETA) redrawn in
// place on a terminal, JSON-lines events when stderr is not a terminal (logs of a cluster job,
// a pipeline), or nothing (--quiet). Thread-safe.
//
// Events (one JSON object per line; docs/scale-out.md):
//   {"event":"batch_start","total":N,"todo":T,"resumed":R,...}
//   {"event":"case_done","case_id":..,"index":i,"seconds":s,"done":d,"failed":f,"total":N}
//   {"event":"case_failed","case_id":..,"index":i,"stage":..,"code":..,"message":..,"done":d,"failed":f,"total":N}
//   {"event":"batch_done","done":d,"failed":f,"total":N,"seconds":s,"cases_per_second":r}
// `done` counts finished cases including the ones resumed from an earlier run; `index` is the
// manifest row.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace rimscan::batch {

enum class ProgressMode { kNone, kBar, kJsonLines };

// "auto" (bar on a terminal, else JSON lines), "bar", "json", "none"; throws Error(kUsage).
ProgressMode parse_progress_mode(const std::string& text, bool stderr_is_terminal);

struct ProgressCounts {
  size_t total = 0;    // cases of this run (the shard)
  size_t resumed = 0;  // finished by an earlier run
  size_t done = 0;     // finished, resumed ones included
  size_t failed = 0;
};

// "[#########...........]  120/200 done  3 failed  4.1 cases/s  ETA 0:19" fitted to `width`.
// `rate` is cases per second of this run (0 = unknown: no ETA yet).
std::string format_progress_bar(const ProgressCounts& c, double rate, int width);
// "0:19", "12:05", "3:02:11"; "--:--" for an unknown time.
std::string format_duration(double seconds);

class Progress {
 public:
  // `width`: terminal columns for the bar.
  Progress(ProgressMode mode, std::FILE* out, size_t total, size_t resumed, int width = 100);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `info` is merged into the batch_start event (jobs, device, shard...).
  void start(const nlohmann::ordered_json& info);
  void case_done(size_t index, const std::string& case_id, double seconds);
  void case_failed(size_t index, const std::string& case_id, const std::string& stage, const std::string& code,
                   const std::string& message);
  void finish();
  ProgressCounts counts() const;

 private:
  void emit_json(const nlohmann::ordered_json& event);
  void redraw(bool force);
  double elapsed() const;
  double rate() const;

  ProgressMode mode_;
  std::FILE* out_;
  int width_;
  mutable std::mutex m_;
  ProgressCounts c_;
  std::chrono::steady_clock::time_point t0_, last_draw_;
  bool drawn_ = false, finished_ = false;
};

}  // namespace rimscan::batch
