// The ITK adapter: round trips keep geometry and voxels; real files decode to the geometry and
// intensities their raw headers state (decoded independently in raw_headers.h); bad inputs give
// the right ErrorCode with a one-line message naming the file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <atomic>
#include <random>
#include <thread>

#include "common/test_data.h"
#include "io/io_test_util.h"
#include "io/raw_headers.h"
#include "rimscan/io/image_io.h"

namespace fs = std::filesystem;

namespace rimscan::test {
namespace {

// A rotation of ~23 degrees about a skew axis: an oblique acquisition.
Mat3 oblique_direction() {
  double ax[3] = {0.3, -0.5, 0.81};
  double n = std::sqrt(ax[0] * ax[0] + ax[1] * ax[1] + ax[2] * ax[2]);
  for (double& v : ax) v /= n;
  double t = 0.4, c = std::cos(t), s = std::sin(t), C = 1 - c;
  double x = ax[0], y = ax[1], z = ax[2];
  return {c + x * x * C,     x * y * C - z * s, x * z * C + y * s,
          y * x * C + z * s, c + y * y * C,     y * z * C - x * s,
          z * x * C - y * s, z * y * C + x * s, c + z * z * C};
}

Geometry oblique_geometry() {
  Geometry g = Geometry::make({7, 5, 3}, {0.7, 1.3, 3.1}, {-12.5, 30.25, 7.125});
  g.direction = oblique_direction();
  return g;
}

// Largest absolute difference of spacing, origin and direction entries.
double geometry_max_diff(const Geometry& a, const Geometry& b) {
  GeometryDifference d = compare_geometry(a, b);
  return std::max({d.max_spacing_diff_mm, d.max_origin_diff_mm, d.max_direction_diff});
}

// NIfTI stores the transform as float32 (qform quaternion, sform rows): the round trip is exact
// to float32 precision (~1e-7 relative), so 1e-5 on values of order 100 mm. NRRD and MetaImage
// store decimal text with 17 significant digits: MetaImage round-trips exactly, NRRD to 1e-12.
double geometry_tolerance(const std::string& ext) {
  if (ext == ".nii" || ext == ".nii.gz") return 1e-5;
  // NRRD stores spacing x direction as 17-digit decimals; normalising back may change the
  // last bit.
  if (ext == ".nrrd") return 1e-12;
  return 0.0;
}

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, FloatObliqueAnisotropicKeepsGeometryAndBits) {
  const std::string ext = GetParam();
  std::string dir = make_temp_dir("io_rt");
  ImageF img(oblique_geometry());
  std::mt19937 rng(7);
  std::normal_distribution<float> nd(100.f, 40.f);
  for (float& v : img.voxels) v = nd(rng);
  img.voxels[3] = -0.0f;
  img.voxels[4] = 1e-30f;
  img.voxels[5] = std::numeric_limits<float>::quiet_NaN();  // NaN is data, not an I/O error
  const std::string path = dir + "/float" + ext;
  io::write_image(img, path);

  ImageF back = io::read_image(path);
  EXPECT_EQ(back.geom.size, img.geom.size);
  EXPECT_LE(geometry_max_diff(back.geom, img.geom), geometry_tolerance(ext))
      << back.geom.describe() << " vs " << img.geom.describe();
  ASSERT_EQ(back.voxels.size(), img.voxels.size());
  for (size_t i = 0; i < img.voxels.size(); ++i) {
    uint32_t a, b;
    std::memcpy(&a, &img.voxels[i], 4);
    std::memcpy(&b, &back.voxels[i], 4);
    ASSERT_EQ(a, b) << "voxel " << i << ": wrote " << img.voxels[i] << ", read " << back.voxels[i];
  }

  io::ImageHeader h = io::read_header(path);
  EXPECT_EQ(h.component_type, "float32");
  EXPECT_EQ(h.components, 1);
  EXPECT_EQ(h.geom.size, img.geom.size);
  EXPECT_EQ(h.rescale_slope, 1.0);
  // Only the final file remains: the temporary sibling was renamed into place.
  int files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);
  fs::remove_all(dir);
}

