#pragma once
// The CPU backend: the parallel primitives that shared algorithms are written against,
// implemented with OpenMP on host memory. cuda/par/cuda_backend.cuh implements the same
// interface on a CUDA stream; an algorithm written once as `template <class B>` runs on both.
//
// Determinism: every result is independent of the number of threads. Floating-point sums use a
// fixed partition into blocks of kReduceBlock elements that are combined in block order;
// everything else (counts, scans, compaction, stable sorts, histograms) is exact.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "rimscan/par/hd.h"

namespace rimscan::par {

inline constexpr int64_t kReduceBlock = 1 << 14;

class CpuBackend;

// Owning array in the backend's memory. Contents are uninitialised after construction.
template <class T>
class HostArray {
 public:
  HostArray() = default;
  HostArray(const CpuBackend&, int64_t n) : ptr_(n > 0 ? new T[static_cast<size_t>(n)] : nullptr), n_(n) {}
  T* data() { return ptr_.get(); }
  const T* data() const { return ptr_.get(); }
  int64_t size() const { return n_; }

 private:
  std::unique_ptr<T[]> ptr_;
  int64_t n_ = 0;
};

class CpuBackend {
 public:
  static constexpr bool kIsCuda = false;
  template <class T>
  using Array = HostArray<T>;

  // threads <= 0: OpenMP's default (OMP_NUM_THREADS or the number of cores).
  explicit CpuBackend(int threads = 0) : threads_(threads > 0 ? threads : omp_get_max_threads()) {}
  int threads() const { return threads_; }
  std::string name() const { return "cpu (" + std::to_string(threads_) + " threads)"; }

  // f(i) for every i in [0, n), in any order.
  template <class F>
  void for_each(int64_t n, F f) const {
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t i = 0; i < n; ++i) f(i);
  }

