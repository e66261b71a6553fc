#include "cli/case_runner.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "cli/dicom_identifiers_json.h"
#include "cli/lesion_radiomics.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/io/dicom.h"
#include "rimscan/io/phi.h"
#include "rimscan/log.h"
#if defined(RIMSCAN_HAVE_RENDER)
#include "rimscan/render/render.h"
#endif

namespace rimscan::cli {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string default_case_id(const std::string& t1c_path) {
  fs::path p(t1c_path);
  std::string name = p.filename().string();
  if (name.empty()) name = p.parent_path().filename().string();  // "dir/" -> "dir"
  const std::string ext = io::full_extension(name);
  if (!ext.empty() && name.size() > ext.size()) name = name.substr(0, name.size() - ext.size());
  return name.empty() ? "case" : name;
}

std::string utc_now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A DICOM directory is hashed over its series' files in slice order and named by its series
// key; `dicom` receives the selected series (case id, identifiers) when the path is a directory.
InputRecord record_for(const std::string& role, const std::string& path, const Geometry& g,
                       const io::ReadOptions& read, io::DicomSeriesInfo* dicom) {
  InputRecord r;
  r.role = role;
  r.path = path;
  r.geom = g;
  if (fs::is_directory(path)) {
    io::DicomSeriesInfo info = io::select_dicom_input(path, read);
    r.sha256 = io::sha256_files(info.files);
    r.series_key = info.key;
    *dicom = std::move(info);
  } else {
    r.sha256 = io::sha256_file(path);
  }
  return r;
}

ImageU8 to_mask(const ImageI32& labels) {
  ImageU8 m(labels.geom);
  for (size_t v = 0; v < labels.voxels.size(); ++v) m.voxels[v] = labels.voxels[v] != 0 ? 1 : 0;
  return m;
}

}  // namespace

LoadedCase load_case(const CaseSpec& spec, const io::ReadOptions& read, const std::string& id_salt) {
  const auto t0 = std::chrono::steady_clock::now();
  LoadedCase c;
  c.spec = spec;
  CaseInput& in = c.input;
  in.t1c = io::read_image(spec.t1c, read);
  in.t1c_name = spec.t1c;
  // Each input's record; a DICOM directory's identifying values are kept (in memory) by role.
  auto record = [&](const std::string& role, const std::string& path, const Geometry& g,
                    const io::ReadOptions& how) {
    io::DicomSeriesInfo info;
    c.records.push_back(record_for(role, path, g, how, &info));
    if (!info.key.empty()) c.dicom_identifiers.emplace_back(role, info.phi);
    return info;
  };
  const io::DicomSeriesInfo dicom = record("t1c", spec.t1c, in.t1c.geom, read);
  // --series / --series-description choose the T1c's series; any other input given as a DICOM
  // directory is chosen automatically (a key of the T1c's series would not be found there).
  io::ReadOptions other_read = read;
  other_read.dicom_series.clear();
  other_read.dicom_description.clear();
  if (c.spec.case_id.empty()) {
    // A DICOM series gets a keyed hash of its UIDs (never a value from the files); a file its
    // name as the user gave it.
    if (!dicom.key.empty()) {
      if (id_salt.empty())
        throw Error(ErrorCode::kInternal, "load_case: a DICOM input needs an id salt for its case id");
      c.spec.case_id = io::case_id_from_uids(dicom.phi.study_uid, dicom.phi.series_uid, id_salt);
    } else {
      c.spec.case_id = default_case_id(spec.t1c);
    }
  }
  if (!spec.brain_mask.empty()) {
    in.brain_mask = to_mask(io::read_labels(spec.brain_mask, other_read));
    in.brain_mask_name = spec.brain_mask;
    record("brain_mask", spec.brain_mask, in.brain_mask->geom, other_read);
  }
  if (!spec.lesion_mask.empty()) {
    in.lesion_mask = io::read_labels(spec.lesion_mask, other_read);
    in.lesion_mask_name = spec.lesion_mask;
    in.lesion_labels = LesionLabelScheme::parse(spec.lesion_labels.empty() ? "binary" : spec.lesion_labels);
    record("lesion_mask", spec.lesion_mask, in.lesion_mask->geom, other_read);
  }
  if (!spec.t1pre.empty()) {
    in.t1pre = io::read_image(spec.t1pre, other_read);
    in.t1pre_name = spec.t1pre;
    record("t1pre", spec.t1pre, in.t1pre->geom, other_read);
  }
  if (!spec.flair.empty()) {
    in.flair = io::read_image(spec.flair, other_read);
    in.flair_name = spec.flair;
    record("flair", spec.flair, in.flair->geom, other_read);
  }
  c.read_seconds = seconds_since(t0);
  return c;
}

