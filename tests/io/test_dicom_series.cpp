// DICOM series input end to end through io::read_image(dir): the real series with known
// geometry (decubitus gap, gantry tilt), a series written by the test from the UPENN-GBM-00002
// T1GD NIfTI (same grid and voxels back, identifying values planted for the PHI checks), and
// series selection (key, UID, description, automatic, ambiguous).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <thread>
#include <filesystem>
#include <fstream>

#include "common/test_data.h"
#include "io/io_test_util.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/dicom_write.h"
#include "rimscan/io/image_io.h"

namespace fs = std::filesystem;

namespace rimscan::test {
namespace {

// Identifying values planted into written series; none may reach any output.
const std::map<std::string, std::string> kPlantedPhi = {
    {"0010|0010", "PLANTEDFAMILY^PLANTEDGIVEN"}, {"0010|0020", "PID-7731-PLANTED"},
    {"0010|0030", "19470312"},                   {"0008|0050", "ACC-99120-PLANTED"},
    {"0008|0080", "Planted Memorial Hospital"},  {"0008|0090", "REFERRER^PLANTED"},
    {"0008|1050", "PERFORMER^PLANTED"},          {"0020|0010", "STUDYID-PLANTED"}};

TEST(DicomSeries, GantryTiltedCtIsRefused) {
  const std::string dir = data_path("dicom/dicom2nifti/tests/data/failing/gantrytilting/001");
  EXPECT_TRUE(fails_with([&] { io::read_image(dir); }, ErrorCode::kInputUnsupported, "gantry tilt"));
  EXPECT_TRUE(fails_with([&] { io::read_header(dir); }, ErrorCode::kInputUnsupported, dir));
  // The scan itself lists the series with its problem rather than failing.
  io::DicomScan scan = io::scan_dicom_dir(dir);
  ASSERT_EQ(scan.series.size(), 1u);
  EXPECT_NE(scan.series[0].problem.find("gantry tilt"), std::string::npos);
}

// Decubitus HFS: 35 sagittal slices, 4 mm thick every 4.8 mm (a gap, not missing slices);
// dcm2niix's JSON gives SpacingBetweenSlices and ImageOrientationPatientDICOM.
TEST(DicomSeries, DecubitusSliceGapGeometryMatchesDcm2niix) {
  const std::string dir = data_path("dicom/dcm_qa_decubitus/In/HFS");
  std::ifstream jf(data_path("dicom/dcm_qa_decubitus/Ref/t1_fl2d_sag_20220407150138.json"));
  nlohmann::json ref = nlohmann::json::parse(jf);
  ImageF img = io::read_image(dir);
  EXPECT_EQ(img.geom.size, (Size3{256, 256, 35}));
  EXPECT_NEAR(img.geom.spacing[2], ref["SpacingBetweenSlices"].get<double>(), 1e-3);
  EXPECT_NEAR(ref["SliceThickness"].get<double>(), 4.0, 1e-9);
  const auto iop = ref["ImageOrientationPatientDICOM"];
  for (int r = 0; r < 3; ++r) {
    EXPECT_NEAR(img.geom.direction[r * 3 + 0], iop[r].get<double>(), 1e-4);
    EXPECT_NEAR(img.geom.direction[r * 3 + 1], iop[3 + r].get<double>(), 1e-4);
  }
  EXPECT_EQ(img.geom.orientation_code().substr(0, 2), "PI");  // sagittal: rows run anterior->posterior
  io::DicomScan scan = io::scan_dicom_dir(dir);
  ASSERT_EQ(scan.series.size(), 1u);
  EXPECT_EQ(scan.series[0].description, ref["SeriesDescription"].get<std::string>());
  EXPECT_EQ(scan.series[0].series_number, ref["SeriesNumber"].get<int>());
}

class WrittenSeries : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("dicom_w"); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

// A series written from the UPENN-GBM-00002 T1GD NIfTI comes back on the same grid with the
// same voxels, and the scan exposes the planted identifying values only through phi.
TEST_F(WrittenSeries, UpennT1gdRoundTripsThroughDicom) {
  const std::string nii = data_path("tumour/upenn-gbm/UPENN-GBM-00002_11/UPENN-GBM-00002_11_T1GD.nii.gz");
  ImageF src = io::read_image(nii);
  io::DicomWriteOptions w;
  w.series_description = "T1 AX POST GD";
  w.contrast_agent = "Gadobutrol";
  w.series_number = 7;
  w.tags = kPlantedPhi;
  const std::string series_dir = dir_ + "/patient/study/series7";
  io::write_dicom_series(src, series_dir, w);

  ImageF back = io::read_image(dir_ + "/patient");
  EXPECT_EQ(back.geom.size, src.geom.size);
  GeometryDifference d = compare_geometry(back.geom, src.geom);
  // DS strings carry 10 significant digits; the grids agree to well under a micrometre.
  EXPECT_LE(d.max_corner_diff_mm, 1e-4) << back.geom.describe() << " vs " << src.geom.describe();
  EXPECT_LE(d.max_direction_diff, 1e-9);
  ASSERT_EQ(back.voxels.size(), src.voxels.size());
  EXPECT_TRUE(back.voxels == src.voxels);

  io::DicomScan scan = io::scan_dicom_dir(dir_);
  ASSERT_EQ(scan.series.size(), 1u);
  const io::DicomSeriesInfo& s = scan.series[0];
  EXPECT_EQ(s.series_number, 7);
  EXPECT_EQ(s.contrast_agent, "Gadobutrol");
  EXPECT_EQ(s.num_files, 155);
  std::vector<std::string> phi = io::identifying_values(s);
  for (const char* planted : {"PLANTEDFAMILY", "PLANTEDGIVEN", "PID-7731-PLANTED", "19470312", "ACC-99120-PLANTED",
                              "Planted Memorial Hospital", "STUDYID-PLANTED"})
    EXPECT_NE(std::find(phi.begin(), phi.end(), planted), phi.end()) << planted;
  EXPECT_NE(std::find(phi.begin(), phi.end(), s.phi.series_uid), phi.end());
  EXPECT_EQ(s.phi.sop_instance_uids.size(), 155u);
  // Nothing identifying in what rimscan prints about the series.
  const std::string line = io::describe_series(s);
  for (const std::string& v : phi) EXPECT_EQ(line.find(v), std::string::npos) << v << " in " << line;
}

// Three small series in one study: pre-contrast T1, post-contrast T1, FLAIR.
class SeriesSelection : public WrittenSeries {
 protected:
  void SetUp() override {
    WrittenSeries::SetUp();
    ImageF img(Geometry::make({8, 6, 5}, {1.0, 1.0, 2.0}, {-4, -3, 10}));
    for (size_t i = 0; i < img.voxels.size(); ++i) img.voxels[i] = float(i % 50);
    auto write = [&](const std::string& name, int number, const std::string& desc, const std::string& agent) {
      io::DicomWriteOptions w;
      w.study_uid = "1.2.826.0.1.3680043.2.1125.777.1";
      w.series_uid = "1.2.826.0.1.3680043.2.1125.777.1." + std::to_string(number);
      w.series_number = number;
      w.series_description = desc;
      w.contrast_agent = agent;
      w.tags = kPlantedPhi;
      io::write_dicom_series(img, dir_ + "/" + name, w);
    };
    write("a", 3, "T1 SE AX pre", "");
    write("b", 4, "FLAIR AX", "");
    write("c", 5, "T1 SE AX +C", "Gadoterate");
    scan_ = io::scan_dicom_dir(dir_);
  }
  io::DicomScan scan_;
};

TEST_F(SeriesSelection, AutomaticPicksThePostContrastT1) {
  ASSERT_EQ(scan_.series.size(), 3u);
  io::SeriesChoice c = io::select_dicom_series(scan_, {});
  EXPECT_EQ(scan_.series[c.index].series_number, 5);
  EXPECT_NE(c.reason.find("ContrastBolusAgent"), std::string::npos) << c.reason;
  // read_image(dir) reads that series.
  ImageF img = io::read_image(dir_);
  EXPECT_EQ(img.geom.size, (Size3{8, 6, 5}));
}

TEST_F(SeriesSelection, ByKeyUidAndDescription) {
  io::ReadOptions opt;
  opt.dicom_series = scan_.series[1].key;  // FLAIR
  EXPECT_EQ(scan_.series[io::select_dicom_series(scan_, opt).index].series_number, 4);
  opt.dicom_series = "1.2.826.0.1.3680043.2.1125.777.1.3";
  EXPECT_EQ(scan_.series[io::select_dicom_series(scan_, opt).index].series_number, 3);
  opt.dicom_series.clear();
  opt.dicom_description = "flair";
  EXPECT_EQ(scan_.series[io::select_dicom_series(scan_, opt).index].series_number, 4);
  opt.dicom_description = "^T1 SE";  // matches two series: an error listing both
  EXPECT_TRUE(fails_with([&] { io::select_dicom_series(scan_, opt); }, ErrorCode::kUsage, scan_.series[0].key));
  opt.dicom_description.clear();
  opt.dicom_series = "0000000000";
  EXPECT_TRUE(fails_with([&] { io::select_dicom_series(scan_, opt); }, ErrorCode::kUsage, scan_.series[2].key));
}

TEST_F(SeriesSelection, AmbiguousChoiceListsCandidatesWithoutIdentifiers) {
  // A second post-contrast T1 makes the automatic choice ambiguous.
  ImageF img(Geometry::make({8, 6, 5}, {1.0, 1.0, 2.0}, {-4, -3, 10}), 1.0f);
  io::DicomWriteOptions w;
  w.study_uid = "1.2.826.0.1.3680043.2.1125.777.1";
  w.series_uid = "1.2.826.0.1.3680043.2.1125.777.1.6";
  w.series_number = 6;
  w.series_description = "T1 SE COR +C";
  w.contrast_agent = "Gadoterate";
  w.tags = kPlantedPhi;
  io::write_dicom_series(img, dir_ + "/d", w);
  io::DicomScan scan = io::scan_dicom_dir(dir_);
  std::string msg;
  try {
    io::select_dicom_series(scan, {});
    FAIL() << "expected an ambiguity error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUsage);
    msg = e.what();
  }
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  for (const auto& s : scan.series) {
    EXPECT_NE(msg.find(s.key), std::string::npos) << msg;
    for (const std::string& v : io::identifying_values(s)) EXPECT_EQ(msg.find(v), std::string::npos) << v;
  }
  EXPECT_TRUE(fails_with([&] { io::read_image(dir_); }, ErrorCode::kUsage, "--series"));
}

TEST_F(SeriesSelection, MissingSliceInAWrittenSeriesIsReported) {
  fs::remove(dir_ + "/c/IM0003.dcm");
  EXPECT_TRUE(fails_with([&] { io::read_image(dir_); }, ErrorCode::kInputCorrupt, "missing slice"));
  // No silent fallback to another series: the post-contrast T1 still scores best, and its
  // problem is what the user sees.
}

TEST_F(SeriesSelection, SingleFileOfASeriesPointsToTheDirectory) {
  EXPECT_TRUE(fails_with([&] { io::read_image(dir_ + "/a/IM0002.dcm"); }, ErrorCode::kUsage, "pass the directory"));
}

TEST(DicomSeries, EmptyOrMissingDirectory) {
  std::string dir = make_temp_dir("dicom_empty");
  std::ofstream(dir + "/notes.txt") << "not dicom\n";
  EXPECT_TRUE(fails_with([&] { io::read_image(dir); }, ErrorCode::kInputInvalid, dir));
  EXPECT_TRUE(fails_with([&] { io::read_image(dir + "/nope"); }, ErrorCode::kInputMissing, dir + "/nope"));
  EXPECT_TRUE(fails_with([&] { io::read_labels(dir); }, ErrorCode::kInputUnsupported, dir));
  fs::remove_all(dir);
}

// Batch reads DICOM cases in parallel: concurrent scans and decodes (GDCM, ITK GDCMImageIO)
// of different series give each thread the same image as a lone read.
TEST(DicomSeries, ParallelReadsAgree) {
  const std::vector<std::string> dirs = {
      data_path("dicom/dicom2nifti/tests/data/siemens/anatomical/001"),
      data_path("dicom/dicom2nifti/tests/data/philips_enhanced/anatomical/001"),
      data_path("dicom/dicom2nifti/tests/data/generic/compressed_jpegls/001"),
      data_path("dicom/dicom2nifti/tests/data/hitachi/anatomical/001_implicit")};
  std::vector<ImageF> truth;
  for (const auto& d : dirs) truth.push_back(io::read_image(d));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (int it = 0; it < 6; ++it) {
        const size_t k = static_cast<size_t>(t + it) % dirs.size();
        if (io::read_image(dirs[k]).voxels != truth[k].voxels) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(DicomSeries, EnhancedMultiframeSingleFileIsReadable) {
  // The XA30 enhanced file read as a file and as its directory gives the same volume.
  const std::string dir = data_path("dicom/dcm_qa_xa30/In/5_anat-T1w_acq-tfl");
  std::string file;
  for (auto& e : fs::directory_iterator(dir)) file = e.path().string();
  ImageF a = io::read_image(dir), b = io::read_image(file);
  EXPECT_EQ(a.geom.size, (Size3{128, 128, 96}));
  EXPECT_EQ(compare_geometry(a.geom, b.geom).max_corner_diff_mm, 0.0);
  EXPECT_TRUE(a.voxels == b.voxels);
  io::ImageHeader h = io::read_header(dir);
  EXPECT_EQ(h.format, "dicom");
  EXPECT_EQ(h.geom.size, a.geom.size);
}

}  // namespace
}  // namespace rimscan::test
