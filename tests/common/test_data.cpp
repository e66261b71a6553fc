#include "common/test_data.h"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "rimscan/device.h"

namespace fs = std::filesystem;

namespace rimscan::test {

std::string source_dir() {
  const char* env = std::getenv("RIMSCAN_SOURCE_DIR");
  return env && *env ? env : RIMSCAN_SOURCE_DIR;
}

std::string data_root() {
  const char* env = std::getenv("RIMSCAN_DATA");
  if (env && *env) return env;
  return (fs::path(source_dir()) / ".." / "shared" / "data").lexically_normal().string();
}

std::string data_path(const std::string& rel) {
  std::string p = data_root() + "/" + rel;
  EXPECT_TRUE(fs::exists(p)) << "real test data missing: " << p << " (set RIMSCAN_DATA)";
  return p;
}

std::string make_temp_dir(const std::string& tag) {
  std::random_device rd;
  fs::path base = fs::temp_directory_path() / "rimscan_tests";
  fs::create_directories(base);
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = base / (tag + "_" + std::to_string(rd()));
    if (fs::create_directory(p)) return p.string();
  }
  throw std::runtime_error("cannot create a temporary directory");
}

bool cuda_required() {
  const char* env = std::getenv("RIMSCAN_REQUIRE_CUDA");
  return env && std::string(env) == "1";
}

std::vector<EngineCase> engine_cases() {
  return {{"cpu", DeviceRequest::parse("cpu")}, {"cuda", DeviceRequest::parse("cuda")}};
}

std::unique_ptr<Engine> make_engine_or_skip(const EngineCase& c) {
  if (c.request.mode == DeviceRequest::Mode::kCuda) {
    std::string why = cuda_unavailable_reason();
    if (!why.empty()) {
      if (cuda_required()) {
        ADD_FAILURE() << "RIMSCAN_REQUIRE_CUDA=1 but CUDA is unusable: " << why;
      } else {
        // Records a skip for the running test; the caller returns when it gets nullptr.
        ::testing::internal::AssertHelper(::testing::TestPartResult::kSkip, __FILE__, __LINE__,
                                          "no CUDA device here") = ::testing::Message();
      }
      return nullptr;
    }
  }
  return make_engine(c.request);
}

}  // namespace rimscan::test
