// Inputs the fuzzers found (tests/fuzz_regressions/<target>/, small synthetic reproducers; see
// docs/reliability.md), replayed through the same calls as the fuzz harnesses in every build,
// not only the clang fuzzing build: each must end in a rimscan::Error naming the input, never in
// an abort (GDCM's assertions), a crash or (under the sanitizer build) a leak.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "common/test_data.h"
#include "io/io_test_util.h"
#include "io/raw_headers.h"
#include "rimscan/io/image_io.h"

namespace fs = std::filesystem;

namespace rimscan::test {
namespace {

std::vector<fs::path> regression_files(const std::string& target) {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(RIMSCAN_SOURCE_DIR) / "tests" / "fuzz_regressions" / target;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

class FuzzRegressions : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("fuzz_regressions"); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

// A DICOM file truncated inside or right after its File Meta Information made GDCM abort the
// process (assert in gdcm::ReadExplicitDataElement): now refused before GDCM reads it, whether
// the file is alone, among the slices of a real series, or probed by content.
TEST_F(FuzzRegressions, DamagedDicomMetaHeadersAreRefusedNotFatal) {
  const auto files = regression_files("fuzz_dicom_series");
  ASSERT_GE(files.size(), 2u);
  for (const fs::path& f : files) {
    const std::string series = dir_ + "/" + f.stem().string();
    fs::create_directories(series);
    fs::copy_file(f, series + "/IM0001.dcm");
    EXPECT_TRUE(fails_with([&] { io::read_header(series); }, ErrorCode::kInputCorrupt, series)) << f;
    EXPECT_TRUE(fails_with([&] { io::read_image(series); }, ErrorCode::kInputCorrupt, "DICOM")) << f;
    EXPECT_TRUE(fails_with([&] { io::read_image(series + "/IM0001.dcm"); }, ErrorCode::kInputCorrupt, "")) << f;
    // Without a DICOM extension the format is probed by content: GDCM is not asked.
    const std::string noext = dir_ + "/" + f.stem().string() + ".bin";
    fs::copy_file(f, noext);
    try {
      io::read_image(noext);
      ADD_FAILURE() << noext << " was read";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(noext), std::string::npos) << e.what();
    }
  }
  // A real series with one slice cut to 150 bytes (a partial copy): refused, naming no file.
  const std::string real = data_path("dicom/dicom2nifti/tests/data/hitachi/anatomical/001");
  const std::string series = dir_ + "/hitachi";
  fs::create_directories(series);
  for (const auto& e : fs::directory_iterator(real)) fs::copy_file(e.path(), series + "/" + e.path().filename().string());
  EXPECT_EQ(io::read_image(series).geom.size[2], 4);
  const std::string whole = read_raw_file(series + "/004.dcm");
  write_raw_file(series + "/005.dcm", whole.substr(0, 150));
  EXPECT_TRUE(fails_with([&] { io::read_image(series); }, ErrorCode::kInputCorrupt, "file 5 of 5"));
}

// Image files: byte 0 picks the extension, as in fuzz/fuzz_image_read.cpp.
TEST_F(FuzzRegressions, ImageInputsEndInAnError) {
  const char* const kExtensions[] = {".nii", ".nii.gz", ".nrrd", ".mha", ".nhdr", ".mhd", ".dat"};
  const auto files = regression_files("fuzz_image_read");
  ASSERT_GE(files.size(), 1u);
  for (const fs::path& f : files) {
    const std::string bytes = read_raw_file(f.string());
    ASSERT_FALSE(bytes.empty()) << f;
    const std::string p = dir_ + "/input" + kExtensions[static_cast<unsigned char>(bytes[0]) % 7];
    write_raw_file(p, bytes.substr(1));
    for (int labels = 0; labels < 2; ++labels) {
      try {
        if (labels) io::read_labels(p); else io::read_image(p);
        ADD_FAILURE() << f << " was read";
      } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(p), std::string::npos) << f << ": " << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << f << ": " << msg;
        EXPECT_TRUE(e.code() == ErrorCode::kInputCorrupt || e.code() == ErrorCode::kInputMissing) << f << ": " << msg;
      }
    }
  }
}

// MetaImage data-file patterns ("name%d min max [step [dim]]") that MetaIO (ITK 5.2) steps
// through with unchecked integer division: a step of 0 (given, derived as (max - min) / slices,
// or a non-number read as 0) or a per-file dimension of 0 raised SIGFPE and killed the process
// (fuzz_image_read/meta_pattern_step_zero_fpe.bin). Refused before ITK, in one line.
TEST_F(FuzzRegressions, MetaImagePatternsThatDivideByZeroAreRefused) {
  const char* const kBad[] = {"x%d 1 3 0", "x%d 1 3", "x%d 1 3 1 0", "x%d 1 3 1 9", "x%d 1 3 abc", "x%d 5 1 1",
                              "x%d 1 3 1 2 7"};
  for (const char* pattern : kBad) {
    const std::string p = dir_ + "/pattern.mha";
    write_raw_file(p, std::string("ObjectType = Image\nNDims = 3\nBinaryData = True\nCompressedData = False\n"
                                  "DimSize = 6 5 3\nElementType = MET_SHORT\nElementDataFile = ") +
                          pattern + "\n");
    EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputCorrupt, "ElementDataFile pattern")) << pattern;
  }
  // A sane pattern whose files are missing: MetaIO would print to stderr and return zeros.
  const std::string p = dir_ + "/sane.mha";
  write_raw_file(p, "ObjectType = Image\nNDims = 3\nBinaryData = True\nCompressedData = False\n"
                    "DimSize = 6 5 3\nElementType = MET_SHORT\nElementDataFile = x%02d.raw 1 3 1\n");
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputMissing, "x01.raw"));
  // With its three slice files present it is read, slice by slice.
  for (int k = 1; k <= 3; ++k) {
    std::string raw(6 * 5 * 2, '\0');
    raw[0] = static_cast<char>(10 * k);  // voxel (0, 0, k-1), little-endian int16
    write_raw_file(dir_ + "/x0" + std::to_string(k) + ".raw", raw);
  }
  const auto img = io::read_image(p);
  ASSERT_EQ(img.geom.size[2], 3);
  EXPECT_EQ(img.at(0, 0, 0), 10.0f);
  EXPECT_EQ(img.at(0, 0, 2), 30.0f);
}

}  // namespace
}  // namespace rimscan::test
