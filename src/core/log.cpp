#include "rimscan/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace rimscan::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::kWarn)};
std::mutex g_mutex;
void emit(const char* tag, const std::string& msg) {
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fprintf(stderr, "rimscan: %s%s\n", tag, msg.c_str());
}
}  // namespace

void set_level(Level l) { g_level = static_cast<int>(l); }
Level level() { return static_cast<Level>(g_level.load()); }
void warn(const std::string& m) {
  if (g_level >= static_cast<int>(Level::kWarn)) emit("warning: ", m);
}
void info(const std::string& m) {
  if (g_level >= static_cast<int>(Level::kInfo)) emit("", m);
}
void debug(const std::string& m) {
  if (g_level >= static_cast<int>(Level::kDebug)) emit("debug: ", m);
}

}  // namespace rimscan::log
