// Scanning a directory for DICOM series: one pass over the headers (gdcm::Scanner reads each
// file only up to the last tag asked for), grouping by SeriesInstanceUID, and a per-series
// description with the grid checks of dicom_geometry. Multi-frame (enhanced) files get their
// per-frame positions from the functional groups.
#include <gdcmReader.h>
#include <gdcmScanner.h>
#include <gdcmSequenceOfItems.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "io/dicom_geometry.h"
#include "io/dicom_guard.h"
#include "io/dicom_internal.h"
#include "io/dicom_tags.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/phi.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

using detail::DicomSlice;
using detail::parse_number;
using detail::parse_numbers;
using detail::trim_value;
namespace tag = detail::tag;

const std::vector<gdcm::Tag>& scanned_tags() {
  static const std::vector<gdcm::Tag> kTags = {
      tag::kTransferSyntax, tag::kImageType, tag::kSopClass, tag::kSopInstance, tag::kStudyDate,
      tag::kSeriesDate, tag::kAcquisitionDate, tag::kSeriesTime, tag::kAcquisitionTime, tag::kAccession,
      tag::kModality, tag::kInstitution, tag::kInstitutionAddress, tag::kReferringPhysician,
      tag::kStationName, tag::kSeriesDescription, tag::kPerformingPhysician, tag::kOperators,
      tag::kPatientName, tag::kPatientId, tag::kBirthDate, tag::kOtherPatientIds, tag::kPatientAddress,
      tag::kContrastAgent, tag::kScanningSequence, tag::kSequenceVariant, tag::kMrAcquisitionType,
      tag::kSliceThickness, tag::kRepetitionTime, tag::kEchoTime, tag::kInversionTime, tag::kFlipAngle,
      tag::kStudyUid, tag::kSeriesUid, tag::kStudyId, tag::kSeriesNumber, tag::kInstanceNumber,
      tag::kPosition, tag::kOrientation, tag::kFrameOfReference, tag::kSamplesPerPixel,
      tag::kNumberOfFrames, tag::kRows, tag::kColumns, tag::kPixelSpacing, tag::kBitsAllocated,
      tag::kPixelRepresentation, tag::kRescaleIntercept, tag::kRescaleSlope};
  return kTags;
}

// Non-image objects that share series with images or live beside them.
bool is_non_image_modality(const std::string& m) {
  static const std::set<std::string> kSkip = {"SEG", "RTSTRUCT", "RTPLAN", "RTDOSE", "PR", "SR", "KO", "REG", "DOC"};
  return kSkip.count(m) > 0;
}

std::string time_of_day(const std::string& v) {
  std::string t = trim_value(v);
  if (t.size() < 4 || !std::isdigit(static_cast<unsigned char>(t[0]))) return "";
  std::string out = t.substr(0, 2) + ":" + t.substr(2, 2);
  if (t.size() >= 6) out += ":" + t.substr(4, 2);
  return out;
}

// --- enhanced multi-frame -------------------------------------------------------------------

std::string element_text(const gdcm::DataSet& ds, const gdcm::Tag& t) {
  if (!ds.FindDataElement(t)) return "";
  const gdcm::ByteValue* bv = ds.GetDataElement(t).GetByteValue();
  return bv ? trim_value(std::string(bv->GetPointer(), bv->GetLength())) : "";
}

// The nested data set of the first item of sequence `seq` in `ds`, or nullptr.
const gdcm::DataSet* first_item(const gdcm::DataSet* ds, const gdcm::Tag& seq) {
  if (!ds || !ds->FindDataElement(seq)) return nullptr;
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds->GetDataElement(seq).GetValueAsSQ();
  if (!sq || sq->GetNumberOfItems() < 1) return nullptr;
  return &sq->GetItem(1).GetNestedDataSet();
}

// A value from a functional group: per-frame first, then shared, then the top-level data set.
std::string group_value(const gdcm::DataSet* frame, const gdcm::DataSet* shared, const gdcm::DataSet& top,
                        const gdcm::Tag& group, const gdcm::Tag& t) {
  for (const gdcm::DataSet* g : {first_item(frame, group), first_item(shared, group)}) {
    if (!g) continue;
    std::string v = element_text(*g, t);
    if (!v.empty()) return v;
  }
  return element_text(top, t);
}

void fill_slice_geometry(DicomSlice& s, const std::string& ipp, const std::string& iop, const std::string& ps,
                         const std::string& thick) {
  std::vector<double> v;
  if (parse_numbers(ipp, v) && v.size() == 3) {
    s.has_position = true;
    s.position = {v[0], v[1], v[2]};
  }
  if (parse_numbers(iop, v) && v.size() == 6) {
    s.has_orientation = true;
    s.row = {v[0], v[1], v[2]};
    s.col = {v[3], v[4], v[5]};
  }
  if (parse_numbers(ps, v) && v.size() == 2) {
    s.pixel_spacing_row = v[0];
    s.pixel_spacing_col = v[1];
  }
  const double t = parse_number(thick);
  if (std::isfinite(t)) s.slice_thickness = t;
}

