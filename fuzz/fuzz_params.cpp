// libFuzzer target: radiomics parameter files (pyradiomics YAML or JSON plus the `rimscan`
// section). Input starting with '{' goes to the JSON reader, anything else to the YAML reader,
// so natural parameter files are valid seeds. Every outcome must be parameters or a
// rimscan::Error.
#include <cstdint>
#include <string>

#include "config/radiomics_params_file.h"
#include "rimscan/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rimscan;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const char* format = !text.empty() && text[0] == '{' ? "json" : "yaml";
  try {
    config::parse_radiomics_params(text, format, "fuzz.params");
  } catch (const Error&) {
  }
  return 0;
}
