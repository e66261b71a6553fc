// Hostile image headers through the I/O adapter (docs/reliability.md): sizes far beyond any
// scanner, voxel sizes a library would silently replace, header and payload sizes that
// disagree. Each must be refused from the header, before the voxel buffer is allocated, with the
// documented ErrorCode and a one-line message naming the file. The end-to-end counterpart (exit
// codes, no output left) is tests/cli/hostile_inputs.sh.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "common/test_data.h"
#include "io/io_test_util.h"
#include "io/raw_headers.h"
#include "rimscan/io/image_io.h"

namespace fs = std::filesystem;

namespace rimscan::test {
namespace {

class HostileImages : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("io_hostile"); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

// 100000^3 voxels (4e15 bytes as float) can only be refused by the cap: reaching an allocation
// would fail (bad_alloc, "out of memory") or take the machine's memory, never kTooLarge.
TEST_F(HostileImages, HundredThousandCubedIsRefusedByTheCap) {
  const std::string nrrd = dir_ + "/huge.nrrd";
  write_raw_file(nrrd, "NRRD0004\ntype: float\ndimension: 3\nsizes: 100000 100000 100000\n"
                       "encoding: raw\nendian: little\n\n" + std::string(64, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_header(nrrd); }, ErrorCode::kTooLarge, nrrd));
  EXPECT_TRUE(fails_with([&] { io::read_image(nrrd); }, ErrorCode::kTooLarge, nrrd));
  EXPECT_TRUE(fails_with([&] { io::read_labels(nrrd); }, ErrorCode::kTooLarge, nrrd));
  const std::string mha = dir_ + "/huge.mha";
  write_raw_file(mha, "ObjectType = Image\nNDims = 3\nDimSize = 100000 100000 100000\n"
                      "ElementType = MET_FLOAT\nElementDataFile = LOCAL\n" + std::string(64, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_image(mha); }, ErrorCode::kTooLarge, mha));
  // NIfTI-1 stores sizes as int16: 32767^3 is its largest volume.
  const std::string nii = dir_ + "/huge.nii";
  std::string h = make_nifti1({1, 1, 1}, 16, 32);
  for (int d = 0; d < 3; ++d) put_le<int16_t>(h, 42 + 2 * d, 32767);
  write_raw_file(nii, h);
  EXPECT_TRUE(fails_with([&] { io::read_image(nii); }, ErrorCode::kTooLarge, nii));
}

// Sizes whose product overflows 64 bits must not wrap round to a small number under the cap.
TEST_F(HostileImages, SizesWhoseProductOverflowsAreRefused) {
  const std::string nrrd = dir_ + "/overflow.nrrd";
  write_raw_file(nrrd, "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4294967296 4294967296 16\n"
                       "encoding: raw\n\n" + std::string(16, '\0'));
  try {
    io::read_image(nrrd);
    ADD_FAILURE() << "an image with 2^68 voxels was read";
  } catch (const Error& e) {
    EXPECT_TRUE(e.code() == ErrorCode::kTooLarge || e.code() == ErrorCode::kInputCorrupt) << e.what();
    EXPECT_NE(std::string(e.what()).find(nrrd), std::string::npos) << e.what();
  }
}

// The cap is the caller's (--max-voxels): one voxel over it is refused, at it is read.
TEST_F(HostileImages, CapIsConfigurable) {
  const std::string p = dir_ + "/small.nrrd";
  write_raw_file(p, "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4 4 4\nencoding: raw\n\n" + std::string(64, '\1'));
  io::ReadOptions opt;
  opt.max_voxels = 63;
  EXPECT_TRUE(fails_with([&] { io::read_image(p, opt); }, ErrorCode::kTooLarge, p));
  opt.max_voxels = 64;
  EXPECT_EQ(io::read_image(p, opt).num_voxels(), 64);
  opt.max_voxels = 0;  // no cap
  EXPECT_EQ(io::read_image(p, opt).num_voxels(), 64);
}

