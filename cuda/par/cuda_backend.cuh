#pragma once
// The CUDA backend: the same primitive interface as rimscan::par::CpuBackend
// (include/rimscan/par/cpu_backend.h), on one CUDA stream, with Thrust/CUB doing the
// reductions, scans, compaction and sorts. Device memory comes from the stream-ordered pool
// (cudaMallocAsync), so the many temporaries of one case are recycled without cudaMalloc cost.
//
// Results equal the CPU backend's exactly for counts, scans, compaction, stable sorts and
// histograms; floating-point sums may differ in the last bits (a different summation tree) and
// are compared at 1e-5 relative by the parity tests.
#include <cuda_runtime.h>
#include <thrust/copy.h>
#include <thrust/execution_policy.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/reduce.h>
#include <thrust/scan.h>
#include <thrust/sort.h>
#include <thrust/transform_reduce.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "cuda/cuda_check.h"
#include "rimscan/par/hd.h"

namespace rimscan::par {

class CudaBackend;

namespace cuda_detail {
// Thrust temporary storage from the stream-ordered pool.
struct StreamAllocator {
  using value_type = char;
  cudaStream_t stream;
  char* allocate(std::ptrdiff_t n) {
    void* p = nullptr;
    RIMSCAN_CUDA_CHECK(cudaMallocAsync(&p, static_cast<size_t>(n), stream));
    return static_cast<char*>(p);
  }
  void deallocate(char* p, size_t) { cudaFreeAsync(p, stream); }
};

template <class F>
__global__ void for_each_kernel(int64_t n, F f) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    f(i);
}

template <class F>
__global__ void histogram_kernel(int64_t n, F bin_of, int64_t nbins, unsigned long long* counts) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    int64_t b = bin_of(i);
    if (b >= 0 && b < nbins) atomicAdd(&counts[b], 1ull);
  }
}

template <class F, class T>
struct AsT {
  F f;
  __host__ __device__ T operator()(int64_t i) const { return static_cast<T>(f(i)); }
};
template <class P>
struct PredAsCount {
  P p;
  __host__ __device__ int64_t operator()(int64_t i) const { return p(i) ? 1 : 0; }
};
template <class T>
struct MinOp {
  __host__ __device__ T operator()(T a, T b) const { return b < a ? b : a; }
};
template <class T>
struct MaxOp {
  __host__ __device__ T operator()(T a, T b) const { return b > a ? b : a; }
};
}  // namespace cuda_detail

// Owning device array, freed on its stream. Contents are uninitialised after construction.
template <class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  DeviceArray(const CudaBackend& be, int64_t n);
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  DeviceArray(DeviceArray&& o) noexcept : p_(o.p_), n_(o.n_), stream_(o.stream_) { o.p_ = nullptr; o.n_ = 0; }
  DeviceArray& operator=(DeviceArray&& o) noexcept {
    if (this != &o) {
      release();
      p_ = o.p_; n_ = o.n_; stream_ = o.stream_;
      o.p_ = nullptr; o.n_ = 0;
    }
    return *this;
  }
  ~DeviceArray() { release(); }
  T* data() { return p_; }
  const T* data() const { return p_; }
  int64_t size() const { return n_; }

 private:
  void release() noexcept {
    if (p_) cudaFreeAsync(p_, stream_);  // never throws from a destructor
    p_ = nullptr;
  }
  T* p_ = nullptr;
  int64_t n_ = 0;
  cudaStream_t stream_ = nullptr;
};

class CudaBackend {
 public:
  static constexpr bool kIsCuda = true;
  template <class T>
  using Array = DeviceArray<T>;

