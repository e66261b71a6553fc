// Test tool for the CLI scenarios: writes a DICOM MR series from an image file (e.g. a NIfTI
// T1c case), optionally with identifying values planted, and prints every identifying value of
// the written series (one per line) so a test can scan rimscan's outputs for them.
//   rimscan_make_dicom_series IN OUTDIR [--description D] [--agent A] [--number N]
//                             [--study-uid U] [--series-uid U] [--plant-phi]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "rimscan/io/dicom.h"
#include "rimscan/io/dicom_write.h"
#include "rimscan/io/image_io.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s IN OUTDIR [--description D] [--agent A] [--number N] [--study-uid U] "
                         "[--series-uid U] [--plant-phi]\n", argv[0]);
    return 2;
  }
  rimscan::io::DicomWriteOptions w;
  w.series_description = "T1 AX POST GD";
  w.contrast_agent = "Gadobutrol";
  for (int a = 3; a < argc; ++a) {
    const std::string k = argv[a];
    auto next = [&]() -> std::string {
      if (a + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", k.c_str());
        std::exit(2);
      }
      return argv[++a];
    };
    if (k == "--description") w.series_description = next();
    else if (k == "--agent") w.contrast_agent = next();
    else if (k == "--number") w.series_number = std::atoi(next().c_str());
    else if (k == "--study-uid") w.study_uid = next();
    else if (k == "--series-uid") w.series_uid = next();
    else if (k == "--plant-phi") {
      w.tags = {{"0010|0010", "PLANTEDFAMILY^PLANTEDGIVEN"}, {"0010|0020", "PID-7731-PLANTED"},
                {"0010|0030", "19470312"},                   {"0008|0050", "ACC-99120-PLANTED"},
                {"0008|0080", "Planted Memorial Hospital"},  {"0008|0090", "REFERRER^PLANTED"},
                {"0008|1050", "PERFORMER^PLANTED"},          {"0020|0010", "STUDYID-PLANTED"},
                {"0008|0020", "20240229"}};
    } else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  try {
    rimscan::io::write_dicom_series(rimscan::io::read_image(argv[1]), argv[2], w);
    for (const auto& s : rimscan::io::scan_dicom_dir(argv[2]).series)
      for (const std::string& v : rimscan::io::identifying_values(s)) std::printf("%s\n", v.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_dicom_series: %s\n", e.what());
    return 1;
  }
  return 0;
}
