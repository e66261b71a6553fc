#pragma once
// The per-case pipeline benchmark, written once against the backend interface and run for the
// CPU (bench_pipeline.cpp) and CUDA (bench_pipeline_cuda.cu). The timed region is
// pipeline::analyse_case from a decoded volume in host memory to the downloaded results
// (upload, intracranial mask, normalisation, segmentation, lesion and leptomeningeal metrics,
// download, host mesh measures); reading files is timed apart by the caller. Stage times come
// from analyse_case's own stage clock (the backend synchronised at each mark).
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/analyse_case.h"
#include "rimscan/par/cpu_backend.h"
#include "rimscan/pipeline/case_input.h"

namespace rimscan::bench {

// One timed run of a case: stage seconds in pipeline order and the whole case.
struct PipelineRun {
  std::vector<std::pair<std::string, double>> stages;
  double whole_s = 0;        // host wall clock around analyse_case
  double event_s = -1;       // CUDA events on the backend's stream around it (CUDA only)
  double cpu_s = -1;         // process CPU time (CPU backend only)
  int32_t lesions = 0;
};

// Minimal device-memory traffic of a stage in bytes per voxel (inputs read once, outputs
// written once), the basis of its effective bandwidth. Upload and download are host<->device
// traffic and are compared with the copy bandwidth all the same (they are far below it).
inline double stage_bytes_per_voxel(const std::string& stage) {
  if (stage == "upload") return 4;                   // T1c float
  if (stage == "intracranial_mask") return 4 + 1;    // T1c -> mask
  if (stage == "normalisation") return 4 + 1 + 4;    // T1c, mask -> I_n
  // I_n, mask -> smoothed I_n, distance to outside, tubularity, ventricles, zone, E, C
  if (stage == "segmentation") return 4 + 1 + 4 + 4 + 4 + 1 + 1 + 1 + 1;
  if (stage == "lesion_metrics") return 4 + 1 + 1 + 4;  // I_n, E, C -> lesion ids
  // I_n, smoothed, tubularity, mask, distance, ventricles, zone, E, C -> LME
  if (stage == "leptomeningeal_metrics") return 4 + 4 + 4 + 1 + 4 + 1 + 1 + 1 + 1 + 1;
  if (stage == "download") return 1 + 4 + 1 + 4;     // label map, ids, mask, I_n
  return 0;                                          // host work (mesh and summary)
}

// Median of the runs, stage by stage (the stage lists are equal: same pipeline, same input).
inline PipelineRun median_run(const std::vector<PipelineRun>& runs) {
  auto med = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : (v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]));
  };
  PipelineRun m = runs.front();
  for (size_t s = 0; s < m.stages.size(); ++s) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(r.stages[s].second);
    m.stages[s].second = med(v);
  }
  std::vector<double> w, e, c;
  for (const auto& r : runs) {
    w.push_back(r.whole_s);
    e.push_back(r.event_s);
    c.push_back(r.cpu_s);
  }
  m.whole_s = med(w);
  m.event_s = med(e);
  m.cpu_s = med(c);
  return m;
}

// A CPU backend that counts what would cross between host and device on CUDA: uploads,
// downloads, single-element gets/sets, and the calls that return a host scalar (reductions,
// compaction counts, scan totals), each of which synchronises the CUDA stream. The pipeline is
// the same template on both backends, so the counts are the CUDA path's.
class CountingBackend : public par::CpuBackend {
 public:
  struct Counts {
    int64_t uploads = 0, upload_bytes = 0, downloads = 0, download_bytes = 0, gets = 0, sets = 0, scalar_results = 0;
  };
  explicit CountingBackend(int threads) : par::CpuBackend(threads) {}
  const Counts& counts() const { return c_; }

  template <class T>
  void upload(const T* host, T* dev, int64_t n) const {
    ++c_.uploads;
    c_.upload_bytes += n * static_cast<int64_t>(sizeof(T));
    par::CpuBackend::upload(host, dev, n);
  }
  template <class T>
  void download(const T* dev, T* host, int64_t n) const {
    ++c_.downloads;
    c_.download_bytes += n * static_cast<int64_t>(sizeof(T));
    par::CpuBackend::download(dev, host, n);
  }
  template <class T>
  T get(const T* p, int64_t i) const {
    ++c_.gets;
    return par::CpuBackend::get(p, i);
  }
  template <class T>
  void set(T* p, int64_t i, T value) const {
    ++c_.sets;
    par::CpuBackend::set(p, i, value);
  }
  template <class F>
  double transform_sum(int64_t n, F f) const {
    ++c_.scalar_results;
    return par::CpuBackend::transform_sum(n, f);
  }
  template <class P>
  int64_t count_if(int64_t n, P pred) const {
    ++c_.scalar_results;
    return par::CpuBackend::count_if(n, pred);
  }
  template <class T, class F>
  T transform_min(int64_t n, F f, T init) const {
    ++c_.scalar_results;
    return par::CpuBackend::transform_min(n, f, init);
  }
  template <class T, class F>
  T transform_max(int64_t n, F f, T init) const {
    ++c_.scalar_results;
    return par::CpuBackend::transform_max(n, f, init);
  }
  template <class P>
  int64_t copy_index_if(int64_t n, P pred, int64_t* out) const {
    ++c_.scalar_results;
    return par::CpuBackend::copy_index_if(n, pred, out);
  }
  template <class T, class U>
  U exclusive_scan(const T* in, U* out, int64_t n) const {
    c_.gets += 2;  // the CUDA backend reads the last input and output element
    return par::CpuBackend::exclusive_scan(in, out, n);
  }

 private:
  mutable Counts c_;
};

}  // namespace rimscan::bench
