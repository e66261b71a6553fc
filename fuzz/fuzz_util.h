#pragma once
// Helpers shared by the libFuzzer targets (fuzz/*.cpp): a private scratch directory per process
// and writing the fuzz input to a file there, for the readers that only take paths (ITK's
// ImageIOs and GDCM read files; none of them has an in-memory entry point that rimscan uses).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace rimscan::fuzz {

// $TMPDIR/rimscan-fuzz-<pid>: one per fuzzing process (libFuzzer -jobs/-workers run several).
inline const std::string& scratch_dir() {
  static const std::string dir = [] {
    const char* t = std::getenv("TMPDIR");
    std::string d = std::string(t && *t ? t : "/tmp") + "/rimscan-fuzz-" + std::to_string(getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline void write_file(const std::string& path, const uint8_t* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) {
    std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
    std::abort();
  }
}

// Images up to this many voxels are read in full: enough for every seed, small enough that a
// header promising a large image is refused by the cap (as `--max-voxels` would) rather than
// hitting libFuzzer's memory limit. The cap itself is what is being exercised on those inputs.
constexpr int64_t kFuzzMaxVoxels = int64_t{1} << 22;

}  // namespace rimscan::fuzz