TEST_P(RoundTrip, LabelMapsKeepValuesAndType) {
  const std::string ext = GetParam();
  std::string dir = make_temp_dir("io_rtl");
  Geometry g = oblique_geometry();
  ImageU8 u8(g);
  ImageI32 i32(g);
  for (int64_t n = 0; n < g.num_voxels(); ++n) {
    u8.voxels[n] = static_cast<uint8_t>((n * 37) % 256);
    i32.voxels[n] = static_cast<int32_t>((n % 2 ? -1 : 1) * n * 9973 * 1001);
  }
  i32.voxels[0] = std::numeric_limits<int32_t>::max();
  i32.voxels[1] = std::numeric_limits<int32_t>::min();
  io::write_labels(u8, dir + "/u8" + ext);
  io::write_labels(i32, dir + "/i32" + ext);

  ImageI32 u8back = io::read_labels(dir + "/u8" + ext);
  ImageI32 i32back = io::read_labels(dir + "/i32" + ext);
  EXPECT_EQ(io::read_header(dir + "/u8" + ext).component_type, "uint8");
  EXPECT_EQ(io::read_header(dir + "/i32" + ext).component_type, "int32");
  EXPECT_LE(geometry_max_diff(u8back.geom, g), geometry_tolerance(ext));
  EXPECT_LE(geometry_max_diff(i32back.geom, g), geometry_tolerance(ext));
  for (int64_t n = 0; n < g.num_voxels(); ++n) {
    ASSERT_EQ(u8back.voxels[n], u8.voxels[n]) << n;
    ASSERT_EQ(i32back.voxels[n], i32.voxels[n]) << n;
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip, ::testing::Values(".nii", ".nii.gz", ".nrrd", ".mha"),
                         [](const auto& info) {
                           std::string s = info.param.substr(1);
                           for (char& c : s) c = c == '.' ? '_' : c;
                           return s;
                         });

TEST(ImageIoWrite, NiftiLabelsCarryTheSameQformAndSform) {
  std::string dir = make_temp_dir("io_qs");
  Geometry g = oblique_geometry();
  ImageU8 lab(g, 1);
  io::write_labels(lab, dir + "/lab.nii.gz");
  ImageI32 lab32(g, 2);
  io::write_labels(lab32, dir + "/lab32.nii");
  for (auto [name, datatype] : {std::pair<std::string, int>{"/lab.nii.gz", 2}, {"/lab32.nii", 8}}) {
    Nifti1 h = parse_nifti1(read_all_bytes(dir + name));
    EXPECT_EQ(h.datatype, datatype) << name;  // 2 = uint8, 8 = int32 (nifti1.h)
    EXPECT_GT(h.qform_code, 0) << name;
    EXPECT_GT(h.sform_code, 0) << name;
    for (const AffineLps& a : {qform_lps(h), sform_lps(h)}) {
      for (int e = 0; e < 9; ++e) EXPECT_NEAR(a.direction[e], g.direction[e], 1e-6) << name;
      for (int c = 0; c < 3; ++c) {
        EXPECT_NEAR(a.origin[c], g.origin[c], 1e-5) << name;
        EXPECT_NEAR(a.spacing[c], g.spacing[c], 1e-6) << name;
      }
    }
  }
  fs::remove_all(dir);
}

TEST(ImageIoWrite, OverwritesAtomicallyAndRefusesBadTargets) {
  std::string dir = make_temp_dir("io_w");
  ImageF a(Geometry::make({3, 2, 2}), 1.f), b(Geometry::make({4, 4, 1}), 2.f);
  io::write_image(a, dir + "/x.nii.gz");
  io::write_image(b, dir + "/x.nii.gz");
  ImageF back = io::read_image(dir + "/x.nii.gz");
  EXPECT_EQ(back.geom.size, (Size3{4, 4, 1}));
  EXPECT_EQ(back.voxels[0], 2.f);
  EXPECT_TRUE(fails_with([&] { io::write_image(a, dir + "/missing_dir/x.nii.gz"); }, ErrorCode::kOutput,
                         "missing_dir/x.nii.gz"));
  EXPECT_TRUE(fails_with([&] { io::write_image(a, dir + "/x.png"); }, ErrorCode::kUsage, "x.png"));
  int files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);  // no temporary left behind by the failures
  fs::remove_all(dir);
}