json case_parameters_json(const CaseRunOptions& opt, const std::string& lesion_labels) {
  json p = params_to_json(opt.params, lesion_labels);
  if (opt.radiomics) p["radiomics"] = radiomics_parameters_json(*opt.radiomics);
  return p;
}

CaseDocument analyse_loaded(const LoadedCase& c, Engine& engine, const CaseRunOptions& opt) {
  validate_case_input(c.input, opt.params);
  CaseDocument d;
  d.read_seconds = c.read_seconds;
  d.result = engine.analyse(c.input, opt.params);
  d.doc = case_to_json(c.spec.case_id, c.records, opt.params, c.input.lesion_labels.text, d.result);
  d.doc["parameters"] = case_parameters_json(opt, c.input.lesion_labels.text);
  if (opt.keep_phi) {
    // Only here, under one named key per DICOM input (docs/dicom.md, "PHI policy").
    for (const auto& [role, id] : c.dicom_identifiers) d.doc["inputs"][role]["dicom_identifiers"] = dicom_identifiers_json(id);
  }
  if (opt.radiomics)
    d.radiomics_seconds =
        add_lesion_radiomics(d.doc, engine, c.input.t1c, c.spec.t1c, opt.read, d.result, *opt.radiomics);
  if (!c.spec.extra.empty()) {
    json extra = json::object();
    for (const auto& [k, v] : c.spec.extra) extra[k] = v;
    d.doc["manifest_columns"] = extra;
  }
  const classify::Model& model = opt.model ? *opt.model : classify::default_model();
  json flags = json::object();
  for (const char* name : {"pce", "lmd"}) {
    const classify::FlagModel* fm = model.find(name);
    if (!fm) continue;
    flags[name] = classify::flag_to_json(classify::evaluate(*fm, d.doc));
  }
  flags["model"] = {{"source", opt.model_source}, {"description", model.description}};
  d.doc["flags"] = flags;
  return d;
}

json write_case_outputs(CaseDocument& d, const CaseOutputPaths& out) {
  const auto t0 = std::chrono::steady_clock::now();
  json outputs = json::object();
  if (!out.label_map.empty()) {
    io::write_labels(d.result.label_map, out.label_map);
    outputs["label_map"] = out.label_map;
  }
  if (!out.lesion_ids.empty()) {
    io::write_labels(d.result.lesion_ids, out.lesion_ids);
    outputs["lesion_ids"] = out.lesion_ids;
  }
  if (!out.intracranial.empty()) {
    io::write_labels(d.result.intracranial, out.intracranial);
    outputs["intracranial_mask"] = out.intracranial;
  }
  if (!out.normalised.empty()) {
    io::write_image(d.result.normalised, out.normalised);
    outputs["normalised"] = out.normalised;
  }
  if (!out.qc_png.empty()) {
#if defined(RIMSCAN_HAVE_RENDER)
    render::RenderOptions ro;
    ro.window = {0.0, 2.5};  // I_n: white matter at 1, enhancement towards 2
    ro.title = d.doc.value("case_id", std::string()) + "  pCE " +
               d.doc["flags"]["pce"].value("call", std::string("?")) + "  LMD " +
               d.doc["flags"]["lmd"].value("call", std::string("?"));
    std::vector<render::SliceSpec> slices = render::qc_slices(4);
    const auto& s = d.result.summary;
    if (s.index_lesion_id) {
      const Vec3 c = d.result.lesions[static_cast<size_t>(*s.index_lesion_id - 1)].centroid_mm;
      slices.insert(slices.begin(), {render::slice_through(d.result.normalised.geom, render::Plane::kAxial, c),
                                     render::slice_through(d.result.normalised.geom, render::Plane::kCoronal, c)});
    }
    render::write_png(render::render_montage(d.result.normalised, &d.result.label_map, slices, 4, ro), out.qc_png);
    outputs["qc_png"] = out.qc_png;
#else
    throw Error(ErrorCode::kUsage, "--qc-png: this rimscan was built without the drawing adapter (OpenCV)");
#endif
  }
  d.doc["outputs"] = outputs;
  RunRecord run;
  run.host = host_name();
  run.date_utc = utc_now_iso8601();
  run.threads = d.threads;
  run.extra_seconds = {{"read", d.read_seconds}, {"write_maps", seconds_since(t0)}};
  if (d.radiomics_seconds >= 0) run.extra_seconds.emplace_back("radiomics", d.radiomics_seconds);
  d.doc["run"] = run_to_json(d.result, run);
  io::write_file_atomic(out.json, d.doc.dump(2) + "\n");
  return d.doc;
}

}  // namespace rimscan::cli
