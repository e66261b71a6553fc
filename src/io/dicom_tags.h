#pragma once
// Small helpers over GDCM shared by the DICOM scanner and reader: tag constants, value
// parsing, silencing GDCM's own stderr traces (which can print header values, i.e. PHI), and
// scrubbing file paths and UIDs out of library messages. Internal to the I/O adapter.
#include <gdcmTag.h>

#include <string>
#include <vector>

namespace rimscan::io::detail {

namespace tag {
inline const gdcm::Tag kTransferSyntax(0x0002, 0x0010);
inline const gdcm::Tag kImageType(0x0008, 0x0008);
inline const gdcm::Tag kSopClass(0x0008, 0x0016);
inline const gdcm::Tag kSopInstance(0x0008, 0x0018);
inline const gdcm::Tag kStudyDate(0x0008, 0x0020);
inline const gdcm::Tag kSeriesDate(0x0008, 0x0021);
inline const gdcm::Tag kAcquisitionDate(0x0008, 0x0022);
inline const gdcm::Tag kSeriesTime(0x0008, 0x0031);
inline const gdcm::Tag kAcquisitionTime(0x0008, 0x0032);
inline const gdcm::Tag kAccession(0x0008, 0x0050);
inline const gdcm::Tag kModality(0x0008, 0x0060);
inline const gdcm::Tag kInstitution(0x0008, 0x0080);
inline const gdcm::Tag kInstitutionAddress(0x0008, 0x0081);
inline const gdcm::Tag kReferringPhysician(0x0008, 0x0090);
inline const gdcm::Tag kStationName(0x0008, 0x1010);
inline const gdcm::Tag kSeriesDescription(0x0008, 0x103E);
inline const gdcm::Tag kPerformingPhysician(0x0008, 0x1050);
inline const gdcm::Tag kOperators(0x0008, 0x1070);
inline const gdcm::Tag kPatientName(0x0010, 0x0010);
inline const gdcm::Tag kPatientId(0x0010, 0x0020);
inline const gdcm::Tag kBirthDate(0x0010, 0x0030);
inline const gdcm::Tag kOtherPatientIds(0x0010, 0x1000);
inline const gdcm::Tag kPatientAddress(0x0010, 0x1040);
inline const gdcm::Tag kContrastAgent(0x0018, 0x0010);
inline const gdcm::Tag kScanningSequence(0x0018, 0x0020);
inline const gdcm::Tag kSequenceVariant(0x0018, 0x0021);
inline const gdcm::Tag kMrAcquisitionType(0x0018, 0x0023);
inline const gdcm::Tag kSliceThickness(0x0018, 0x0050);
inline const gdcm::Tag kRepetitionTime(0x0018, 0x0080);
inline const gdcm::Tag kEchoTime(0x0018, 0x0081);
inline const gdcm::Tag kInversionTime(0x0018, 0x0082);
inline const gdcm::Tag kFlipAngle(0x0018, 0x1314);
inline const gdcm::Tag kStudyUid(0x0020, 0x000D);
inline const gdcm::Tag kSeriesUid(0x0020, 0x000E);
inline const gdcm::Tag kStudyId(0x0020, 0x0010);
inline const gdcm::Tag kSeriesNumber(0x0020, 0x0011);
inline const gdcm::Tag kInstanceNumber(0x0020, 0x0013);
inline const gdcm::Tag kPosition(0x0020, 0x0032);
inline const gdcm::Tag kOrientation(0x0020, 0x0037);
inline const gdcm::Tag kFrameOfReference(0x0020, 0x0052);
inline const gdcm::Tag kSamplesPerPixel(0x0028, 0x0002);
inline const gdcm::Tag kNumberOfFrames(0x0028, 0x0008);
inline const gdcm::Tag kRows(0x0028, 0x0010);
inline const gdcm::Tag kColumns(0x0028, 0x0011);
inline const gdcm::Tag kPixelSpacing(0x0028, 0x0030);
inline const gdcm::Tag kBitsAllocated(0x0028, 0x0100);
inline const gdcm::Tag kPixelRepresentation(0x0028, 0x0103);
inline const gdcm::Tag kRescaleIntercept(0x0028, 0x1052);
inline const gdcm::Tag kRescaleSlope(0x0028, 0x1053);
inline const gdcm::Tag kPixelData(0x7FE0, 0x0010);
// Enhanced (multi-frame) functional groups.
inline const gdcm::Tag kSharedGroups(0x5200, 0x9229);
inline const gdcm::Tag kPerFrameGroups(0x5200, 0x9230);
inline const gdcm::Tag kPlanePositionSeq(0x0020, 0x9113);
inline const gdcm::Tag kPlaneOrientationSeq(0x0020, 0x9116);
inline const gdcm::Tag kPixelMeasuresSeq(0x0028, 0x9110);
inline const gdcm::Tag kPixelValueTransformSeq(0x0028, 0x9145);
inline const gdcm::Tag kMrTimingSeq(0x0018, 0x9112);
inline const gdcm::Tag kMrEchoSeq(0x0018, 0x9114);
inline const gdcm::Tag kEffectiveEchoTime(0x0018, 0x9082);
}  // namespace tag

// Removes leading/trailing spaces and NULs (DICOM pads values to even lengths).
std::string trim_value(const std::string& v);

// "a\b\c" -> {a, b, c} as numbers; false when a component is not a number.
bool parse_numbers(const std::string& v, std::vector<double>& out);
// The first number of a value; NaN when absent or malformed.
double parse_number(const std::string& v);

// Turns GDCM's warning/error/debug traces off (once per process): they go to stderr and can
// print whole data sets, identifying values included.
void silence_gdcm();

// A library message with file paths (which may contain UIDs or names) and UID-like strings
// removed, on one line.
std::string scrub_message(const std::string& text, const std::vector<std::string>& paths);

}  // namespace rimscan::io::detail