// pyradiomics brain1: NRRD in LPS with a flipped y axis; compare with the header text.
TEST(ImageIoRealData, Brain1NrrdGeometryMatchesHeaderText) {
  const std::string path = data_path("pyradiomics/brain1_image.nrrd");
  std::array<double, 3> origin{};
  std::vector<std::array<double, 3>> dirs;
  std::string space, sizes, type;
  for (auto& [k, v] : nrrd_fields(path)) {
    if (k == "space directions") dirs = nrrd_vectors(v);
    if (k == "space origin") origin = nrrd_vectors(v).at(0);
    if (k == "space") space = v;
    if (k == "sizes") sizes = v;
    if (k == "type") type = v;
  }
  ASSERT_EQ(space, "left-posterior-superior");
  ASSERT_EQ(dirs.size(), 3u);
  io::ImageHeader h = io::read_header(path);
  EXPECT_EQ(h.format, "nrrd");
  EXPECT_EQ(type, "short");
  EXPECT_EQ(h.component_type, "int16");
  EXPECT_EQ(sizes, "256 256 25");
  EXPECT_EQ(h.geom.size, (Size3{256, 256, 25}));
  for (int c = 0; c < 3; ++c) {
    double n = std::sqrt(dirs[c][0] * dirs[c][0] + dirs[c][1] * dirs[c][1] + dirs[c][2] * dirs[c][2]);
    EXPECT_NEAR(h.geom.spacing[c], n, 1e-12);
    EXPECT_NEAR(h.geom.origin[c], origin[c], 1e-12);
    for (int r = 0; r < 3; ++r) EXPECT_NEAR(h.geom.direction[r * 3 + c], dirs[c][r] / n, 1e-12);
  }
  EXPECT_NEAR(h.geom.spacing[0], 0.78125, 1e-9);
  EXPECT_NEAR(h.geom.spacing[2], 6.5, 1e-9);
  EXPECT_EQ(h.geom.orientation_code(), "LAS");
  ImageF img = io::read_image(path);
  EXPECT_EQ(compare_geometry(img.geom, h.geom).max_corner_diff_mm, 0.0);
  // The brain is there: a bright-ish centre, integer-valued intensities.
  double sum = 0;
  for (float v : img.voxels) {
    ASSERT_EQ(v, std::floor(v));
    sum += v;
  }
  EXPECT_GT(sum / img.num_voxels(), 10.0);
}

// UPENN-GBM: orientation only in the qform (sform_code 0); the geometry must be the qform's.
TEST(ImageIoRealData, UpennQformOnlyGeometryFollowsQuaternion) {
  const std::string path = data_path("tumour/upenn-gbm/UPENN-GBM-00002_11/UPENN-GBM-00002_11_T1GD.nii.gz");
  Nifti1 raw = parse_nifti1(read_all_bytes(path));
  ASSERT_EQ(raw.sform_code, 0);
  ASSERT_GT(raw.qform_code, 0);
  AffineLps q = qform_lps(raw);
  io::ImageHeader h = io::read_header(path);
  EXPECT_EQ(h.geom.size, (Size3{raw.dim[1], raw.dim[2], raw.dim[3]}));
  EXPECT_EQ(h.geom.size, (Size3{240, 240, 155}));
  for (int e = 0; e < 9; ++e) EXPECT_NEAR(h.geom.direction[e], q.direction[e], 1e-6) << e;
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(h.geom.origin[c], q.origin[c], 1e-4) << c;
    EXPECT_NEAR(h.geom.spacing[c], q.spacing[c], 1e-6) << c;
  }
  ImageF img = io::read_image(path);
  EXPECT_EQ(img.geom.size, h.geom.size);
}