  // f(i) for every i in [0, n) with dynamic scheduling, for bodies of very uneven cost.
  template <class F>
  void for_each_dynamic(int64_t n, F f) const {
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 16)
    for (int64_t i = 0; i < n; ++i) f(i);
  }

  // --- memory -----------------------------------------------------------------------------
  template <class T>
  void fill(T* p, int64_t n, T value) const {
    for_each(n, [=](int64_t i) { p[i] = value; });
  }
  template <class T>
  void copy(const T* src, T* dst, int64_t n) const {
    if (n > 0) std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(T));
  }
  template <class T>
  void upload(const T* host, T* dev, int64_t n) const {
    copy(host, dev, n);
  }
  template <class T>
  void download(const T* dev, T* host, int64_t n) const {
    copy(dev, host, n);
  }
  template <class T>
  T get(const T* p, int64_t i) const {
    return p[i];
  }
  template <class T>
  void set(T* p, int64_t i, T value) const {
    p[i] = value;
  }
  void synchronize() const {}

  // --- reductions ---------------------------------------------------------------------------
  // Sum of f(i) over [0, n) in double, with a thread-count-independent partition.
  template <class F>
  double transform_sum(int64_t n, F f) const {
    const int64_t nblocks = (n + kReduceBlock - 1) / kReduceBlock;
    std::vector<double> partial(static_cast<size_t>(nblocks), 0.0);
    double* pp = partial.data();
    for_each(nblocks, [=](int64_t b) {
      const int64_t lo = b * kReduceBlock, hi = std::min(n, lo + kReduceBlock);
      double s = 0.0;
      for (int64_t i = lo; i < hi; ++i) s += static_cast<double>(f(i));
      pp[b] = s;
    });
    double total = 0.0;
    for (double s : partial) total += s;
    return total;
  }

  // Number of i in [0, n) with pred(i).
  template <class P>
  int64_t count_if(int64_t n, P pred) const {
    int64_t c = 0;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(+ : c)
    for (int64_t i = 0; i < n; ++i) c += pred(i) ? 1 : 0;
    return c;
  }

  // Minimum / maximum of f(i) over [0, n); `init` when n == 0.
  template <class T, class F>
  T transform_min(int64_t n, F f, T init) const {
    T m = init;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(min : m)
    for (int64_t i = 0; i < n; ++i) {
      T v = f(i);
      m = v < m ? v : m;
    }
    return m;
  }
  template <class T, class F>
  T transform_max(int64_t n, F f, T init) const {
    T m = init;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(max : m)
    for (int64_t i = 0; i < n; ++i) {
      T v = f(i);
      m = v > m ? v : m;
    }
    return m;
  }

  // --- scans and compaction -----------------------------------------------------------------
  // out[i] = sum of in[0..i-1]; returns the total. in and out may alias.
  template <class T, class U>
  U exclusive_scan(const T* in, U* out, int64_t n) const {
    U run = 0;
    for (int64_t i = 0; i < n; ++i) {
      U v = static_cast<U>(in[i]);
      out[i] = run;
      run += v;
    }
    return run;
  }

  // Writes, in increasing order, every i in [0, n) with pred(i) to out; returns the count.
  // out must hold n entries.
  template <class P>
  int64_t copy_index_if(int64_t n, P pred, int64_t* out) const {
    const int64_t nblocks = (n + kReduceBlock - 1) / kReduceBlock;
    std::vector<int64_t> counts(static_cast<size_t>(nblocks) + 1, 0);
    int64_t* cp = counts.data();
    for_each(nblocks, [=](int64_t b) {
      const int64_t lo = b * kReduceBlock, hi = std::min(n, lo + kReduceBlock);
      int64_t c = 0;
      for (int64_t i = lo; i < hi; ++i) c += pred(i) ? 1 : 0;
      cp[b] = c;
    });
    exclusive_scan(cp, cp, nblocks + 1);
    for_each(nblocks, [=](int64_t b) {
      const int64_t lo = b * kReduceBlock, hi = std::min(n, lo + kReduceBlock);
      int64_t w = cp[b];
      for (int64_t i = lo; i < hi; ++i)
        if (pred(i)) out[w++] = i;
    });
    return counts[static_cast<size_t>(nblocks)];
  }

  // --- sorting ----------------------------------------------------------------------------
  // Stable sort of (keys, values) by key.
  template <class K, class V>
  void sort_pairs(K* keys, V* values, int64_t n) const {
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t{0});
    std::stable_sort(order.begin(), order.end(), [keys](int64_t a, int64_t b) { return keys[a] < keys[b]; });
    std::vector<K> k2(static_cast<size_t>(n));
    std::vector<V> v2(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      k2[static_cast<size_t>(i)] = keys[order[static_cast<size_t>(i)]];
      v2[static_cast<size_t>(i)] = values[order[static_cast<size_t>(i)]];
    }
    copy(k2.data(), keys, n);
    copy(v2.data(), values, n);
  }
  template <class K>
  void sort(K* keys, int64_t n) const {
    std::sort(keys, keys + n);
  }

  // --- histogram --------------------------------------------------------------------------
  // counts[b] = number of i in [0, n) with bin_of(i) == b; bin_of returns -1 to skip.
  template <class F>
  void histogram(int64_t n, F bin_of, int64_t nbins, int64_t* counts) const {
    std::vector<int64_t> local(static_cast<size_t>(threads_) * static_cast<size_t>(nbins), 0);
    int64_t* lp = local.data();
#pragma omp parallel num_threads(threads_)
    {
      int64_t* mine = lp + static_cast<int64_t>(omp_get_thread_num()) * nbins;
#pragma omp for schedule(static)
      for (int64_t i = 0; i < n; ++i) {
        int64_t b = bin_of(i);
        if (b >= 0 && b < nbins) ++mine[b];
      }
    }
    for (int64_t b = 0; b < nbins; ++b) {
      int64_t s = 0;
      for (int t = 0; t < threads_; ++t) s += lp[t * nbins + b];
      counts[b] = s;
    }
  }

  // --- timing -----------------------------------------------------------------------------
  // Wall-clock seconds since an arbitrary epoch, after all queued work has finished.
  double now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }

 private:
  int threads_;
};

}  // namespace rimscan::par
