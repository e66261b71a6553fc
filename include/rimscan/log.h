#pragma once
// Logging to stderr (stdout carries results only). Thread-safe; one line per call.
#include <string>

namespace rimscan::log {

enum class Level { kQuiet = 0, kWarn = 1, kInfo = 2, kDebug = 3 };
void set_level(Level level);
Level level();

void warn(const std::string& msg);
void info(const std::string& msg);
void debug(const std::string& msg);

}  // namespace rimscan::log
