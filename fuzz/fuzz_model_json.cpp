// libFuzzer target: flag model files (docs/model.md) as `--model` loads them, then the model
// evaluated on a small case document (feature dot-paths are looked up in it). Every outcome
// must be a model or a rimscan::Error.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_util.h"
#include "rimscan/classify/model.h"
#include "rimscan/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rimscan;
  // load_model reads a path: the same code the CLI runs, file opening included.
  const std::string path = fuzz::scratch_dir() + "/model.json";
  fuzz::write_file(path, data, size);
  static const nlohmann::ordered_json kCase = nlohmann::ordered_json::parse(R"({
    "summary": {"index_core_fraction": 0.4, "index_ring_completeness": 0.8,
                "index_central_to_peripheral_ratio": null},
    "lesions": [{"id": 1, "core_fraction": 0.4}],
    "leptomeningeal": {"n_nodules": 0, "burden": 0.0, "ependymal_fraction": 0.01}})");
  try {
    classify::Model m = classify::load_model(path);
    for (const auto& f : m.flags) {
      try {
        classify::evaluate(f, kCase);
      } catch (const Error&) {
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
