#pragma once
// DICOM series input (docs/dicom.md). A directory is scanned recursively; image files are
// grouped by SeriesInstanceUID; each series is described (without identifying values), checked
// for a regular 3D grid (slice order and spacing from ImagePositionPatient; gantry tilt, missing
// slices, non-uniform spacing, mixed orientations refused) and can be selected by key, UID,
// description pattern or automatically (post-contrast T1 scoring). io::read_image(dir) uses
// all of this with the selection in ReadOptions, so every command reads DICOM the same way.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "rimscan/error.h"
#include "rimscan/geometry.h"
#include "rimscan/image.h"
#include "rimscan/io/image_io.h"

namespace rimscan::io {

// Values of patient- and study-identifying tags. NEVER written to any output (JSON, CSV, logs,
// file names, error messages) unless the user passed --keep-phi. Kept for --keep-phi output,
// keyed identifiers and tests that scan outputs for PHI.
struct DicomIdentifiers {
  std::string study_uid, series_uid, frame_of_reference_uid;
  std::string patient_name, patient_id, other_patient_ids, patient_birth_date, patient_address;
  std::string accession_number, study_id, institution_name, institution_address, station_name;
  std::string referring_physician, performing_physician, operators_name;
  std::string study_date, series_date, acquisition_date;
  std::vector<std::string> sop_instance_uids;
};

struct DicomSeriesInfo {
  std::string key;                 // dicom_series_key(study UID, series UID): 10 hex digits
  int series_number = -1;          // (0020,0011); -1 when absent
  std::string description;         // (0008,103E) SeriesDescription
  std::string modality;            // (0008,0060)
  std::string contrast_agent;      // (0018,0010) ContrastBolusAgent; empty when absent
  std::string acquisition_time;    // (0008,0032) or SeriesTime, as HH:MM:SS; time of day only
  std::string image_type;          // (0008,0008), e.g. ORIGINAL\PRIMARY\M\ND
  std::string transfer_syntax;     // (0002,0010) UID of the encoding (not identifying)
  std::string scanning_sequence, sequence_variant, mr_acquisition_type;
  double repetition_time_ms = std::numeric_limits<double>::quiet_NaN();
  double echo_time_ms = std::numeric_limits<double>::quiet_NaN();
  double inversion_time_ms = std::numeric_limits<double>::quiet_NaN();
  double flip_angle_deg = std::numeric_limits<double>::quiet_NaN();
  int rows = 0, columns = 0;
  int num_images = 0;              // slices: files, or frames of a multi-frame file
  int num_files = 0;
  bool multiframe = false;
  int bits_allocated = 0;
  bool pixel_signed = false;
  double rescale_slope = 1.0, rescale_intercept = 0.0;  // of the first image
  // The grid, when the series is a readable regular 3D stack (problem empty).
  Geometry geom;
  std::string problem;             // why the series cannot be read, one line; empty when it can
  ErrorCode problem_code = ErrorCode::kInputUnsupported;
  // Files (as found under the scanned directory) and, per grid slice k, which file and frame
  // hold it. Paths may embed UIDs or names: internal only, never written to outputs.
  std::vector<std::string> files;
  std::vector<int> slice_file, slice_frame;
  DicomIdentifiers phi;
};

struct DicomScan {
  std::string dir;                       // as the user gave it
  std::vector<DicomSeriesInfo> series;   // ordered by series number, then key
  int files_seen = 0, dicom_files = 0;   // regular files found / DICOM image files among them
};

// Scans `dir` recursively. Throws kInputMissing when it does not exist, kInputInvalid when it
// holds no DICOM image. Series that cannot be read are listed with `problem` set (not thrown).
DicomScan scan_dicom_dir(const std::string& dir);

// How well a series looks like a post-contrast T1 (higher is better), with the reasons.
struct SeriesScore {
  int score = 0;
  std::vector<std::string> reasons;  // "ContrastBolusAgent set", "description 'post'", ...
};
SeriesScore score_post_contrast_t1(const DicomSeriesInfo& s);

struct SeriesChoice {
  size_t index = 0;     // into DicomScan::series
  std::string reason;   // one line, no identifying values
};

// Chooses a series: by opt.dicom_series (a key from `rimscan info`, or a full SeriesInstanceUID),
// by opt.dicom_description (ECMAScript regex, case-insensitive, searched in SeriesDescription),
// or automatically: the only readable series, or the single best post-contrast T1 score of at
// least 3. Throws kUsage listing the candidates (number, key, description, size, score) when
// the choice is ambiguous or nothing matches; kInputUnsupported/kInputCorrupt (the series'
// problem) when the chosen series cannot be read.
SeriesChoice select_dicom_series(const DicomScan& scan, const ReadOptions& opt);

// The voxels of a readable series, as float with RescaleSlope/Intercept applied, on s.geom.
ImageF read_dicom_series(const DicomSeriesInfo& s, const std::string& what, const ReadOptions& opt);

// Scan + select: what io::read_image(dir) reads. For case ids (case_id_from_uids with
// info.phi.study_uid / series_uid) and input hashes (sha256_files(info.files)).
DicomSeriesInfo select_dicom_input(const std::string& dir, const ReadOptions& opt);

// One line describing a series without identifying values:
// "series 7 [key 3f9a1c2b7d] 'T1 MPRAGE post' MR 256x256x176 1x1x1 mm, agent 'Gadovist'".
std::string describe_series(const DicomSeriesInfo& s);

// Every identifying value of a series (all DicomIdentifiers fields, PatientName components
// split at '^', every SOP Instance UID), non-empty and trimmed: what no output may contain.
std::vector<std::string> identifying_values(const DicomSeriesInfo& s);

}  // namespace rimscan::io
