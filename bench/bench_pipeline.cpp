// Benchmark of the whole per-case pipeline (not a test), stage by stage, on the CPU and on CUDA
// (when built with it and a device is present), for phantoms of 128^3, 256^3 and 512^3 voxels
// and the real cases carried as raw volumes (tests/common/raw_volume.h). The timed region runs
// from the decoded volume in host memory to the results in host memory (pipeline/analyse_case.h:
// upload, intracranial mask, normalisation, segmentation, lesion metrics, leptomeningeal
// metrics, download, host mesh measures); reading the raw file and generating a phantom are
// timed apart.
//
// Per stage: CPU ms, GPU ms, the GPU's effective bandwidth (minimal bytes of the stage /
// time, pipeline_bench.h) and its share of the measured device-to-device copy bandwidth, and
// the CPU/GPU ratio; per case: whole-case times (GPU: CUDA events on the stream) and the
// host<->device traffic counted on the shared pipeline (--count-transfers). A Markdown table on
// stdout, everything in JSON with --json.
//
//   bench_pipeline [--sizes 128,256,512] [--cpu-max-edge 256] [--threads 2] [--reps 10]
//                  [--cpu-reps 1] [--real DIR|none] [--no-cpu] [--no-cuda] [--count-transfers]
//                  [--json FILE]
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/raw_volume.h"
#include "pipeline_bench.h"
#include "rimscan/device.h"
#include "rimscan/engine.h"
#include "rimscan/features/radiomics/radiomics.h"
#include "rimscan/phantom/phantom.h"

namespace rimscan::bench {
#if defined(RIMSCAN_BENCH_CUDA)
double cuda_copy_bandwidth_gbs(std::string* device_name);
std::vector<PipelineRun> run_cuda_pipeline(const CaseInput& in, const AnalysisParams& p, int reps,
                                           std::string* device_name);
#endif
}  // namespace rimscan::bench

using namespace rimscan;
using namespace rimscan::bench;
using json = nlohmann::ordered_json;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<int64_t> parse_list(const std::string& s) {
  std::vector<int64_t> v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stoll(item));
  return v;
}

struct BenchInput {
  std::string name;
  CaseInput in;
  double prepare_s = 0;  // phantom generation or raw-file read (not part of the pipeline)
  std::string prepare_what;
  ImageU8 roi;           // radiomics ROI (real cases with a lesion mask: enhancing label 4)
};

int64_t count_nonzero(const ImageU8& m) {
  int64_t c = 0;
  for (uint8_t v : m.voxels) c += v != 0;
  return c;
}

