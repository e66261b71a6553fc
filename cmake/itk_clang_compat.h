// Force-included (-include) in clang builds (the sanitizer and fuzzing build, scripts/sanitize.sh).
// Debian's ITK 5.2 ships compiler-feature detection for GCC only: itk_compiler_detection.h stops
// with "#error Unsupported compiler" under clang. Clang 14 in C++17 mode implements every C++11/14
// feature that header probes, so it is read once here as GCC 12 would read it (its include guard
// then makes ITK's own #include a no-op), and the compiler macros are put back. Nothing else of
// ITK changes; ITK's libraries themselves are the GCC-built Debian ones.
#pragma once
#if defined(__clang__) && defined(__cplusplus) && __has_include(<itk_compiler_detection.h>)
#pragma push_macro("__clang__")
#pragma push_macro("__GNUC__")
#pragma push_macro("__GNUC_MINOR__")
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wbuiltin-macro-redefined"
#undef __clang__
#undef __GNUC__
#undef __GNUC_MINOR__
#define __GNUC__ 12
#define __GNUC_MINOR__ 2
#include <itk_compiler_detection.h>
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__GNUC__")
#pragma pop_macro("__clang__")
#pragma clang diagnostic pop
#endif