// MR_Gd: uint8 voxels with scl_slope 6.48 -> the float image carries stored * slope + inter.
TEST(ImageIoRealData, MrGdAppliesSclSlope) {
  const std::string path = data_path("normal/MR_Gd.nii.gz");
  const std::string bytes = read_all_bytes(path);
  Nifti1 raw = parse_nifti1(bytes);
  ASSERT_EQ(raw.datatype, 2);  // uint8
  ASSERT_NEAR(raw.scl_slope, 6.48, 0.01);  // README: "scl_slope 6.48"
  io::ImageHeader h = io::read_header(path);
  EXPECT_EQ(h.component_type, "uint8");
  EXPECT_EQ(h.rescale_slope, double(raw.scl_slope));
  EXPECT_NEAR(h.rescale_intercept, raw.scl_inter, 1e-6);
  ImageF img = io::read_image(path);
  const int64_t n = img.num_voxels();
  ASSERT_EQ(n, int64_t{raw.dim[1]} * raw.dim[2] * raw.dim[3]);
  const size_t off = static_cast<size_t>(raw.vox_offset);
  ASSERT_EQ(bytes.size(), off + static_cast<size_t>(n));
  float vmax = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double want = static_cast<unsigned char>(bytes[off + i]) * double(raw.scl_slope) + raw.scl_inter;
    ASSERT_NEAR(img.voxels[i], want, 1e-5 * std::max(1.0, std::fabs(want))) << "voxel " << i;
    vmax = std::max(vmax, img.voxels[i]);
  }
  EXPECT_GT(vmax, 255.f);  // the slope was applied, not just the uint8 values
}

// Batch reads cases in parallel: concurrent reads of NIfTI (whose ITK 5.2 header reader has a
// function-static string) and NRRD (teem's global error state) give each thread its own,
// correct image, including when some of the reads fail.
TEST(ImageIoConcurrency, ParallelReadsOfManyFilesAgree) {
  std::string dir = make_temp_dir("io_par");
  std::vector<std::string> paths;
  std::vector<ImageF> truth;
  for (int f = 0; f < 6; ++f) {
    ImageF img(Geometry::make({9 + f, 7, 5}, {1.0 + f, 1.0, 2.0}));
    for (size_t i = 0; i < img.voxels.size(); ++i) img.voxels[i] = float(i * (f + 1));
    const std::string ext = f % 3 == 0 ? ".nii.gz" : f % 3 == 1 ? ".nrrd" : ".nii";
    paths.push_back(dir + "/f" + std::to_string(f) + ext);
    io::write_image(img, paths.back());
    truth.push_back(img);
  }
  const std::string bad = dir + "/bad.nrrd";
  write_raw_file(bad, "NRRD0004\ntype: float\ndimension: 3\nsizes: 4 0 3\nencoding: raw\n\n");
  std::atomic<int> wrong{0}, errors_ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int it = 0; it < 30; ++it) {
        const int f = (t + it) % 6;
        ImageF img = io::read_image(paths[f]);
        if (img.voxels != truth[f].voxels || img.geom.size != truth[f].geom.size) ++wrong;
        try {
          io::read_image(bad);
        } catch (const Error& e) {
          if (e.code() == ErrorCode::kInputInvalid) ++errors_ok;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(errors_ok.load(), 8 * 30);
  fs::remove_all(dir);
}

// ---- errors ------------------------------------------------------------------------------

class ImageIoErrors : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("io_err"); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ImageIoErrors, MissingFile) {
  const std::string p = dir_ + "/nope.nii.gz";
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputMissing, p));
  EXPECT_TRUE(fails_with([&] { io::read_header(p); }, ErrorCode::kInputMissing, p));
  EXPECT_TRUE(fails_with([&] { io::read_labels(p); }, ErrorCode::kInputMissing, p));
}

