// The raw volume format that carries real cases to the GPU machine (tests/common/raw_volume.h):
// round trips keep values and geometry exactly; damaged or mistyped files are refused with the
// right error code.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include "common/kernel_volumes.h"
#include "common/raw_volume.h"
#include "common/test_data.h"

using namespace rimscan;

namespace {
Geometry odd_geometry() {
  Geometry g = Geometry::make({7, 5, 3}, {0.9, 1.1, 5.0}, {-12.5, 30.25, 7.0});
  g.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};  // RAS storage
  return g;
}

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;
}
}  // namespace

TEST(RawVolume, RoundTripsEveryTypeCompressedAndNot) {
  const std::string dir = test::make_temp_dir("raw_volume");
  ImageF f = test::random_image({7, 5, 3}, 3);
  f.geom = odd_geometry();
  f.voxels[4] = -0.0f;
  f.voxels[5] = 1e-38f;
  ImageU8 m = test::random_mask({7, 5, 3}, 0.4, 4);
  m.geom = odd_geometry();
  ImageI32 l(odd_geometry());
  for (size_t v = 0; v < l.voxels.size(); ++v) l.voxels[v] = static_cast<int32_t>(v * 7919 % 5) - 1;
  for (bool z : {true, false}) {
    test::write_raw_volume(dir + "/f.rsv", f, z);
    test::write_raw_volume(dir + "/m.rsv", m, z);
    test::write_raw_volume(dir + "/l.rsv", l, z);
    const ImageF f2 = test::read_raw_volume<float>(dir + "/f.rsv");
    const ImageU8 m2 = test::read_raw_volume<uint8_t>(dir + "/m.rsv");
    const ImageI32 l2 = test::read_raw_volume<int32_t>(dir + "/l.rsv");
    ASSERT_EQ(f2.voxels.size(), f.voxels.size());
    EXPECT_EQ(0, std::memcmp(f2.data(), f.data(), f.voxels.size() * sizeof(float)));  // bits, -0.0 included
    EXPECT_EQ(m2.voxels, m.voxels);
    EXPECT_EQ(l2.voxels, l.voxels);
    for (const Geometry* g : {&f2.geom, &m2.geom, &l2.geom}) {
      EXPECT_EQ(g->size, f.geom.size);
      EXPECT_EQ(g->spacing, f.geom.spacing);
      EXPECT_EQ(g->origin, f.geom.origin);
      EXPECT_EQ(g->direction, f.geom.direction);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(RawVolume, RefusesMissingMistypedAndDamagedFiles) {
  const std::string dir = test::make_temp_dir("raw_volume_bad");
  ImageF f = test::random_image({9, 8, 7}, 5);
  test::write_raw_volume(dir + "/f.rsv", f);
  EXPECT_EQ(code_of([&] { test::read_raw_volume<float>(dir + "/missing.rsv"); }), ErrorCode::kInputMissing);
  EXPECT_EQ(code_of([&] { test::read_raw_volume<uint8_t>(dir + "/f.rsv"); }), ErrorCode::kInputInvalid);
  const auto full = std::filesystem::file_size(dir + "/f.rsv");
  std::filesystem::copy_file(dir + "/f.rsv", dir + "/cut.rsv");
  std::filesystem::resize_file(dir + "/cut.rsv", full - 10);
  EXPECT_EQ(code_of([&] { test::read_raw_volume<float>(dir + "/cut.rsv"); }), ErrorCode::kInputCorrupt);
  {
    std::ofstream o(dir + "/junk.rsv", std::ios::binary);
    o << "RIMSCAN-RAW 1\n{\"size\":[9,8]}\n";
  }
  EXPECT_EQ(code_of([&] { test::read_raw_volume<float>(dir + "/junk.rsv"); }), ErrorCode::kInputCorrupt);
  {
    // Flip payload bytes: zlib's checksum catches it.
    std::fstream o(dir + "/f.rsv", std::ios::binary | std::ios::in | std::ios::out);
    o.seekp(static_cast<std::streamoff>(full - 40));
    o.write("\x13\x37\x13\x37\x13\x37", 6);
  }
  EXPECT_EQ(code_of([&] { test::read_raw_volume<float>(dir + "/f.rsv"); }), ErrorCode::kInputCorrupt);
  std::filesystem::remove_all(dir);
}