struct MultiFrame {
  std::vector<DicomSlice> frames;
  std::string problem;
  double slope = 1.0, intercept = 0.0;
  double tr = std::nan(""), te = std::nan(""), flip = std::nan("");
};

MultiFrame read_multiframe_geometry(const std::string& file, int rows, int cols, int nframes) {
  MultiFrame mf;
  gdcm::Reader reader;
  reader.SetFileName(file.c_str());
  std::set<gdcm::Tag> skip{tag::kPixelData};
  if (!reader.ReadUpToTag(tag::kPixelData, skip)) {
    mf.problem = "multi-frame file header cannot be parsed";
    return mf;
  }
  const gdcm::DataSet& top = reader.GetFile().GetDataSet();
  const gdcm::DataSet* shared = first_item(&top, tag::kSharedGroups);
  gdcm::SmartPointer<gdcm::SequenceOfItems> per_frame;
  if (top.FindDataElement(tag::kPerFrameGroups)) per_frame = top.GetDataElement(tag::kPerFrameGroups).GetValueAsSQ();
  const int items = per_frame ? static_cast<int>(per_frame->GetNumberOfItems()) : 0;
  if (items != 0 && items != nframes) {
    mf.problem = "multi-frame file has " + std::to_string(items) + " per-frame groups for " +
                 std::to_string(nframes) + " frames";
    return mf;
  }
  std::set<std::pair<double, double>> transforms;
  for (int f = 0; f < nframes; ++f) {
    const gdcm::DataSet* fr = items ? &per_frame->GetItem(f + 1).GetNestedDataSet() : nullptr;
    DicomSlice s;
    s.rows = rows;
    s.columns = cols;
    fill_slice_geometry(s, group_value(fr, shared, top, tag::kPlanePositionSeq, tag::kPosition),
                        group_value(fr, shared, top, tag::kPlaneOrientationSeq, tag::kOrientation),
                        group_value(fr, shared, top, tag::kPixelMeasuresSeq, tag::kPixelSpacing),
                        group_value(fr, shared, top, tag::kPixelMeasuresSeq, tag::kSliceThickness));
    mf.frames.push_back(s);
    double slope = parse_number(group_value(fr, shared, top, tag::kPixelValueTransformSeq, tag::kRescaleSlope));
    double inter = parse_number(group_value(fr, shared, top, tag::kPixelValueTransformSeq, tag::kRescaleIntercept));
    transforms.insert({std::isfinite(slope) ? slope : 1.0, std::isfinite(inter) ? inter : 0.0});
  }
  if (transforms.size() > 1)
    mf.problem = "frames of the multi-frame file have different rescale slopes/intercepts";
  else if (!transforms.empty()) {
    mf.slope = transforms.begin()->first;
    mf.intercept = transforms.begin()->second;
  }
  mf.tr = parse_number(group_value(nullptr, shared, top, tag::kMrTimingSeq, tag::kRepetitionTime));
  mf.flip = parse_number(group_value(nullptr, shared, top, tag::kMrTimingSeq, tag::kFlipAngle));
  mf.te = parse_number(group_value(items ? &per_frame->GetItem(1).GetNestedDataSet() : nullptr, shared, top,
                                   tag::kMrEchoSeq, tag::kEffectiveEchoTime));
  return mf;
}

// --- series assembly --------------------------------------------------------------------------

class Scanned {
 public:
  explicit Scanned(const gdcm::Scanner& s) : s_(s) {}
  std::string get(const std::string& file, const gdcm::Tag& t) const {
    const char* v = s_.GetValue(file.c_str(), t);
    return v ? trim_value(v) : "";
  }
  int get_int(const std::string& file, const gdcm::Tag& t, int fallback) const {
    double x = parse_number(get(file, t));
    return std::isfinite(x) ? static_cast<int>(x) : fallback;
  }

 private:
  const gdcm::Scanner& s_;
};