// niftilib turns a zero or NaN pixdim into 1 mm whatever the sform says; the adapter refuses it.
TEST_F(HostileImages, ZeroOrNanNiftiVoxelSizeIsRefused) {
  for (float bad : {0.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    for (int axis = 0; axis < 3; ++axis) {
      const std::string p = dir_ + "/spacing" + std::to_string(axis) + ".nii";
      std::string b = make_nifti1({4, 4, 4}, 16, 32);
      put_le<float>(b, 80 + 4 * axis, bad);
      write_raw_file(p, b);
      EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputInvalid, p)) << axis << " " << bad;
      EXPECT_TRUE(fails_with([&] { io::read_header(p); }, ErrorCode::kInputInvalid, "spacing along axis " + std::to_string(axis)));
    }
  }
  // Negative voxel sizes reach the geometry check.
  const std::string neg = dir_ + "/negative.nii";
  std::string b = make_nifti1({4, 4, 4}, 16, 32);
  put_le<float>(b, 84, -2.0f);
  write_raw_file(neg, b);
  EXPECT_TRUE(fails_with([&] { io::read_image(neg); }, ErrorCode::kInputInvalid, neg));
  // pixdim of an axis the image does not have is not a spacing: a 2D image with pixdim[3] = 0.
  const std::string flat = dir_ + "/flat.nii";
  std::string f = make_nifti1({4, 4}, 16, 32);
  put_le<float>(f, 88, 0.0f);
  write_raw_file(flat, f);
  EXPECT_EQ(io::read_image(flat).num_voxels(), 16);
}

// A header promising more voxels than the file holds, for every format (a longer payload is
// accepted: trailing bytes are what some writers pad with).
TEST_F(HostileImages, PayloadShorterThanTheHeaderIsCorrupt) {
  const std::string nii = dir_ + "/short.nii.gz";
  std::string b = make_nifti1({8, 8, 8}, 4, 16);
  write_gz_file(nii, b.substr(0, b.size() - 2));
  EXPECT_TRUE(fails_with([&] { io::read_image(nii); }, ErrorCode::kInputCorrupt, nii));
  EXPECT_TRUE(fails_with([&] { io::read_labels(nii); }, ErrorCode::kInputCorrupt, nii));
  const std::string mha = dir_ + "/short.mha";
  write_raw_file(mha, "ObjectType = Image\nNDims = 3\nDimSize = 8 8 8\nElementType = MET_SHORT\n"
                      "ElementDataFile = LOCAL\n" + std::string(1000, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_image(mha); }, ErrorCode::kInputCorrupt, mha));
  const std::string nrrd = dir_ + "/short.nrrd";
  write_raw_file(nrrd, "NRRD0004\ntype: short\ndimension: 3\nsizes: 8 8 8\nencoding: raw\nendian: little\n\n" +
                           std::string(1000, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_image(nrrd); }, ErrorCode::kInputCorrupt, nrrd));
  const std::string longer = dir_ + "/long.nii";
  write_raw_file(longer, make_nifti1({8, 8, 8}, 4, 16) + std::string(100, '\7'));
  EXPECT_EQ(io::read_image(longer).num_voxels(), 512);
}

// Under the cap but far beyond the file: 10^9 float voxels (4 GB) promised by a 1 kB raw NRRD
// are refused from the file size, before the adapter allocates the image. (teem would refuse it
// too, but after the 4 GB buffer was allocated; its message is "cannot read the voxels".)
TEST_F(HostileImages, RawNrrdPromisingMoreThanTheFileIsRefusedBeforeAllocating) {
  const std::string p = dir_ + "/billion.nrrd";
  write_raw_file(p, "NRRD0004\ntype: float\ndimension: 3\nsizes: 1000 1000 1000\nencoding: raw\n"
                    "endian: little\n\n" + std::string(1000, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputCorrupt, p + ": truncated: 1000 bytes"));
  // A detached header whose data file is short, or missing.
  const std::string nhdr = dir_ + "/detached.nhdr";
  write_raw_file(nhdr, "NRRD0004\ntype: short\ndimension: 3\nsizes: 100 100 100\nencoding: raw\n"
                       "endian: little\ndata file: detached.raw\n\n");
  write_raw_file(dir_ + "/detached.raw", std::string(5000, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_image(nhdr); }, ErrorCode::kInputCorrupt, nhdr + ": truncated"));
  fs::remove(dir_ + "/detached.raw");
  try {
    io::read_image(nhdr);
    ADD_FAILURE() << "read a detached header without its data file";
  } catch (const Error& e) {
    EXPECT_TRUE(e.code() == ErrorCode::kInputMissing || e.code() == ErrorCode::kInputCorrupt) << e.what();
    EXPECT_NE(std::string(e.what()).find(nhdr), std::string::npos) << e.what();
  }
  // The same header with the whole payload is read.
  write_raw_file(dir_ + "/detached.raw", std::string(2000000, '\0'));
  EXPECT_EQ(io::read_image(nhdr).num_voxels(), 1000000);
}

