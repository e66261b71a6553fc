#pragma once
// Host/device annotations for code shared by the CPU and CUDA backends.
//   RIMSCAN_HD      on inline functions of per-voxel math (include/rimscan/kernels/detail)
//   RIMSCAN_LAMBDA  opens a lambda passed to a backend's for_each (an extended
//                   __host__ __device__ lambda under nvcc, a plain [=] lambda under g++)
#include <cstdint>

#if defined(__CUDACC__)
#define RIMSCAN_HD __host__ __device__
#define RIMSCAN_LAMBDA [=] __host__ __device__
#else
#define RIMSCAN_HD
#define RIMSCAN_LAMBDA [=]
#endif

namespace rimscan::par {

// The owning array type of backend B: ArrayOf<B, float> buf(be, n);
template <class B, class T>
using ArrayOf = typename B::template Array<T>;

// Atomics usable inside for_each bodies on both backends. Results of algorithms that use them
// must not depend on the order in which the atomics happen (e.g. union-find with min-linking).
RIMSCAN_HD inline int32_t atomic_min(int32_t* p, int32_t v) {
#if defined(__CUDA_ARCH__)
  return atomicMin(p, v);
#else
  int32_t old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v < old && !__atomic_compare_exchange_n(p, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return old;
#endif
}

RIMSCAN_HD inline int32_t atomic_max(int32_t* p, int32_t v) {
#if defined(__CUDA_ARCH__)
  return atomicMax(p, v);
#else
  int32_t old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v > old && !__atomic_compare_exchange_n(p, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return old;
#endif
}

RIMSCAN_HD inline int32_t atomic_cas(int32_t* p, int32_t expected, int32_t desired) {
#if defined(__CUDA_ARCH__)
  return atomicCAS(p, expected, desired);
#else
  __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  return expected;
#endif
}

RIMSCAN_HD inline int32_t atomic_add(int32_t* p, int32_t v) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(p, v);
#else
  return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
#endif
}

RIMSCAN_HD inline unsigned long long atomic_add(unsigned long long* p, unsigned long long v) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(p, v);
#else
  return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
#endif
}

RIMSCAN_HD inline int32_t atomic_load(const int32_t* p) {
#if defined(__CUDA_ARCH__)
  return *reinterpret_cast<const volatile int32_t*>(p);
#else
  return __atomic_load_n(p, __ATOMIC_RELAXED);
#endif
}

// Maps a float to an unsigned integer with the same ordering (for radix sorts and composite
// sort keys): negative values flip all bits, non-negative flip the sign bit.
RIMSCAN_HD inline uint32_t float_order_key(float f) {
  union {
    float f;
    uint32_t u;
  } c{f};
  return (c.u & 0x80000000u) ? ~c.u : (c.u | 0x80000000u);
}
RIMSCAN_HD inline float float_from_order_key(uint32_t k) {
  union {
    uint32_t u;
    float f;
  } c{(k & 0x80000000u) ? (k & 0x7fffffffu) : ~k};
  return c.f;
}

}  // namespace rimscan::par
