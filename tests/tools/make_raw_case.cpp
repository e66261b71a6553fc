// Converts an image read by rimscan's I/O adapter (ITK) into the compact raw format of
// tests/common/raw_volume.h, for the GPU machine, which has no ITK. scripts/gpu_checks_build.sh
// uses it to put real cases into gpu_carry/cases/.
//
//   rimscan_make_raw_case IMAGE OUT.rsv            float32 (io::read_image: rescaled values)
//   rimscan_make_raw_case --labels IMAGE OUT.rsv   int32 labels (io::read_labels)
#include <cstdio>
#include <string>

#include "common/raw_volume.h"
#include "rimscan/error.h"
#include "rimscan/io/image_io.h"

int main(int argc, char** argv) {
  using namespace rimscan;
  bool labels = false;
  int a = 1;
  if (a < argc && std::string(argv[a]) == "--labels") {
    labels = true;
    ++a;
  }
  if (argc - a != 2) {
    std::fprintf(stderr, "usage: %s [--labels] IMAGE OUT.rsv\n", argv[0]);
    return 2;
  }
  try {
    if (labels)
      test::write_raw_volume(argv[a + 1], io::read_labels(argv[a]));
    else
      test::write_raw_volume(argv[a + 1], io::read_image(argv[a]));
  } catch (const Error& e) {
    std::fprintf(stderr, "rimscan_make_raw_case: %s\n", e.what());
    return 1;
  }
  return 0;
}
