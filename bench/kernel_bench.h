#pragma once
// The kernel benchmark suite, written once against the backend interface and run for the CPU
// (bench_kernels.cpp) and CUDA (bench_kernels_cuda.cu). Inputs are uploaded once; each timed
// call runs on device memory only, between two synchronisations of the backend, so transfers
// are not counted. Smooth thresholded noise with 10 % foreground, as in the cupyx reference
// numbers of docs/gpu_machine.md.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "rimscan/geometry.h"
#include "rimscan/kernels/ccl.h"
#include "rimscan/kernels/distance.h"
#include "rimscan/kernels/fill_holes.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/kernels/hessian.h"
#include "rimscan/kernels/label_stats.h"
#include "rimscan/kernels/morphology.h"
#include "rimscan/par/hd.h"

namespace rimscan::bench {

// One benchmark volume in host memory.
struct Volume {
  Size3 size;
  std::vector<float> image;   // smooth noise, roughly N(0, 1) scaled, float
  std::vector<uint8_t> mask;  // image > its 90th percentile
};

struct Result {
  std::string kernel;
  int64_t edge;
  std::string backend;
  double mean_ms, min_ms;
  double cpu_ms;  // mean process CPU time per call (all threads; < 0 when not meaningful)
  double bytes;   // minimal traffic: inputs read once + outputs written once
};

struct Options {
  int reps = 5;
  std::vector<std::string> kernels;  // empty = all
  bool wants(const std::string& k) const {
    return kernels.empty() || std::find(kernels.begin(), kernels.end(), k) != kernels.end();
  }
};

// Times f() `reps` times after one warm-up call; host clock between synchronisations. The
// process CPU time is recorded too: on a shared machine, wall time of a multi-threaded call
// includes waiting for cores, CPU time does not.
template <class B, class F>
void time_it(const B& be, const std::string& kernel, const std::string& label, int64_t edge, double bytes,
             const Options& opt, std::vector<Result>& out, F f) {
  f();
  be.synchronize();
  double sum = 0.0, mn = 1e300, cpu = 0.0;
  for (int r = 0; r < opt.reps; ++r) {
    be.synchronize();
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    f();
    be.synchronize();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    cpu += 1e3 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    sum += ms;
    mn = std::min(mn, ms);
  }
  out.push_back(Result{kernel, edge, label, sum / opt.reps, mn, B::kIsCuda ? -1.0 : cpu / opt.reps, bytes});
}

template <class B>
void run_suite(const B& be, const std::string& label, const Volume& vol, const Options& opt,
               std::vector<Result>& out) {
  const Size3 s = vol.size;
  const Vec3 sp{1.0, 1.0, 1.0};
  const int64_t n = s[0] * s[1] * s[2];
  const double dn = static_cast<double>(n);
  par::ArrayOf<B, float> img(be, n), f1(be, n), f2(be, n), f3(be, n);
  par::ArrayOf<B, uint8_t> mask(be, n), m1(be, n);
  par::ArrayOf<B, int32_t> lab(be, n);
  be.upload(vol.image.data(), img.data(), n);
  be.upload(vol.mask.data(), mask.data(), n);
  be.synchronize();
  const int64_t e = s[0];
  if (opt.wants("gaussian"))
    time_it(be, "gaussian sigma 2 vox", label, e, 8 * dn, opt, out,
            [&] { kernels::gaussian_filter(be, img.data(), f1.data(), f2.data(), s, sp, 2.0); });
  if (opt.wants("ccl"))
    time_it(be, "ccl 26", label, e, 5 * dn, opt, out,
            [&] { kernels::label_components(be, mask.data(), lab.data(), s, kernels::Connectivity::k26); });
  if (opt.wants("ccl6"))
    time_it(be, "ccl 6", label, e, 5 * dn, opt, out,
            [&] { kernels::label_components(be, mask.data(), lab.data(), s, kernels::Connectivity::k6); });
  if (opt.wants("fill"))
    time_it(be, "fill holes 3d", label, e, 2 * dn, opt, out,
            [&] { kernels::fill_holes_3d(be, mask.data(), m1.data(), s); });
  if (opt.wants("fill2d"))
    time_it(be, "fill holes 2d (z)", label, e, 2 * dn, opt, out,
            [&] { kernels::fill_holes_2d(be, mask.data(), m1.data(), s, 2); });
  if (opt.wants("edt"))
    time_it(be, "edt", label, e, 5 * dn, opt, out,
            [&] { kernels::distance_transform(be, mask.data(), f1.data(), s, sp); });
  if (opt.wants("erode"))
    time_it(be, "erode 3x3x3", label, e, 2 * dn, opt, out,
            [&] { kernels::erode_voxel(be, mask.data(), m1.data(), s, kernels::Connectivity::k26); });
  if (opt.wants("dilate_mm"))
    time_it(be, "dilate ball 3 mm", label, e, 2 * dn, opt, out,
            [&] { kernels::dilate_mm(be, mask.data(), m1.data(), s, sp, 3.0); });
  if (opt.wants("hessian"))
    time_it(be, "hessian eigenvalues", label, e, 16 * dn, opt, out,
            [&] { kernels::hessian_eigenvalues(be, img.data(), f1.data(), f2.data(), f3.data(), s, sp); });
  if (opt.wants("tubularity"))
    time_it(be, "tubularity 3 scales", label, e, 8 * dn, opt, out, [&] {
      kernels::tubularity(be, img.data(), f1.data(), f2.data(), f3.data(), s, sp, {1.0, 2.0, 3.0});
    });
  if (opt.wants("label_stats")) {
    const int32_t k = kernels::label_components(be, mask.data(), lab.data(), s, kernels::Connectivity::k26);
    time_it(be, "label stats (" + std::to_string(k) + " labels)", label, e, 8 * dn, opt, out,
            [&] { kernels::label_statistics(be, img.data(), lab.data(), k, s); });
  }
}

}  // namespace rimscan::bench
