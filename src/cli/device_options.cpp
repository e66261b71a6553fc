#include "cli/command.h"

namespace rimscan::cli {

void DeviceOptions::declare(CLI::App& sub) {
  sub.add_option("--device", device,
                 "Where to compute: auto (CUDA when a device is present), cpu, cuda or cuda:N. "
                 "cuda without a usable device is an error")
      ->default_val("auto");
  sub.add_option("--threads", threads, "CPU threads (0 = all cores); results do not depend on it")
      ->default_val(0)
      ->check(CLI::NonNegativeNumber);
}

}  // namespace rimscan::cli
