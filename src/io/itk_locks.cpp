#include "io/itk_locks.h"

namespace rimscan::io::detail {

std::mutex& nifti_header_mutex() {
  static std::mutex m;
  return m;
}

std::mutex& teem_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace rimscan::io::detail