void collect_identifiers(const Scanned& sc, const std::vector<std::string>& files, DicomIdentifiers& id) {
  const std::string& f = files.front();
  id.study_uid = sc.get(f, tag::kStudyUid);
  id.series_uid = sc.get(f, tag::kSeriesUid);
  id.frame_of_reference_uid = sc.get(f, tag::kFrameOfReference);
  id.patient_name = sc.get(f, tag::kPatientName);
  id.patient_id = sc.get(f, tag::kPatientId);
  id.other_patient_ids = sc.get(f, tag::kOtherPatientIds);
  id.patient_birth_date = sc.get(f, tag::kBirthDate);
  id.patient_address = sc.get(f, tag::kPatientAddress);
  id.accession_number = sc.get(f, tag::kAccession);
  id.study_id = sc.get(f, tag::kStudyId);
  id.institution_name = sc.get(f, tag::kInstitution);
  id.institution_address = sc.get(f, tag::kInstitutionAddress);
  id.station_name = sc.get(f, tag::kStationName);
  id.referring_physician = sc.get(f, tag::kReferringPhysician);
  id.performing_physician = sc.get(f, tag::kPerformingPhysician);
  id.operators_name = sc.get(f, tag::kOperators);
  id.study_date = sc.get(f, tag::kStudyDate);
  id.series_date = sc.get(f, tag::kSeriesDate);
  id.acquisition_date = sc.get(f, tag::kAcquisitionDate);
  for (const std::string& file : files) {
    std::string uid = sc.get(file, tag::kSopInstance);
    if (!uid.empty()) id.sop_instance_uids.push_back(uid);
  }
}

DicomSeriesInfo describe(const Scanned& sc, std::vector<std::string> files) {
  DicomSeriesInfo s;
  const std::string& f = files.front();
  collect_identifiers(sc, files, s.phi);
  s.key = dicom_series_key(s.phi.study_uid, s.phi.series_uid);
  s.series_number = sc.get_int(f, tag::kSeriesNumber, -1);
  s.description = sc.get(f, tag::kSeriesDescription);
  s.modality = sc.get(f, tag::kModality);
  s.contrast_agent = sc.get(f, tag::kContrastAgent);
  s.image_type = sc.get(f, tag::kImageType);
  s.transfer_syntax = sc.get(f, tag::kTransferSyntax);
  s.scanning_sequence = sc.get(f, tag::kScanningSequence);
  s.sequence_variant = sc.get(f, tag::kSequenceVariant);
  s.mr_acquisition_type = sc.get(f, tag::kMrAcquisitionType);
  s.repetition_time_ms = parse_number(sc.get(f, tag::kRepetitionTime));
  s.echo_time_ms = parse_number(sc.get(f, tag::kEchoTime));
  s.inversion_time_ms = parse_number(sc.get(f, tag::kInversionTime));
  s.flip_angle_deg = parse_number(sc.get(f, tag::kFlipAngle));
  std::string when = sc.get(f, tag::kAcquisitionTime);
  s.acquisition_time = time_of_day(when.empty() ? sc.get(f, tag::kSeriesTime) : when);
  s.rows = sc.get_int(f, tag::kRows, 0);
  s.columns = sc.get_int(f, tag::kColumns, 0);
  s.bits_allocated = sc.get_int(f, tag::kBitsAllocated, 0);
  s.pixel_signed = sc.get_int(f, tag::kPixelRepresentation, 0) == 1;
  double slope = parse_number(sc.get(f, tag::kRescaleSlope));
  double inter = parse_number(sc.get(f, tag::kRescaleIntercept));
  if (std::isfinite(slope) && slope != 0.0) s.rescale_slope = slope;
  if (std::isfinite(inter)) s.rescale_intercept = inter;
  s.num_files = static_cast<int>(files.size());
  s.files = std::move(files);

  // Slices as the header counts them, for the label of messages (refined below).
  const int frames_first = sc.get_int(f, tag::kNumberOfFrames, 1);
  s.num_images = s.num_files == 1 && frames_first > 1 ? frames_first : s.num_files;
  const std::string label = describe_series(s);
  auto refuse = [&](ErrorCode code, const std::string& why) {
    s.problem = why;
    s.problem_code = code;
  };
  if (sc.get_int(f, tag::kSamplesPerPixel, 1) != 1) {
    refuse(ErrorCode::kInputUnsupported, label + ": colour images (" + sc.get(f, tag::kSamplesPerPixel) +
                                             " samples per pixel); rimscan needs greyscale MR");
    return s;
  }
  if (s.image_type.find("MOSAIC") != std::string::npos) {
    refuse(ErrorCode::kInputUnsupported,
           label + ": Siemens mosaic (EPI/diffusion/fMRI) images are not supported; rimscan needs an anatomical volume");
    return s;
  }

  std::vector<DicomSlice> slices;
  int multiframe_files = 0;
  for (const std::string& file : s.files) multiframe_files += sc.get_int(file, tag::kNumberOfFrames, 1) > 1 ? 1 : 0;
  if (multiframe_files > 0 && s.files.size() > 1) {
    refuse(ErrorCode::kInputUnsupported, label + ": " + std::to_string(multiframe_files) +
                                             " multi-frame files in one series (rimscan reads one multi-frame file per series)");
    return s;
  }
  if (multiframe_files == 1) {
    s.multiframe = true;
    const int nframes = sc.get_int(f, tag::kNumberOfFrames, 1);
    MultiFrame mf = read_multiframe_geometry(f, s.rows, s.columns, nframes);
    if (!mf.problem.empty()) {
      refuse(ErrorCode::kInputUnsupported, label + ": " + mf.problem);
      return s;
    }
    slices = std::move(mf.frames);
    s.rescale_slope = mf.slope;
    s.rescale_intercept = mf.intercept;
    if (!std::isfinite(s.repetition_time_ms)) s.repetition_time_ms = mf.tr;
    if (!std::isfinite(s.echo_time_ms)) s.echo_time_ms = mf.te;
    if (!std::isfinite(s.flip_angle_deg)) s.flip_angle_deg = mf.flip;
  } else {
    for (const std::string& file : s.files) {
      DicomSlice sl;
      sl.rows = sc.get_int(file, tag::kRows, 0);
      sl.columns = sc.get_int(file, tag::kColumns, 0);
      fill_slice_geometry(sl, sc.get(file, tag::kPosition), sc.get(file, tag::kOrientation),
                          sc.get(file, tag::kPixelSpacing), sc.get(file, tag::kSliceThickness));
      slices.push_back(sl);
    }
  }
  s.num_images = static_cast<int>(slices.size());
  try {
    detail::StackGeometry g = detail::stack_geometry(slices, label);
    s.geom = g.geom;
    for (int idx : g.order) {
      s.slice_file.push_back(s.multiframe ? 0 : idx);
      s.slice_frame.push_back(s.multiframe ? idx : 0);
    }
  } catch (const Error& e) {
    refuse(e.code(), e.what());
  }
  return s;
}

}  // namespace

