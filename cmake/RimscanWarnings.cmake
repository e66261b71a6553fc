# Compiler settings shared by every rimscan target.
add_library(rimscan_flags INTERFACE)
target_compile_options(rimscan_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter>
  # The per-voxel math in include/rimscan/kernels/detail is shared with the CUDA path; no fused
  # multiply-add contraction so that both round alike (nvcc gets --fmad=false).
  $<$<COMPILE_LANGUAGE:CXX>:-ffp-contract=off>
  $<$<COMPILE_LANGUAGE:CUDA>:--fmad=false --extended-lambda --expt-relaxed-constexpr -Xcompiler=-ffp-contract=off>)
if(RIMSCAN_SANITIZE OR RIMSCAN_FUZZ)
  target_compile_options(rimscan_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer>)
  target_link_options(rimscan_flags INTERFACE -fsanitize=address,undefined)
endif()
if(RIMSCAN_FUZZ)
  # libFuzzer's coverage instrumentation on the parsers of untrusted input only (the allowlist:
  # I/O, config, batch manifest, classifier files, core types), not on the compute kernels, so
  # the same build also runs the whole test suite at plain ASan speed (scripts/test.sh). The
  # fuzz executables (fuzz/CMakeLists.txt) add libFuzzer's main with -fsanitize=fuzzer; the
  # tests link without it (the ASan runtime defines the coverage callbacks).
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "RIMSCAN_FUZZ needs clang (CXX=clang++; scripts/fuzz.sh sets it)")
  endif()
  target_compile_options(rimscan_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=fuzzer-no-link -fsanitize-coverage-allowlist=${PROJECT_SOURCE_DIR}/fuzz/coverage_allowlist.txt>)
endif()
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT DEFINED CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
