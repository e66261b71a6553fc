# Compiler settings shared by every rimscan target.
add_library(rimscan_flags INTERFACE)
target_compile_options(rimscan_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter>
  # The per-voxel math in include/rimscan/kernels/detail is shared with the CUDA path; no fused
  # multiply-add contraction so that both round alike (nvcc gets --fmad=false).
  $<$<COMPILE_LANGUAGE:CXX>:-ffp-contract=off>
  $<$<COMPILE_LANGUAGE:CUDA>:--fmad=false --extended-lambda --expt-relaxed-constexpr -Xcompiler=-ffp-contract=off>)
if(RIMSCAN_SANITIZE)
  target_compile_options(rimscan_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer>)
  target_link_options(rimscan_flags INTERFACE -fsanitize=address,undefined)
endif()
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT DEFINED CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
