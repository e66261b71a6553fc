// rimscan info: what this rimscan can see (CUDA devices, version).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "rimscan/device.h"
#include "rimscan/version.h"

namespace rimscan::cli {
namespace {

class InfoCommand final : public Command {
 public:
  const char* name() const override { return "info"; }
  const char* summary() const override { return "Show CUDA devices and build information"; }
  void declare(CLI::App& sub) override {
    sub.add_flag("--devices", devices_, "List the CUDA devices this rimscan can use");
  }
  int run() override {
    nlohmann::ordered_json j;
    j["version"] = kVersion;
    j["cuda_backend"] = built_with_cuda();
    nlohmann::ordered_json devs = nlohmann::ordered_json::array();
    for (const auto& d : list_cuda_devices()) {
      devs.push_back({{"index", d.index},
                      {"name", d.name},
                      {"compute_capability", std::to_string(d.compute_major) + "." + std::to_string(d.compute_minor)},
                      {"memory_gib", d.memory_gib},
                      {"multiprocessors", d.multiprocessors}});
    }
    j["cuda_devices"] = devs;
    std::string why = cuda_unavailable_reason();
    if (!why.empty()) j["cuda_unavailable_reason"] = why;
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }

 private:
  bool devices_ = false;
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

}  // namespace rimscan::cli