TEST_F(ImageIoErrors, TruncatedGzipNifti) {
  const std::string src = data_path("tumour/upenn-gbm/UPENN-GBM-00002_11/UPENN-GBM-00002_11_T1GD.nii.gz");
  const std::string all = read_raw_file(src);
  const std::string p = dir_ + "/trunc.nii.gz";
  write_raw_file(p, all.substr(0, all.size() * 6 / 10));
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputCorrupt, p));
  EXPECT_TRUE(fails_with([&] { io::read_labels(p); }, ErrorCode::kInputCorrupt, p));
  // Cut inside the header: not even the header can be read.
  const std::string p2 = dir_ + "/trunc_header.nii.gz";
  write_raw_file(p2, all.substr(0, 100));
  EXPECT_TRUE(fails_with([&] { io::read_header(p2); }, ErrorCode::kInputCorrupt, p2));
}

TEST_F(ImageIoErrors, TruncatedNrrdAndMetaImage) {
  ImageF img(Geometry::make({32, 32, 8}));
  std::mt19937 rng(5);
  for (float& v : img.voxels) v = static_cast<float>(rng() % 1000);
  for (std::string ext : {".nrrd", ".mha", ".nii"}) {
    const std::string whole = dir_ + "/whole" + ext, cut = dir_ + "/cut" + ext;
    io::write_image(img, whole);
    const std::string all = read_raw_file(whole);
    write_raw_file(cut, all.substr(0, all.size() * 7 / 10));
    EXPECT_TRUE(fails_with([&] { io::read_image(cut); }, ErrorCode::kInputCorrupt, cut)) << ext;
  }
}

TEST_F(ImageIoErrors, TruncatedUncompressedNifti) {
  std::string bytes = make_nifti1({16, 16, 8}, 16, 32);  // float32
  const std::string p = dir_ + "/short.nii";
  write_raw_file(p, bytes.substr(0, bytes.size() - 100));
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputCorrupt, p));
}

TEST_F(ImageIoErrors, GarbageWithNiftiExtension) {
  const std::string p = dir_ + "/garbage.nii";
  std::string junk(4096, '\0');
  std::mt19937 rng(3);
  for (char& c : junk) c = static_cast<char>(rng());
  write_raw_file(p, junk);
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputCorrupt, p));
  const std::string empty = dir_ + "/empty.nii.gz";
  write_raw_file(empty, "");
  EXPECT_TRUE(fails_with([&] { io::read_image(empty); }, ErrorCode::kInputCorrupt, empty));
  const std::string unknown = dir_ + "/notes.txt";
  write_raw_file(unknown, "hello\n");
  EXPECT_TRUE(fails_with([&] { io::read_image(unknown); }, ErrorCode::kInputUnsupported, unknown));
}

TEST_F(ImageIoErrors, FourDimensionalImage) {
  const std::string p = dir_ + "/dwi.nii";
  write_raw_file(p, make_nifti1({4, 3, 2, 5}, 4, 16));  // int16, 5 volumes
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputUnsupported, p));
  EXPECT_TRUE(fails_with([&] { io::read_header(p); }, ErrorCode::kInputUnsupported, p));
  // A 4th dimension of one is a 3D volume.
  const std::string p1 = dir_ + "/one.nii";
  write_raw_file(p1, make_nifti1({4, 3, 2, 1}, 4, 16));
  ImageF img = io::read_image(p1);
  EXPECT_EQ(img.geom.size, (Size3{4, 3, 2}));
}

TEST_F(ImageIoErrors, VectorImage) {
  const std::string p = dir_ + "/vec.nii.gz";
  // NIFTI_INTENT_VECTOR (1007) with 3 components in dim[5].
  write_gz_file(p, make_nifti1({4, 3, 2, 1, 3}, 16, 32, 1007));
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputUnsupported, p));
  EXPECT_TRUE(fails_with([&] { io::read_labels(p); }, ErrorCode::kInputUnsupported, p));
  // An RGB MetaImage.
  const std::string m = dir_ + "/rgb.mha";
  write_raw_file(m, "ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementNumberOfChannels = 3\n"
                    "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n" + std::string(24, 'x'));
  EXPECT_TRUE(fails_with([&] { io::read_image(m); }, ErrorCode::kInputUnsupported, m));
}

