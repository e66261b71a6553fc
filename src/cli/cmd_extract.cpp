// rimscan extract: one case, from a T1c (file or DICOM directory) to the case JSON, label maps
// and a QC image.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/analysis_options.h"
#include "cli/case_runner.h"
#include "cli/command.h"
#include "cli/lesion_radiomics.h"
#include "rimscan/io/phi.h"
#include "rimscan/log.h"

namespace rimscan::cli {
namespace {

class ExtractCommand final : public Command {
 public:
  const char* name() const override { return "extract"; }
  const char* summary() const override {
    return "Segment enhancing lesions and measure rim and leptomeningeal enhancement on one case";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("t1c", spec_.t1c, "Post-contrast T1 (NIfTI, NRRD, MetaImage, or a DICOM directory)")->required();
    sub.add_option("-o,--out", out_.json, "Case JSON to write (docs/output.md)")->required();
    sub.add_option("--brain-mask", spec_.brain_mask, "Intracranial mask (non-zero inside); computed when absent");
    sub.add_option("--lesion-mask", spec_.lesion_mask, "Lesion segmentation to measure instead of the automatic one");
    sub.add_option("--lesion-labels", spec_.lesion_labels,
                   "How --lesion-mask encodes lesions: binary, brats2021, brats2023 or enhancing=4,core=1,ignore=2")
        ->capture_default_str();
    sub.add_option("--t1pre", spec_.t1pre, "Pre-contrast T1 on the T1c grid (subtraction-confirmed core)");
    sub.add_option("--flair", spec_.flair, "FLAIR on the T1c grid (FLAIR sulcal index)");
    sub.add_option("--case-id", spec_.case_id,
                   "Case id in the outputs (default: the T1c file name; for DICOM a keyed hash of its UIDs)");
    sub.add_option("--series", series_, "DICOM: the T1c's series (key from `rimscan info DIR`, or its UID); other DICOM inputs are chosen automatically");
    sub.add_option("--series-description", series_description_,
                   "DICOM: choose the series whose description matches this regular expression");
    sub.add_option("--id-salt", id_salt_,
                   "Key of the DICOM case-id hash (default: generated once and kept in the output folder)");
    sub.add_flag("--keep-phi", keep_phi_,
                 "DICOM: write the identifying values of each DICOM input (patient name and ID, birth date, "
                 "accession number, dates, institution, physicians, UIDs) under inputs.<role>.dicom_identifiers. "
                 "Off by default: no output carries patient identifiers");
    sub.add_option("--label-map", out_.label_map, "Write the label map (1 enhancing, 2 core, 3 leptomeningeal)");
    sub.add_option("--lesion-ids", out_.lesion_ids, "Write the lesion-id map (values = lesions[].id)");
    sub.add_option("--qc-png", out_.qc_png, "Write a QC montage (PNG)");
    sub.add_option("--normalised", out_.normalised, "Write the white-matter-normalised T1c (float)");
    sub.add_option("--intracranial-mask-out", out_.intracranial, "Write the intracranial mask used");
    analysis_.declare(sub);
    radiomics_.declare(sub);
    device_.declare(sub);
  }
  int run() override {
    analysis_.validate();
    spec_.lesion_labels = LesionLabelScheme::parse(spec_.lesion_labels).text;  // usage errors before reading
    CaseRunOptions opt;
    opt.params = analysis_.params;
    opt.read.max_voxels = analysis_.max_voxels;
    classify::Model model;
    opt.model = load_model_option(analysis_.model_path, model);
    if (opt.model) opt.model_source = analysis_.model_path;
    opt.keep_phi = keep_phi_;
    opt.radiomics = radiomics_.resolve();
    auto engine = make_engine(device_.request());
    log::info("extract: " + spec_.t1c + " on " + engine->name());
    opt.read.dicom_series = series_;
    opt.read.dicom_description = series_description_;
    std::string salt;
    if (spec_.case_id.empty() && std::filesystem::is_directory(spec_.t1c)) {
      const std::filesystem::path dir = std::filesystem::path(out_.json).parent_path();
      salt = io::resolve_id_salt(id_salt_, dir.empty() ? "." : dir.string());
    }
    LoadedCase loaded = load_case(spec_, opt.read, salt);
    CaseDocument doc = analyse_loaded(loaded, *engine, opt);
    doc.threads = device_.threads;
    write_case_outputs(doc, out_);
    const auto& f = doc.doc["flags"];
    log::info("extract: " + doc.doc["case_id"].get<std::string>() + ": " + std::to_string(doc.result.lesions.size()) +
              " lesion(s), pCE " + f["pce"]["call"].get<std::string>() + ", LMD " + f["lmd"]["call"].get<std::string>());
    return 0;
  }

 private:
  CaseSpec spec_;
  CaseOutputPaths out_;
  AnalysisOptions analysis_;
  RadiomicsOptions radiomics_;
  DeviceOptions device_;
  std::string series_, series_description_, id_salt_;
  bool keep_phi_ = false;
};

}  // namespace

std::unique_ptr<Command> make_extract_command() { return std::make_unique<ExtractCommand>(); }

}  // namespace rimscan::cli
