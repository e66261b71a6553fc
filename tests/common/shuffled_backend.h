#pragma once
// A test backend that runs every for_each in a pseudo-random order of its indices (optionally
// on several threads). The CPU backend's static schedule visits indices almost in raster order,
// which hides bugs of algorithms whose result must not depend on the order of parallel work
// (union-find with atomics, scatter passes); on a GPU the order is arbitrary. Running the same
// template code here under many permutations approximates that without a GPU.
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "rimscan/par/cpu_backend.h"

namespace rimscan::test {

class ShuffledBackend : public par::CpuBackend {
 public:
  ShuffledBackend(unsigned seed, int threads) : par::CpuBackend(threads), seed_(seed) {}

  template <class F>
  void for_each(int64_t n, F f) const {
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t{0});
    std::mt19937_64 rng(seed_ + static_cast<unsigned>(calls_++));
    std::shuffle(order.begin(), order.end(), rng);
    const int64_t* o = order.data();
#pragma omp parallel for num_threads(threads()) schedule(dynamic, 7)
    for (int64_t i = 0; i < n; ++i) f(o[i]);
  }
  template <class F>
  void for_each_dynamic(int64_t n, F f) const {
    for_each(n, f);
  }
  template <class T>
  void fill(T* p, int64_t n, T value) const {
    for_each(n, [=](int64_t i) { p[i] = value; });
  }

 private:
  unsigned seed_;
  mutable int64_t calls_ = 0;
};

}  // namespace rimscan::test