TEST_F(ImageIoErrors, ZeroSizedDimension) {
  const std::string p = dir_ + "/zero.nrrd";
  write_raw_file(p, "NRRD0004\ntype: float\ndimension: 3\nsizes: 4 0 3\nencoding: raw\nendian: little\n\n");
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kInputInvalid, p));
  const std::string m = dir_ + "/zero.mha";
  write_raw_file(m, "ObjectType = Image\nNDims = 3\nDimSize = 4 0 3\nElementType = MET_FLOAT\n"
                    "ElementDataFile = LOCAL\n");
  EXPECT_TRUE(fails_with([&] { io::read_image(m); }, ErrorCode::kInputInvalid, m));
  const std::string n = dir_ + "/zero.nii";
  write_raw_file(n, make_nifti1({4, 0, 3}, 16, 32));
  EXPECT_TRUE(fails_with([&] { io::read_image(n); }, ErrorCode::kInputInvalid, n));
}

TEST_F(ImageIoErrors, VoxelCapCheckedBeforeAllocation) {
  // A header claiming 30000^3 voxels over an empty payload: refused from the header alone.
  const std::string p = dir_ + "/huge.nii";
  std::string h = make_nifti1({1, 1, 1}, 16, 32);
  put_le<int16_t>(h, 42, 30000);
  put_le<int16_t>(h, 44, 30000);
  put_le<int16_t>(h, 46, 30000);
  write_raw_file(p, h);
  EXPECT_TRUE(fails_with([&] { io::read_image(p); }, ErrorCode::kTooLarge, p));
  const std::string small = dir_ + "/small.nii";
  write_raw_file(small, make_nifti1({4, 3, 2}, 16, 32));
  io::ReadOptions opt;
  opt.max_voxels = 23;
  EXPECT_TRUE(fails_with([&] { io::read_image(small, opt); }, ErrorCode::kTooLarge, small));
  opt.max_voxels = 24;
  EXPECT_EQ(io::read_image(small, opt).num_voxels(), 24);
}

TEST_F(ImageIoErrors, InvalidGeometry) {
  const std::string zero = dir_ + "/zerospacing.mha";
  write_raw_file(zero, "ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementSpacing = 1 0 1\n"
                       "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n" + std::string(8, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_image(zero); }, ErrorCode::kInputInvalid, zero));
  const std::string skew = dir_ + "/skew.nrrd";
  write_raw_file(skew, "NRRD0004\ntype: uint8\ndimension: 3\nspace: left-posterior-superior\n"
                       "sizes: 2 2 2\nspace directions: (1,0,0) (1,1,0) (0,0,1)\nencoding: raw\n\n" +
                           std::string(8, '\0'));
  EXPECT_TRUE(fails_with([&] { io::read_image(skew); }, ErrorCode::kInputInvalid, skew));
}

TEST_F(ImageIoErrors, TwoDimensionalImageIsOneSlice) {
  const std::string p = dir_ + "/slice.nii";
  std::string b = make_nifti1({5, 4}, 4, 16);
  put_le<int16_t>(b, 352 + 2 * 7, 42);  // voxel (2,1)
  write_raw_file(p, b);
  ImageF img = io::read_image(p);
  EXPECT_EQ(img.geom.size, (Size3{5, 4, 1}));
  EXPECT_EQ(img.at(2, 1, 0), 42.f);
}

TEST_F(ImageIoErrors, LabelsMustBeIntegers) {
  const std::string p = dir_ + "/prob.nii.gz";
  ImageF prob(Geometry::make({3, 3, 3}), 1.0f);
  prob.at(1, 2, 0) = 0.5f;
  io::write_image(prob, p);
  EXPECT_TRUE(fails_with([&] { io::read_labels(p); }, ErrorCode::kInputInvalid, p));
}

}  // namespace
}  // namespace rimscan::test