  // Uses the current device; owns a non-blocking stream.
  explicit CudaBackend(int device = 0) : device_(device) {
    RIMSCAN_CUDA_CHECK(cudaSetDevice(device_));
    RIMSCAN_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
    // Keep freed pool memory cached between cases instead of returning it to the driver.
    cudaMemPool_t pool;
    RIMSCAN_CUDA_CHECK(cudaDeviceGetDefaultMemPool(&pool, device_));
    uint64_t threshold = UINT64_MAX;
    RIMSCAN_CUDA_CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold));
    cudaDeviceProp prop{};
    RIMSCAN_CUDA_CHECK(cudaGetDeviceProperties(&prop, device_));
    name_ = prop.name;
    sm_count_ = prop.multiProcessorCount;
  }
  CudaBackend(const CudaBackend&) = delete;
  CudaBackend& operator=(const CudaBackend&) = delete;
  ~CudaBackend() {
    if (stream_) {
      cudaStreamSynchronize(stream_);
      cudaStreamDestroy(stream_);
    }
  }
  cudaStream_t stream() const { return stream_; }
  // Thrust execution policy: this stream, temporaries from the stream-ordered pool.
  auto policy() const {
    return thrust::cuda::par_nosync(cuda_detail::StreamAllocator{stream_}).on(stream_);
  }

  int device() const { return device_; }
  std::string name() const { return "cuda:" + std::to_string(device_) + " (" + name_ + ")"; }

  template <class F>
  void for_each(int64_t n, F f) const {
    if (n <= 0) return;
    const int threads = 256;
    int64_t blocks = (n + threads - 1) / threads;
    const int64_t max_blocks = static_cast<int64_t>(sm_count_) * 32;
    if (blocks > max_blocks) blocks = max_blocks;
    cuda_detail::for_each_kernel<<<static_cast<unsigned>(blocks), threads, 0, stream_>>>(n, f);
    RIMSCAN_CUDA_LAUNCH_CHECK();
  }
  template <class F>
  void for_each_dynamic(int64_t n, F f) const {
    for_each(n, f);
  }

  // --- memory -----------------------------------------------------------------------------
  template <class T>
  void fill(T* p, int64_t n, T value) const {
    for_each(n, [=] __device__(int64_t i) { p[i] = value; });
  }
  template <class T>
  void copy(const T* src, T* dst, int64_t n) const {
    if (n > 0) RIMSCAN_CUDA_CHECK(cudaMemcpyAsync(dst, src, n * sizeof(T), cudaMemcpyDeviceToDevice, stream_));
  }
  template <class T>
  void upload(const T* host, T* dev, int64_t n) const {
    if (n > 0) RIMSCAN_CUDA_CHECK(cudaMemcpyAsync(dev, host, n * sizeof(T), cudaMemcpyHostToDevice, stream_));
  }
  // Blocks until the data is on the host.
  template <class T>
  void download(const T* dev, T* host, int64_t n) const {
    if (n > 0) RIMSCAN_CUDA_CHECK(cudaMemcpyAsync(host, dev, n * sizeof(T), cudaMemcpyDeviceToHost, stream_));
    synchronize();
  }
  template <class T>
  T get(const T* p, int64_t i) const {
    T v;
    download(p + i, &v, 1);
    return v;
  }
  template <class T>
  void set(T* p, int64_t i, T value) const {
    RIMSCAN_CUDA_CHECK(cudaMemcpyAsync(p + i, &value, sizeof(T), cudaMemcpyHostToDevice, stream_));
    synchronize();  // `value` lives on this stack frame
  }
  void synchronize() const { RIMSCAN_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

  // --- reductions ---------------------------------------------------------------------------
  template <class F>
  double transform_sum(int64_t n, F f) const {
    if (n <= 0) return 0.0;
    auto it = thrust::make_transform_iterator(thrust::counting_iterator<int64_t>(0),
                                              cuda_detail::AsT<F, double>{f});
    return thrust::reduce(policy(), it, it + n, 0.0);
  }
  template <class P>
  int64_t count_if(int64_t n, P pred) const {
    if (n <= 0) return 0;
    auto it = thrust::make_transform_iterator(thrust::counting_iterator<int64_t>(0),
                                              cuda_detail::PredAsCount<P>{pred});
    return thrust::reduce(policy(), it, it + n, int64_t{0});
  }
  template <class T, class F>
  T transform_min(int64_t n, F f, T init) const {
    if (n <= 0) return init;
    auto it = thrust::make_transform_iterator(thrust::counting_iterator<int64_t>(0), cuda_detail::AsT<F, T>{f});
    return thrust::reduce(policy(), it, it + n, init, cuda_detail::MinOp<T>{});
  }
  template <class T, class F>
  T transform_max(int64_t n, F f, T init) const {
    if (n <= 0) return init;
    auto it = thrust::make_transform_iterator(thrust::counting_iterator<int64_t>(0), cuda_detail::AsT<F, T>{f});
    return thrust::reduce(policy(), it, it + n, init, cuda_detail::MaxOp<T>{});
  }

  // --- scans and compaction -----------------------------------------------------------------
  template <class T, class U>
  U exclusive_scan(const T* in, U* out, int64_t n) const {
    if (n <= 0) return U{0};
    T last_in = get(in, n - 1);  // read before an in-place scan overwrites it
    thrust::exclusive_scan(policy(), in, in + n, out, U{0});
    return get(out, n - 1) + static_cast<U>(last_in);
  }
  template <class P>
  int64_t copy_index_if(int64_t n, P pred, int64_t* out) const {
    if (n <= 0) return 0;
    auto end = thrust::copy_if(policy(), thrust::counting_iterator<int64_t>(0),
                               thrust::counting_iterator<int64_t>(n), out, pred);
    return static_cast<int64_t>(end - out);
  }

  // --- sorting ----------------------------------------------------------------------------
  template <class K, class V>
  void sort_pairs(K* keys, V* values, int64_t n) const {
    if (n > 1) thrust::stable_sort_by_key(policy(), keys, keys + n, values);
  }
  template <class K>
  void sort(K* keys, int64_t n) const {
    if (n > 1) thrust::sort(policy(), keys, keys + n);
  }

  // --- histogram --------------------------------------------------------------------------
  template <class F>
  void histogram(int64_t n, F bin_of, int64_t nbins, int64_t* counts) const {
    static_assert(sizeof(int64_t) == sizeof(unsigned long long), "64-bit counters");
    fill(counts, nbins, int64_t{0});
    if (n <= 0) return;
    const int threads = 256;
    int64_t blocks = (n + threads - 1) / threads;
    const int64_t max_blocks = static_cast<int64_t>(sm_count_) * 32;
    if (blocks > max_blocks) blocks = max_blocks;
    cuda_detail::histogram_kernel<<<static_cast<unsigned>(blocks), threads, 0, stream_>>>(
        n, bin_of, nbins, reinterpret_cast<unsigned long long*>(counts));
    RIMSCAN_CUDA_LAUNCH_CHECK();
  }

  double now() const {
    synchronize();
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }

 private:
  int device_ = 0;
  cudaStream_t stream_ = nullptr;
  std::string name_;
  int sm_count_ = 1;
};

template <class T>
DeviceArray<T>::DeviceArray(const CudaBackend& be, int64_t n) : n_(n), stream_(be.stream()) {
  if (n > 0) {
    void* p = nullptr;
    RIMSCAN_CUDA_CHECK(cudaMallocAsync(&p, static_cast<size_t>(n) * sizeof(T), stream_));
    p_ = static_cast<T*>(p);
  }
}

}  // namespace rimscan::par
