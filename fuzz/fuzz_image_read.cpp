// libFuzzer target: image files through the I/O adapter (NIfTI .nii/.nii.gz, NRRD, MetaImage).
// Input: byte 0 picks the file extension (so one corpus covers every reader and the extension
// dispatch), the rest is the file. Every outcome must be an image or a rimscan::Error; anything
// else (a crash, a sanitizer report, another exception type escaping, a hang, memory beyond
// libFuzzer's limit) is a finding.
#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzz_util.h"
#include "rimscan/error.h"
#include "rimscan/io/image_io.h"

namespace {

const char* const kExtensions[] = {".nii", ".nii.gz", ".nrrd", ".mha", ".nhdr", ".mhd", ".dat"};
constexpr unsigned kNumExtensions = sizeof(kExtensions) / sizeof(kExtensions[0]);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rimscan;
  if (size < 1) return 0;
  const std::string path = fuzz::scratch_dir() + "/input" + kExtensions[data[0] % kNumExtensions];
  fuzz::write_file(path, data + 1, size - 1);
  io::ReadOptions opt;
  opt.max_voxels = fuzz::kFuzzMaxVoxels;
  try {
    io::read_header(path, opt);
  } catch (const Error&) {
  }
  try {
    ImageF img = io::read_image(path, opt);
    // The adapter promises a buffer that matches the geometry it reports.
    if (static_cast<int64_t>(img.voxels.size()) != img.geom.num_voxels()) __builtin_trap();
  } catch (const Error&) {
  }
  try {
    io::read_labels(path, opt);
  } catch (const Error&) {
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return 0;
}
