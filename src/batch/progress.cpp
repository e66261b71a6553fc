#include "rimscan/batch/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "rimscan/error.h"

namespace rimscan::batch {

using json = nlohmann::ordered_json;

ProgressMode parse_progress_mode(const std::string& text, bool stderr_is_terminal) {
  if (text == "auto") return stderr_is_terminal ? ProgressMode::kBar : ProgressMode::kJsonLines;
  if (text == "bar") return ProgressMode::kBar;
  if (text == "json") return ProgressMode::kJsonLines;
  if (text == "none") return ProgressMode::kNone;
  throw Error(ErrorCode::kUsage, "--progress '" + text + "': expected auto, bar, json or none");
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string format_progress_bar(const ProgressCounts& c, double rate, int width) {
  const size_t finished = c.done + c.failed;
  const size_t left = c.total > finished ? c.total - finished : 0;
  char text[160];
  const std::string eta = rate > 0 ? format_duration(static_cast<double>(left) / rate)
                                   : (left == 0 ? format_duration(0) : "--:--");
  std::snprintf(text, sizeof text, " %zu/%zu done  %zu failed  %.2f cases/s  ETA %s", c.done, c.total, c.failed,
                rate, eta.c_str());
  std::string tail = text;
  const int bar_width = std::max(0, std::min(40, width - static_cast<int>(tail.size()) - 2));
  std::string bar;
  if (bar_width >= 5) {
    const double f = c.total ? static_cast<double>(finished) / static_cast<double>(c.total) : 1.0;
    const int filled = static_cast<int>(std::floor(f * bar_width + 1e-9));
    bar = "[" + std::string(static_cast<size_t>(filled), '#') + std::string(static_cast<size_t>(bar_width - filled), '.') + "]";
  }
  std::string line = bar + tail;
  if (width > 0 && static_cast<int>(line.size()) > width) line.resize(static_cast<size_t>(width));
  return line;
}

Progress::Progress(ProgressMode mode, std::FILE* out, size_t total, size_t resumed, int width)
    : mode_(mode), out_(out), width_(width < 20 ? 20 : width), t0_(std::chrono::steady_clock::now()), last_draw_(t0_) {
  c_.total = total;
  c_.resumed = resumed;
  c_.done = resumed;
}

Progress::~Progress() {
  // A bar left without its newline would glue the shell prompt to it.
  std::lock_guard<std::mutex> lock(m_);
  if (mode_ == ProgressMode::kBar && drawn_ && !finished_) std::fputc('\n', out_);
}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
}

double Progress::rate() const {
  const double t = elapsed();
  const size_t n = c_.done - c_.resumed + c_.failed;
  return t > 0 && n > 0 ? static_cast<double>(n) / t : 0.0;
}

void Progress::emit_json(const json& event) {
  const std::string line = event.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

void Progress::redraw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  drawn_ = true;
  std::fprintf(out_, "\r%s\x1b[K", format_progress_bar(c_, rate(), width_ - 1).c_str());
  std::fflush(out_);
}

void Progress::start(const json& info) {
  std::lock_guard<std::mutex> lock(m_);
  if (mode_ == ProgressMode::kJsonLines) {
    json e = {{"event", "batch_start"}, {"total", c_.total}, {"todo", c_.total - c_.resumed}, {"resumed", c_.resumed}};
    for (auto it = info.begin(); it != info.end(); ++it) e[it.key()] = it.value();
    emit_json(e);
  } else if (mode_ == ProgressMode::kBar) {
    redraw(true);
  }
}

void Progress::case_done(size_t index, const std::string& case_id, double seconds) {
  seconds = std::round(seconds * 1e6) / 1e6;  // microseconds are plenty, and read better
  std::lock_guard<std::mutex> lock(m_);
  ++c_.done;
  if (mode_ == ProgressMode::kJsonLines)
    emit_json({{"event", "case_done"}, {"case_id", case_id}, {"index", index}, {"seconds", seconds},
               {"done", c_.done}, {"failed", c_.failed}, {"total", c_.total}});
  else if (mode_ == ProgressMode::kBar)
    redraw(false);
}

void Progress::case_failed(size_t index, const std::string& case_id, const std::string& stage, const std::string& code,
                           const std::string& message) {
  std::lock_guard<std::mutex> lock(m_);
  ++c_.failed;
  if (mode_ == ProgressMode::kJsonLines) {
    emit_json({{"event", "case_failed"}, {"case_id", case_id}, {"index", index}, {"stage", stage}, {"code", code},
               {"message", message}, {"done", c_.done}, {"failed", c_.failed}, {"total", c_.total}});
  } else if (mode_ == ProgressMode::kBar) {
    // The failure on its own line above the bar, so it stays readable after the run.
    std::fprintf(out_, "\r\x1b[Kfailed: %s (%s): %s\n", case_id.c_str(), stage.c_str(), message.c_str());
    redraw(true);
  }
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(m_);
  if (finished_) return;
  finished_ = true;
  const double t = std::round(elapsed() * 1e6) / 1e6;
  if (mode_ == ProgressMode::kJsonLines) {
    emit_json({{"event", "batch_done"}, {"done", c_.done}, {"failed", c_.failed}, {"total", c_.total},
               {"seconds", t}, {"cases_per_second", rate()}});
  } else if (mode_ == ProgressMode::kBar) {
    redraw(true);
    std::fputc('\n', out_);
    std::fflush(out_);
  }
}

ProgressCounts Progress::counts() const {
  std::lock_guard<std::mutex> lock(m_);
  return c_;
}

}  // namespace rimscan::batch
