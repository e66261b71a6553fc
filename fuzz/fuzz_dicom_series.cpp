// libFuzzer target: DICOM input. The input is one DICOM file, placed alone in a directory that
// is then read as a series (GDCM header scan, grid checks, series selection, GDCMImageIO pixel
// decoding), and also read as a single file. Every outcome must be an image or a
// rimscan::Error; anything else is a finding.
#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzz_util.h"
#include "rimscan/error.h"
#include "rimscan/io/image_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rimscan;
  const std::string dir = fuzz::scratch_dir() + "/series";
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/IM0001.dcm";
  fuzz::write_file(file, data, size);
  io::ReadOptions opt;
  opt.max_voxels = fuzz::kFuzzMaxVoxels;
  try {
    io::read_header(dir, opt);
  } catch (const Error&) {
  }
  try {
    ImageF img = io::read_image(dir, opt);
    if (static_cast<int64_t>(img.voxels.size()) != img.geom.num_voxels()) __builtin_trap();
  } catch (const Error&) {
  }
  try {
    io::read_image(file, opt);
  } catch (const Error&) {
  }
  std::error_code ec;
  std::filesystem::remove(file, ec);
  return 0;
}
