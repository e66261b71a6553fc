#pragma once
// One case from files to outputs, in three phases that `extract` runs back to back and `batch`
// overlaps across cases (reading in a thread pool while an engine computes):
//   load_case            read and validate the inputs (I/O adapter; no engine)
//   analyse_loaded       run the pipeline on an engine, evaluate the flags, build the JSON
//   write_case_outputs   label maps, QC image, then the JSON last, each written atomically
// Each phase throws rimscan::Error with the input or output named in its message.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rimscan/classify/model.h"
#include "rimscan/engine.h"
#include "rimscan/features/radiomics/params.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/image_io.h"
#include "rimscan/pipeline/case_input.h"
#include "rimscan/pipeline/case_result.h"
#include "rimscan/pipeline/params.h"
#include "rimscan/pipeline/result_json.h"

namespace rimscan::cli {

struct CaseSpec {
  std::string case_id;  // empty: derived from the T1c file name
  std::string t1c, brain_mask, lesion_mask, lesion_labels = "binary", t1pre, flair;
  // Manifest columns rimscan does not know, carried into the outputs unchanged.
  std::vector<std::pair<std::string, std::string>> extra;
};

struct CaseRunOptions {
  AnalysisParams params;
  const classify::Model* model = nullptr;  // nullptr: the built-in default model
  std::string model_source = "built-in default";
  io::ReadOptions read;
  // --keep-phi: write each DICOM input's identifying values under inputs.<role>.dicom_identifiers
  // (docs/dicom.md, "PHI policy"). Off: no identifying value reaches any output.
  bool keep_phi = false;
  // --radiomics: features of each lesion (cli/lesion_radiomics.h); nullopt: none.
  std::optional<radiomics::RadiomicsParams> radiomics;
};

// The case JSON's `parameters`: the analysis parameters, plus `radiomics` (the settings) when
// radiomics is on. Batch resume compares it with the finished documents.
nlohmann::ordered_json case_parameters_json(const CaseRunOptions& opt, const std::string& lesion_labels);

struct LoadedCase {
  CaseSpec spec;
  CaseInput input;
  std::vector<InputRecord> records;
  // Identifying values of each input that is a DICOM directory, by role. Held in memory only;
  // written to the case JSON only with CaseRunOptions::keep_phi.
  std::vector<std::pair<std::string, io::DicomIdentifiers>> dicom_identifiers;
  double read_seconds = 0;
};

struct CaseOutputPaths {
  std::string json;        // the case document (required)
  std::string label_map;   // 0/1/2/3 classes (optional)
  std::string lesion_ids;  // lesion id map (optional)
  std::string qc_png;      // QC montage (optional)
  std::string normalised;  // I_n as float NIfTI (optional)
  std::string intracranial;  // the intracranial mask used (optional)
};

struct CaseDocument {
  nlohmann::ordered_json doc;  // without the run block until write_case_outputs adds it
  CaseResult result;
  double read_seconds = 0;
  double radiomics_seconds = -1;  // < 0: radiomics not computed
  int threads = 0;
};

// The case id used when none is given: the T1c file name without its image extension.
std::string default_case_id(const std::string& t1c_path);

// `id_salt` keys the case id of a DICOM input without a given id (io/phi.h); unused otherwise.
LoadedCase load_case(const CaseSpec& spec, const io::ReadOptions& read, const std::string& id_salt = "");

CaseDocument analyse_loaded(const LoadedCase& c, Engine& engine, const CaseRunOptions& opt);

// Writes the optional outputs first and the JSON last (its presence marks a finished case for
// batch resume). Returns the complete JSON document (with `outputs` and `run`).
nlohmann::ordered_json write_case_outputs(CaseDocument& d, const CaseOutputPaths& out);

// "2026-11-23T10:00:00Z" and the host name, for run blocks.
std::string utc_now_iso8601();
std::string host_name();

}  // namespace rimscan::cli
