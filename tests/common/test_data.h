#pragma once
// Helpers shared by the test suites: where the real data lives, which devices to run on.
#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "rimscan/engine.h"

namespace rimscan::test {

// Root of the shared real data: $RIMSCAN_DATA, else <source>/../shared/data.
std::string data_root();
// data_root() + "/" + rel; the calling test fails (not skips) when the file is missing,
// because CI always has the data.
std::string data_path(const std::string& rel);
// The repository root (for sample_images/).
std::string source_dir();
// A fresh, empty temporary directory for one test.
std::string make_temp_dir(const std::string& tag);

// The engines a parity test runs on: always the CPU; CUDA when a device is visible.
// With RIMSCAN_REQUIRE_CUDA=1 (set on the GPU machine) a missing device is a failure.
struct EngineCase {
  std::string label;  // "cpu", "cuda"
  DeviceRequest request;
};
inline void PrintTo(const EngineCase& c, std::ostream* os) { *os << c.label; }
std::vector<EngineCase> engine_cases();
bool cuda_required();
// Returns nullptr (and records a skip or failure) when the case cannot run here.
std::unique_ptr<Engine> make_engine_or_skip(const EngineCase& c);

}  // namespace rimscan::test
