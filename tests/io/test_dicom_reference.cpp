// DICOM series read by rimscan against the reference NIfTI conversions shipped with the public
// test data (dicom2nifti ground truths, dcm2niix Ref/ folders): same physical grid (every voxel
// centre within kPositionTolMm of a reference voxel centre, after any axis permutation or flip
// the converter applied) and the same voxel values.
//
// Tolerances. Positions: 0.02 mm. The references store their affine as float32 (about 1e-5 mm
// per 100 mm), GE writes ImageOrientationPatient vectors that are not exactly unit (we
// orthonormalise them: up to 4 micrometres at the far corner of a 256 mm field), and the
// Siemens enhanced file gives per-frame positions to 6 significant digits, so converters that
// take the spacing from two frames and those that fit all frames differ by 13 micrometres over
// 8 frames. 0.02 mm is 2 % of the smallest voxel here. Values: integer data identical;
// rescaled (Philips enhanced, RescaleSlope 4.26) within 1e-6 of the largest value: rimscan
// applies the slope in float as GDCM does, the reference in double.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/test_data.h"
#include "io/grid_compare.h"
#include "io/io_test_util.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/image_io.h"

namespace rimscan::test {
namespace {

constexpr double kPositionTolMm = 0.02;

struct RefCase {
  const char* name;
  const char* dicom;      // directory, relative to the data root
  const char* reference;  // NIfTI
  double value_rel_tol;   // relative to the largest |reference value|; 0 = identical values
};

void PrintTo(const RefCase& c, std::ostream* os) { *os << c.name; }

class DicomVsReference : public ::testing::TestWithParam<RefCase> {};

TEST_P(DicomVsReference, SameGridAndValues) {
  const RefCase& c = GetParam();
  ImageF ours = io::read_image(data_path(c.dicom));
  ImageF ref = io::read_image(data_path(c.reference));
  GridMatch m = match_grids(ours, ref);
  SCOPED_TRACE(std::string(c.name) + ": ours " + ours.geom.describe() + " | reference " + ref.geom.describe());
  EXPECT_TRUE(m.same_voxel_count);
  EXPECT_EQ(m.outside, 0);
  EXPECT_LE(m.max_position_error_mm, kPositionTolMm);
  double ref_max = 0;
  for (float v : ref.voxels) ref_max = std::max(ref_max, double(std::fabs(v)));
  EXPECT_GT(ref_max, 0.0);
  EXPECT_LE(m.max_abs_value_diff, c.value_rel_tol * ref_max);
}

const RefCase kCases[] = {
    {"ge", "dicom/dicom2nifti/tests/data/ge/anatomical/001", "dicom/dicom2nifti/tests/data/ge/anatomical/001_ground_truth.nii.gz", 0},
    {"ge_single_slice", "dicom/dicom2nifti/tests/data/ge/anatomical/001_single_slice", "dicom/dicom2nifti/tests/data/ge/anatomical/001_single_slice_ground_truth.nii.gz", 0},
    {"ge_implicit", "dicom/dicom2nifti/tests/data/ge/anatomical/001_implicit", "dicom/dicom2nifti/tests/data/ge/anatomical/001_implicit_ground_truth.nii.gz", 0},
    {"hitachi", "dicom/dicom2nifti/tests/data/hitachi/anatomical/001", "dicom/dicom2nifti/tests/data/hitachi/anatomical/001_ground_truth.nii.gz", 0},
    {"hitachi_implicit", "dicom/dicom2nifti/tests/data/hitachi/anatomical/001_implicit", "dicom/dicom2nifti/tests/data/hitachi/anatomical/001_implicit_ground_truth.nii.gz", 0},
    {"hyperfine", "dicom/dicom2nifti/tests/data/hyperfine/anatomical/001", "dicom/dicom2nifti/tests/data/hyperfine/anatomical/001_ground_truth.nii.gz", 0},
    {"philips", "dicom/dicom2nifti/tests/data/philips/anatomical/001", "dicom/dicom2nifti/tests/data/philips/anatomical/001_ground_truth.nii.gz", 0},
    {"philips_enhanced", "dicom/dicom2nifti/tests/data/philips_enhanced/anatomical/001", "dicom/dicom2nifti/tests/data/philips_enhanced/anatomical/001_ground_truth.nii.gz", 1e-6},
    {"philips_enhanced_implicit", "dicom/dicom2nifti/tests/data/philips_enhanced/anatomical/001_implicit", "dicom/dicom2nifti/tests/data/philips_enhanced/anatomical/001_implicit_ground_truth.nii.gz", 1e-6},
    {"siemens", "dicom/dicom2nifti/tests/data/siemens/anatomical/001", "dicom/dicom2nifti/tests/data/siemens/anatomical/001_ground_truth.nii.gz", 0},
    {"siemens_implicit", "dicom/dicom2nifti/tests/data/siemens/anatomical/001_implicit", "dicom/dicom2nifti/tests/data/siemens/anatomical/001_implicit_ground_truth.nii.gz", 0},
    {"siemens_multiframe", "dicom/dicom2nifti/tests/data/siemens_multiframe/anatomical/001", "dicom/dicom2nifti/tests/data/siemens_multiframe/anatomical/001_ground_truth.nii.gz", 0},
    {"jpeg2000", "dicom/dicom2nifti/tests/data/generic/compressed_j2k/001", "dicom/dicom2nifti/tests/data/generic/compressed_j2k/001_ground_truth.nii.gz", 0},
    {"jpeg_lossless", "dicom/dicom2nifti/tests/data/generic/compressed_jpeg/001", "dicom/dicom2nifti/tests/data/generic/compressed_jpeg/001_ground_truth.nii.gz", 0},
    {"jpeg_ls", "dicom/dicom2nifti/tests/data/generic/compressed_jpegls/001", "dicom/dicom2nifti/tests/data/generic/compressed_jpegls/001_ground_truth.nii.gz", 0},
    {"rle", "dicom/dicom2nifti/tests/data/generic/compressed_rle/001", "dicom/dicom2nifti/tests/data/generic/compressed_rle/001_ground_truth.nii.gz", 0},
    {"xa30_enhanced", "dicom/dcm_qa_xa30/In", "dicom/dcm_qa_xa30/Ref/5_anat-T1w_acq-tfl.nii", 0},
};

INSTANTIATE_TEST_SUITE_P(RealData, DicomVsReference, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace rimscan::test
