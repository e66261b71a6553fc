// libFuzzer target: the batch manifest (CSV) parser and the case-id checks the batch runs on it.
// Every outcome must be a Manifest or a rimscan::Error.
#include <cstdint>
#include <string>
#include <vector>

#include "rimscan/batch/manifest.h"
#include "rimscan/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rimscan;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    batch::Manifest m = batch::parse_manifest(text, "fuzz.csv", "/nonexistent/base");
    std::vector<std::string> ids;
    for (const batch::ManifestRow& r : m.rows) {
      if (r.extra.size() != m.extra_columns.size()) __builtin_trap();
      ids.push_back(batch::case_id_problem(r.case_id).empty() ? r.case_id : std::string());
    }
    batch::check_unique_case_ids(m, ids);
  } catch (const Error&) {
  }
  return 0;
}
