// Pixel decoding of real DICOM files against dcm2niix reference conversions:
//  - dcm_qa_ts: one Siemens EPI mosaic in nine transfer syntaxes (explicit/implicit little
//    endian, big endian, RLE, JPEG lossless, JPEG-LS, JPEG 2000): every file must decode to the
//    same pixels, and those must equal the reference NIfTI's voxels after demosaicing;
//  - dcm_qa_12bit: 12-bit data with stray high bits (unsigned, and signed with the sign in bit 11).
// Mosaics are refused as series (rimscan reads anatomical volumes), so these tests decode files
// one by one (io::detail::decode_dicom_file) and demosaic here.
#include <gtest/gtest.h>

#include <cmath>

#include "common/test_data.h"
#include "io/dicom_internal.h"
#include "io/io_test_util.h"
#include "rimscan/io/image_io.h"

namespace rimscan::test {
namespace {

// Tile z of an n x n-tiled mosaic (tiles of w x h pixels, row-major tiles) compared with slice z
// of the reference. dcm2niix stores rows bottom-up (it flips the DICOM row order), so reference
// row y is mosaic row h - 1 - y.
double max_mosaic_diff(const ImageF& mosaic, const ImageF& ref) {
  const int64_t w = ref.geom.size[0], h = ref.geom.size[1], nz = ref.geom.size[2];
  const int64_t tiles = mosaic.geom.size[0] / w;
  double worst = 0;
  for (int64_t z = 0; z < nz; ++z)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) {
        const int64_t mx = (z % tiles) * w + x, my = (z / tiles) * h + (h - 1 - y);
        worst = std::max(worst, double(std::fabs(mosaic.at(mx, my, 0) - ref.at(x, y, z))));
      }
  return worst;
}

TEST(DicomDecoders, NineTransferSyntaxesDecodeIdentically) {
  const ImageF first = io::detail::decode_dicom_file(data_path("dicom/dcm_qa_ts/In/1.dcm"));
  ASSERT_EQ(first.geom.size, (Size3{384, 384, 1}));
  const ImageF ref = io::read_image(data_path("dicom/dcm_qa_ts/Ref/1.nii"));
  ASSERT_EQ(ref.geom.size, (Size3{64, 64, 35}));
  EXPECT_EQ(max_mosaic_diff(first, ref), 0.0);
  double sum = 0;
  for (float v : first.voxels) sum += v;
  EXPECT_GT(sum, 0.0);
  for (int n = 2; n <= 9; ++n) {
    const std::string f = data_path("dicom/dcm_qa_ts/In/" + std::to_string(n) + ".dcm");
    const ImageF img = io::detail::decode_dicom_file(f);
    ASSERT_EQ(img.geom.size, first.geom.size) << f;
    EXPECT_EQ(img.voxels, first.voxels) << f << " decodes differently from the uncompressed file";
  }
}

TEST(DicomDecoders, TwelveBitDataWithStrayHighBits) {
  struct Case {
    const char* file;
    const char* ref;
  } cases[] = {{"12bitUnsigned.dcm", "2.nii"}, {"12bitUnsigned_0x0F0F.dcm", "3.nii"}, {"12bitSigned_0x0F0F.dcm", "4.nii"}};
  for (const Case& c : cases) {
    const ImageF img = io::detail::decode_dicom_file(data_path(std::string("dicom/dcm_qa_12bit/In/") + c.file));
    const ImageF ref = io::read_image(data_path(std::string("dicom/dcm_qa_12bit/Ref/") + c.ref));
    EXPECT_EQ(max_mosaic_diff(img, ref), 0.0) << c.file;
    float lo = img.voxels[0], hi = img.voxels[0];
    for (float v : img.voxels) lo = std::min(lo, v), hi = std::max(hi, v);
    // 12 bits stored: unsigned values within 0..4095, signed within -2048..2047.
    if (std::string(c.file).find("Signed") == 0 || std::string(c.file).find("12bitSigned") == 0) {
      EXPECT_GE(lo, -2048.f) << c.file;
      EXPECT_LT(lo, 0.f) << c.file;  // -241 and -1 stripes
      EXPECT_LE(hi, 2047.f) << c.file;
    } else {
      EXPECT_GE(lo, 0.f) << c.file;
      EXPECT_LE(hi, 4095.f) << c.file;
    }
  }
}

TEST(DicomDecoders, MosaicSeriesIsRefusedClearly) {
  const std::string dir = data_path("dicom/dcm_qa_ts/In");
  EXPECT_TRUE(fails_with([&] { io::read_image(dir); }, ErrorCode::kInputUnsupported, "mosaic"));
}

}  // namespace
}  // namespace rimscan::test
