// Benchmark of the volumetric kernels (not a test): CPU with 1, 2 and all threads, and CUDA
// when built with it and a device is present, on cubes of smooth thresholded noise (10 %
// foreground). Prints a Markdown table of mean / min wall milliseconds, the mean process CPU
// milliseconds (CPU backend; all threads together) and effective GB/s (minimal bytes read +
// written per call / mean wall time).
//
//   bench_kernels [--quick] [--sizes 128,256,512] [--threads 1,2,0] [--reps N]
//                 [--kernels ccl,edt,...] [--no-cpu] [--no-cuda]
//   --threads: CPU thread counts, 0 = all cores. --quick: 64^3 and 128^3, one rep, all threads.
//   Default sizes: 128,256 (CPU), 128,256,512 (CUDA). Kernel names: gaussian ccl ccl6 fill
//   fill2d edt erode dilate_mm hessian tubularity label_stats.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "kernel_bench.h"
#include "rimscan/device.h"
#include "rimscan/par/cpu_backend.h"

namespace rimscan::bench {
#if defined(RIMSCAN_BENCH_CUDA)
// bench_kernels_cuda.cu: the same suite on a CudaBackend; returns the device name.
std::string run_cuda_suite(const Volume& vol, const Options& opt, std::vector<Result>& out);
#endif
}  // namespace rimscan::bench

using namespace rimscan;
using namespace rimscan::bench;

namespace {

std::vector<int64_t> parse_list(const std::string& s) {
  std::vector<int64_t> v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stoll(item));
  return v;
}
std::vector<std::string> parse_names(const std::string& s) {
  std::vector<std::string> v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(item);
  return v;
}

// Deterministic smooth noise: a hash of the voxel index in [-1, 1), smoothed by a Gaussian of
// 2 voxels (all CPU threads), thresholded at its 90th percentile.
Volume make_volume(int64_t edge) {
  Volume vol;
  vol.size = {edge, edge, edge};
  const int64_t n = edge * edge * edge;
  std::vector<float> noise(static_cast<size_t>(n));
  float* p = noise.data();
  par::CpuBackend be(0);
  be.for_each(n, [=](int64_t i) {
    uint64_t z = static_cast<uint64_t>(i) + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    p[i] = static_cast<float>(static_cast<double>(z >> 11) / 9007199254740992.0 * 2.0 - 1.0);
  });
  vol.image.resize(static_cast<size_t>(n));
  std::vector<float> tmp(static_cast<size_t>(n));
  kernels::gaussian_filter(be, noise.data(), vol.image.data(), tmp.data(), vol.size, {1, 1, 1}, 2.0);
  for (auto& x : vol.image) x *= 10.0f;  // about unit standard deviation
  tmp = vol.image;
  const size_t k = static_cast<size_t>(0.9 * static_cast<double>(n));
  std::nth_element(tmp.begin(), tmp.begin() + static_cast<std::ptrdiff_t>(k), tmp.end());
  const float thr = tmp[k];
  vol.mask.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) vol.mask[static_cast<size_t>(i)] = vol.image[static_cast<size_t>(i)] > thr ? 1 : 0;
  return vol;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  std::vector<int64_t> cpu_sizes{128, 256}, cuda_sizes{128, 256, 512};
  std::vector<int64_t> threads{1, 2, 0};
  bool cpu = true, cuda = true;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    auto next = [&]() -> std::string {
      if (a + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++a];
    };
    if (arg == "--quick") {
      cpu_sizes = cuda_sizes = {64, 128};
      threads = {0};
      opt.reps = 1;
    } else if (arg == "--sizes") {
      cpu_sizes = cuda_sizes = parse_list(next());
    } else if (arg == "--threads") {
      threads = parse_list(next());
    } else if (arg == "--reps") {
      opt.reps = std::max(1, std::atoi(next().c_str()));
    } else if (arg == "--kernels") {
      opt.kernels = parse_names(next());
    } else if (arg == "--no-cpu") {
      cpu = false;
    } else if (arg == "--no-cuda") {
      cuda = false;
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--sizes a,b] [--threads 1,2,0] [--reps N] [--kernels k1,k2] "
                           "[--no-cpu] [--no-cuda]\n", argv[0]);
      return 2;
    }
  }
  std::vector<int64_t> sizes = cpu ? cpu_sizes : std::vector<int64_t>{};
  if (cuda) sizes.insert(sizes.end(), cuda_sizes.begin(), cuda_sizes.end());
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());

  const bool have_cuda = cuda && cuda_unavailable_reason().empty();
  if (cuda && !have_cuda) std::fprintf(stderr, "CUDA column skipped: %s\n", cuda_unavailable_reason().c_str());
  std::vector<Result> results;
  std::string cuda_name;
  for (int64_t edge : sizes) {
    std::fprintf(stderr, "generating %lld^3 ...\n", static_cast<long long>(edge));
    const Volume vol = make_volume(edge);
    if (cpu && std::find(cpu_sizes.begin(), cpu_sizes.end(), edge) != cpu_sizes.end())
      for (size_t ti = 0; ti < threads.size(); ++ti) {
        par::CpuBackend be(static_cast<int>(threads[ti]));
        bool seen = false;  // "all cores" may equal an explicit count
        for (size_t tj = 0; tj < ti; ++tj) seen = seen || par::CpuBackend(static_cast<int>(threads[tj])).threads() == be.threads();
        if (seen) continue;
        std::fprintf(stderr, "  %s\n", be.name().c_str());
        run_suite(be, be.name(), vol, opt, results);
      }
#if defined(RIMSCAN_BENCH_CUDA)
    if (have_cuda && std::find(cuda_sizes.begin(), cuda_sizes.end(), edge) != cuda_sizes.end()) {
      std::fprintf(stderr, "  cuda\n");
      cuda_name = run_cuda_suite(vol, opt, results);
    }
#endif
  }
  std::printf("| kernel | size | backend | mean ms | min ms | CPU ms | GB/s |\n|---|---|---|---:|---:|---:|---:|\n");
  std::vector<Result> sorted = results;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Result& a, const Result& b) {
    return a.kernel != b.kernel ? a.kernel < b.kernel : a.edge < b.edge;
  });
  for (const Result& r : sorted)
    std::printf("| %s | %lld^3 | %s | %.2f | %.2f | %s | %.2f |\n", r.kernel.c_str(), static_cast<long long>(r.edge),
                r.backend.c_str(), r.mean_ms, r.min_ms,
                r.cpu_ms < 0 ? "-" : std::to_string(static_cast<long long>(std::llround(r.cpu_ms))).c_str(),
                r.bytes / (r.mean_ms * 1e-3) / 1e9);
  if (!cuda_name.empty()) std::printf("\nCUDA device: %s\n", cuda_name.c_str());
  return 0;
}