// A gzip NRRD whose stream is cut, damaged, or not gzip at all: refused by the adapter's own
// inflate pass, before teem reads (teem leaks its reader on a failed gzip read in ITK 5.2; the
// fuzzer found it, fuzz_image_read under LeakSanitizer).
TEST_F(HostileImages, DamagedGzipNrrdIsRefusedBeforeTeemReads) {
  const std::string head = "NRRD0004\ntype: short\ndimension: 3\nsizes: 16 16 8\nencoding: gzip\nendian: little\n\n";
  // A real gzip stream of the 4096-byte payload, made by the adapter's own writer's library.
  const std::string whole_path = dir_ + "/payload.gz";
  write_gz_file(whole_path, std::string(4096, '\3'));
  const std::string gz = read_raw_file(whole_path);
  const std::string good = dir_ + "/good.nrrd";
  write_raw_file(good, head + gz);
  EXPECT_EQ(io::read_image(good).at(3, 4, 5), float(0x0303));
  const std::string cut = dir_ + "/cut.nrrd";
  write_raw_file(cut, head + gz.substr(0, gz.size() / 2));
  EXPECT_TRUE(fails_with([&] { io::read_image(cut); }, ErrorCode::kInputCorrupt, cut));
  std::string flipped = gz;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5a);
  flipped[flipped.size() - 6] = static_cast<char>(flipped[flipped.size() - 6] ^ 0x5a);  // CRC
  const std::string bad = dir_ + "/bad.nrrd";
  write_raw_file(bad, head + flipped);
  EXPECT_TRUE(fails_with([&] { io::read_image(bad); }, ErrorCode::kInputCorrupt, bad));
  const std::string plain = dir_ + "/plain.nrrd";
  write_raw_file(plain, head + std::string(4096, '\3'));
  EXPECT_TRUE(fails_with([&] { io::read_image(plain); }, ErrorCode::kInputCorrupt, plain));
  const std::string small = dir_ + "/small.nrrd";  // a complete stream of too few voxels
  write_gz_file(whole_path, std::string(100, '\3'));
  write_raw_file(small, head + read_raw_file(whole_path));
  EXPECT_TRUE(fails_with([&] { io::read_image(small); }, ErrorCode::kInputCorrupt, small + ": truncated: 100 bytes"));
}

// NaN and Inf voxels are returned as stored (the pipeline refuses them, naming the voxel), even
// where ITK's niftilib would have zeroed them.
TEST_F(HostileImages, NonFiniteVoxelsAreKeptForThePipelineToRefuse) {
  const std::string p = dir_ + "/nan.nii.gz";
  std::string b = make_nifti1({4, 4, 4}, 16, 32);
  put_le<float>(b, 352 + 4 * 5, std::numeric_limits<float>::quiet_NaN());
  put_le<float>(b, 352 + 4 * 9, -std::numeric_limits<float>::infinity());
  write_gz_file(p, b);
  ImageF img = io::read_image(p);
  EXPECT_TRUE(std::isnan(img.voxels[5]));
  EXPECT_TRUE(std::isinf(img.voxels[9]) && img.voxels[9] < 0);
  EXPECT_TRUE(fails_with([&] { require_finite(img, p); }, ErrorCode::kInputInvalid, p));
  EXPECT_TRUE(fails_with([&] { io::read_labels(p); }, ErrorCode::kInputInvalid, p));
}

}  // namespace
}  // namespace rimscan::test