// Median seconds of radiomics::extract (all feature classes, pyradiomics defaults) over reps
// after one warm-up call: crop, discretisation and texture matrices on the engine, formulas on
// the host.
double time_radiomics(Engine& e, const ImageF& img, const ImageU8& roi, int reps) {
  const radiomics::RadiomicsParams params;
  radiomics::extract(e, img, roi, params);
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    radiomics::extract(e, img, roi, params);
    t.push_back(seconds_since(t0));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// A cube of edge voxels over a 230 mm field of view (the phantom head is at most 216 mm), with a
// rim-enhancing lesion and leptomeningeal enhancement; one partial-volume sample per voxel.
BenchInput phantom_input(int64_t edge) {
  const auto t0 = std::chrono::steady_clock::now();
  phantom::PhantomParams pp = phantom::preset("ci");
  const double s = 230.0 / static_cast<double>(edge);
  pp.spacings = {{s, s, s}};
  pp.fov_mm = {230, 230, 230};
  pp.kinds = {phantom::CaseKind::kRimLmd};
  pp.pv_step_mm = s;
  phantom::PhantomCase c = phantom::generate_case(pp, 5, 0);
  BenchInput b;
  b.name = "phantom " + std::to_string(edge) + "^3";
  b.in.t1c = std::move(c.t1c);
  b.prepare_s = seconds_since(t0);
  b.prepare_what = "generate";
  return b;
}

std::vector<BenchInput> real_inputs(const std::string& dir) {
  std::vector<BenchInput> out;
  std::ifstream list(dir + "/cases.txt");
  std::string line;
  while (std::getline(list, line)) {
    std::istringstream ss(line);
    std::string id, t1c, lesion;
    if (!(ss >> id >> t1c) || id[0] == '#') continue;
    ss >> lesion;
    const auto t0 = std::chrono::steady_clock::now();
    BenchInput b;
    b.in.t1c = test::read_raw_volume<float>(dir + "/" + t1c);
    b.prepare_s = seconds_since(t0);
    if (!lesion.empty()) {
      const ImageI32 seg = test::read_raw_volume<int32_t>(dir + "/" + lesion);
      b.roi = ImageU8(seg.geom, 0);
      for (size_t v = 0; v < seg.voxels.size(); ++v) b.roi.voxels[v] = seg.voxels[v] == 4 ? 1 : 0;
    }
    b.prepare_what = "read raw (zlib)";
    const Size3 sz = b.in.t1c.geom.size;
    b.name = id + " " + std::to_string(sz[0]) + "x" + std::to_string(sz[1]) + "x" + std::to_string(sz[2]);
    out.push_back(std::move(b));
  }
  return out;
}

json stages_json(const PipelineRun& r) {
  json j = json::object();
  for (const auto& [name, s] : r.stages) j[name] = s;
  return j;
}

double stage_of(const PipelineRun& r, const std::string& name) {
  for (const auto& [n, s] : r.stages)
    if (n == name) return s;
  return -1;
}

std::string fmt(double v, const char* f = "%.2f") {
  if (v < 0) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> sizes{128, 256, 512};
  int64_t cpu_max_edge = 256;
  int threads = 2, reps = 10, cpu_reps = 1;
  bool cpu = true, cuda = true, count = false;
  std::string json_path;
  std::string real_dir;
  {
    const char* env = std::getenv("RIMSCAN_RAW_CASES");
    real_dir = env && *env ? env : std::string(RIMSCAN_SOURCE_DIR) + "/gpu_carry/cases";
  }
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    auto next = [&]() -> std::string {
      if (a + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++a];
    };
    if (arg == "--sizes") sizes = parse_list(next());
    else if (arg == "--cpu-max-edge") cpu_max_edge = std::stoll(next());
    else if (arg == "--threads") threads = std::stoi(next());
    else if (arg == "--reps") reps = std::max(1, std::stoi(next()));
    else if (arg == "--cpu-reps") cpu_reps = std::max(1, std::stoi(next()));
    else if (arg == "--real") real_dir = next();
    else if (arg == "--no-cpu") cpu = false;
    else if (arg == "--no-cuda") cuda = false;
    else if (arg == "--count-transfers") count = true;
    else if (arg == "--json") json_path = next();
    else {
      std::fprintf(stderr,
                   "usage: %s [--sizes 128,256,512] [--cpu-max-edge 256] [--threads 2] [--reps 10] [--cpu-reps 1] "
                   "[--real DIR|none] [--no-cpu] [--no-cuda] [--count-transfers] [--json FILE]\n",
                   argv[0]);
      return 2;
    }
  }
  const bool have_cuda = cuda && cuda_unavailable_reason().empty();
  if (cuda && !have_cuda) std::fprintf(stderr, "CUDA column skipped: %s\n", cuda_unavailable_reason().c_str());
#if !defined(RIMSCAN_BENCH_CUDA)
  if (cuda && have_cuda) std::fprintf(stderr, "CUDA column skipped: bench_pipeline built without CUDA\n");
#endif

  json doc;
  doc["date_utc"] = utc_now();
  par::CpuBackend probe(threads);
  doc["cpu_backend"] = probe.name();
  doc["cpu_max_edge"] = cpu_max_edge;
  double copy_gbs = -1;
  std::string cuda_name;
#if defined(RIMSCAN_BENCH_CUDA)
  if (have_cuda) {
    copy_gbs = cuda_copy_bandwidth_gbs(&cuda_name);
    doc["cuda_device"] = cuda_name;
    doc["d2d_copy_gbs"] = copy_gbs;
    std::fprintf(stderr, "%s: device-to-device copy %.0f GB/s (read + write)\n", cuda_name.c_str(), copy_gbs);
  }
#endif
  const AnalysisParams params;
  std::vector<std::function<BenchInput()>> makers;
  for (int64_t e : sizes) makers.push_back([e] { return phantom_input(e); });
  std::vector<BenchInput> reals;
  if (real_dir != "none" && std::filesystem::exists(real_dir + "/cases.txt")) reals = real_inputs(real_dir);
  else if (real_dir != "none") std::fprintf(stderr, "no real cases in %s (scripts/gpu_checks_build.sh)\n", real_dir.c_str());
  for (size_t q = 0; q < reals.size(); ++q) makers.push_back([&reals, q] { return std::move(reals[q]); });

  json inputs = json::array();
  std::string table;
  std::string summary = "\n| case | voxels | CPU whole s (" + probe.name() + ") | GPU whole ms (events) | CPU/GPU |\n|---|---:|---:|---:|---:|\n";
  for (auto& make : makers) {
    BenchInput b = make();
    const int64_t n = b.in.t1c.num_voxels();
    const int64_t edge = b.in.t1c.geom.size[0];
    std::fprintf(stderr, "%s: %s %.2f s\n", b.name.c_str(), b.prepare_what.c_str(), b.prepare_s);
    json ji;
    ji["name"] = b.name;
    ji["voxels"] = n;
    ji[b.prepare_what == "generate" ? "generate_s" : "read_s"] = b.prepare_s;
    PipelineRun c_med, g_med;
    bool have_c = false, have_g = false;
    const bool phantom_too_big_for_cpu = b.prepare_what == "generate" && edge > cpu_max_edge;
    if (cpu && !phantom_too_big_for_cpu) {
      std::vector<PipelineRun> runs;
      for (int r = 0; r < cpu_reps; ++r) {
        par::CpuBackend be(threads);
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        CaseResult res = pipeline::analyse_case(be, b.in, params);
        PipelineRun run;
        run.whole_s = seconds_since(t0);
        run.cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        run.stages = res.stage_seconds;
        run.lesions = static_cast<int32_t>(res.lesions.size());
        runs.push_back(std::move(run));
        std::fprintf(stderr, "  cpu run %d: %.2f s wall, %.2f s CPU, %d lesions\n", r + 1, runs.back().whole_s,
                     runs.back().cpu_s, runs.back().lesions);
      }
      c_med = median_run(runs);
      have_c = true;
      ji["cpu"] = {{"backend", probe.name()}, {"reps", cpu_reps}, {"whole_s", c_med.whole_s}, {"process_cpu_s", c_med.cpu_s},
                   {"lesions", c_med.lesions}, {"stages_s", stages_json(c_med)}};
    }
#if defined(RIMSCAN_BENCH_CUDA)
    if (have_cuda) {
      std::vector<PipelineRun> runs = run_cuda_pipeline(b.in, params, reps, &cuda_name);
      g_med = median_run(runs);
      have_g = true;
      std::fprintf(stderr, "  cuda: %.2f ms (events), %.2f ms wall, %d lesions\n", g_med.event_s * 1e3,
                   g_med.whole_s * 1e3, g_med.lesions);
      ji["cuda"] = {{"device", cuda_name}, {"reps", reps}, {"whole_s", g_med.whole_s}, {"event_s", g_med.event_s},
                    {"lesions", g_med.lesions}, {"stages_s", stages_json(g_med)}};
    }
#endif
    if (count && !phantom_too_big_for_cpu) {  // the count runs the CPU pipeline once more
      CountingBackend cb(threads);
      pipeline::analyse_case(cb, b.in, params);
      const auto& k = cb.counts();
      ji["transfers"] = {{"uploads", k.uploads},       {"upload_bytes", k.upload_bytes}, {"downloads", k.downloads},
                         {"download_bytes", k.download_bytes}, {"gets", k.gets},          {"sets", k.sets},
                         {"scalar_results", k.scalar_results}};
      std::fprintf(stderr, "  transfers: %lld uploads (%.1f MB), %lld downloads (%.1f MB), %lld gets, %lld sets, %lld "
                           "reductions returning a host scalar\n",
                   static_cast<long long>(k.uploads), k.upload_bytes / 1e6, static_cast<long long>(k.downloads),
                   k.download_bytes / 1e6, static_cast<long long>(k.gets), static_cast<long long>(k.sets),
                   static_cast<long long>(k.scalar_results));
    }
    // Radiomics on the expert enhancing label (real cases with a mask).
    double rad_c = -1, rad_g = -1;
    if (!b.roi.empty() && count_nonzero(b.roi) > 0) {
      if (cpu) {
        auto e = make_cpu_engine(threads);
        rad_c = time_radiomics(*e, b.in.t1c, b.roi, 3);
      }
#if defined(RIMSCAN_BENCH_CUDA)
      if (have_cuda) {
        auto e = make_cuda_engine(0);
        rad_g = time_radiomics(*e, b.in.t1c, b.roi, 10);
      }
#endif
      ji["radiomics"] = {{"roi_voxels", count_nonzero(b.roi)}, {"cpu_s", rad_c}, {"cuda_s", rad_g}};
      std::fprintf(stderr, "  radiomics (label 4, %lld voxels): cpu %s ms, cuda %s ms\n",
                   static_cast<long long>(count_nonzero(b.roi)), fmt(rad_c * 1e3, "%.1f").c_str(),
                   fmt(rad_g * 1e3, "%.2f").c_str());
    }
    // Stage table.
    const PipelineRun& order = have_g ? g_med : c_med;
    if (have_c || have_g) {
      table += "\n### " + b.name + "\n\n| stage | CPU ms | GPU ms | GPU GB/s | % of D2D copy | CPU/GPU |\n|---|---:|---:|---:|---:|---:|\n";
      json bw = json::object();
      for (const auto& [stage, unused] : order.stages) {
        (void)unused;
        const double cs = have_c ? stage_of(c_med, stage) : -1, gs = have_g ? stage_of(g_med, stage) : -1;
        const double bytes = stage_bytes_per_voxel(stage) * static_cast<double>(n);
        const double gbs = (gs > 0 && bytes > 0) ? bytes / gs / 1e9 : -1;
        if (gbs > 0) bw[stage] = gbs;
        table += "| " + stage + " | " + fmt(cs * 1e3, "%.1f") + " | " + fmt(gs * 1e3, "%.3f") + " | " + fmt(gbs, "%.1f") +
                 " | " + fmt(gbs > 0 && copy_gbs > 0 ? 100.0 * gbs / copy_gbs : -1, "%.1f") + " | " +
                 fmt(cs > 0 && gs > 0 ? cs / gs : -1, "%.0f") + " |\n";
      }
      const double cw = have_c ? c_med.whole_s : -1, gw = have_g ? g_med.event_s : -1;
      table += "| **whole case** | " + fmt(cw * 1e3, "%.1f") + " | " + fmt(gw * 1e3, "%.3f") + " | | | " +
               fmt(cw > 0 && gw > 0 ? cw / gw : -1, "%.0f") + " |\n";
      if (rad_c > 0 || rad_g > 0)
        table += "| radiomics, label 4 (" + std::to_string(count_nonzero(b.roi)) + " voxels, all classes; not in the case) | " +
                 fmt(rad_c * 1e3, "%.1f") + " | " + fmt(rad_g * 1e3, "%.3f") + " | | | " +
                 fmt(rad_c > 0 && rad_g > 0 ? rad_c / rad_g : -1, "%.0f") + " |\n";
      if (have_g) ji["cuda"]["effective_gbs"] = bw;
      summary += "| " + b.name + " | " + std::to_string(n) + " | " + fmt(cw, "%.2f") + " | " + fmt(gw * 1e3, "%.2f") +
                 " | " + fmt(cw > 0 && gw > 0 ? cw / gw : -1, "%.0f") + " |\n";
      if (b.name == "phantom 256^3") {
        if (have_g) doc["target_gpu_256_le_20ms"] = g_med.event_s <= 0.020;
        if (have_c && threads == 2) doc["target_cpu_256_2threads_le_10s"] = c_med.whole_s <= 10.0;
      }
    }
    inputs.push_back(ji);
  }
  doc["inputs"] = inputs;
  std::printf("# bench_pipeline, %s\n\nCPU: %s%s\n%s%s", doc["date_utc"].get<std::string>().c_str(), probe.name().c_str(),
              cuda_name.empty() ? "" : ("; GPU: " + cuda_name + ", D2D copy " + fmt(copy_gbs, "%.0f") + " GB/s").c_str(),
              table.c_str(), summary.c_str());
  if (doc.contains("target_gpu_256_le_20ms"))
    std::printf("\nTarget GPU whole case <= 20 ms at 256^3: %s\n", doc["target_gpu_256_le_20ms"].get<bool>() ? "met" : "NOT met");
  if (doc.contains("target_cpu_256_2threads_le_10s"))
    std::printf("Target CPU whole case <= 10 s at 256^3 on 2 threads: %s\n",
                doc["target_cpu_256_2threads_le_10s"].get<bool>() ? "met" : "NOT met");
  if (!json_path.empty()) {
    std::ofstream f(json_path);
    f << doc.dump(2) << "\n";
  }
  return 0;
}