namespace detail {

DicomScan scan_dicom_files(const std::string& dir, std::vector<std::string> files) {
  silence_gdcm();
  DicomScan scan;
  scan.dir = dir;
  std::sort(files.begin(), files.end());  // deterministic grouping and listing
  scan.files_seen = static_cast<int>(files.size());
  // Files GDCM would abort on (io/dicom_guard.h) never reach it. A damaged DICOM file may be a
  // slice of the wanted series (at an end of the stack its loss would go unnoticed), so the
  // directory is refused rather than read without it. Files are numbered, not named (PHI).
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string problem = dicom_meta_problem(files[i]);
    if (!problem.empty())
      throw Error(ErrorCode::kInputCorrupt, dir + ": file " + std::to_string(i + 1) + " of " +
                                                std::to_string(files.size()) + " (in name order): " + problem);
  }
  gdcm::Scanner scanner;
  for (const gdcm::Tag& t : scanned_tags()) scanner.AddTag(t);
  if (!files.empty() && !scanner.Scan(files))
    throw Error(ErrorCode::kInputCorrupt, dir + ": the DICOM scan failed");
  Scanned sc(scanner);

  std::map<std::string, std::vector<std::string>> by_series;
  std::vector<std::string> series_order;
  for (const std::string& f : files) {
    if (!scanner.IsKey(f.c_str())) continue;  // not DICOM
    const std::string uid = sc.get(f, tag::kSeriesUid);
    if (uid.empty() || sc.get_int(f, tag::kRows, 0) <= 0 || sc.get_int(f, tag::kColumns, 0) <= 0) continue;
    if (is_non_image_modality(sc.get(f, tag::kModality))) continue;
    ++scan.dicom_files;
    auto [pos, inserted] = by_series.try_emplace(uid);
    if (inserted) series_order.push_back(uid);
    pos->second.push_back(f);
  }
  if (by_series.empty())
    throw Error(ErrorCode::kInputInvalid, dir + ": no DICOM image found (" + std::to_string(scan.files_seen) +
                                              " files scanned)");
  for (const std::string& uid : series_order) scan.series.push_back(describe(sc, std::move(by_series[uid])));
  std::stable_sort(scan.series.begin(), scan.series.end(), [](const DicomSeriesInfo& a, const DicomSeriesInfo& b) {
    if (a.series_number != b.series_number) return a.series_number < b.series_number;
    return a.key < b.key;
  });
  return scan;
}

}  // namespace detail

DicomScan scan_dicom_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(ErrorCode::kInputMissing, dir + ": no such file or directory");
  if (!fs::is_directory(dir, ec)) throw Error(ErrorCode::kInputUnsupported, dir + ": not a directory");
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) throw Error(ErrorCode::kInputMissing, dir + ": cannot be listed: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw Error(ErrorCode::kInputCorrupt, dir + ": error while listing: " + ec.message());
    std::error_code e2;
    if (it->is_regular_file(e2)) files.push_back(it->path().string());
  }
  return detail::scan_dicom_files(dir, std::move(files));
}

}  // namespace rimscan::io
