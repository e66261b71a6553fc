#pragma once
// rimscan::Error: the one exception type of the library. It carries a machine-readable code
// (written into errors.csv and JSON) and a human message to which callers prepend context on
// the way up ("case 17: reading mask m.nii.gz: image and mask geometry differ by 2.5 mm").
// Exceptions are caught only in main() and in the batch driver.
#include <stdexcept>
#include <string>

namespace rimscan {

enum class ErrorCode {
  kInputMissing,      // file or directory does not exist / cannot be opened
  kInputCorrupt,      // unreadable, truncated, inconsistent header/payload
  kInputUnsupported,  // 4D, vector pixels, unsupported format or transfer syntax
  kInputInvalid,      // zero-sized dims, bad spacing/direction, NaN/Inf voxels
  kGeometryMismatch,  // image and mask (or other inputs) do not share a grid
  kEmptyMask,         // a mask or requested label selects no voxel
  kTooLarge,          // over the configured voxel or memory cap
  kUsage,             // invalid option values
  kDeviceUnavailable, // CUDA asked for where there is none
  kDevice,            // a CUDA runtime failure
  kOutput,            // cannot write an output
  kInternal,          // a bug: an invariant did not hold
};

// Stable snake_case name used in errors.csv and JSON, e.g. "input_missing".
const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }
  // A copy of this error with "context: " prepended to its message.
  Error with_context(const std::string& context) const {
    return Error(code_, context + ": " + what());
  }

 private:
  ErrorCode code_;
};

// Process exit codes, documented in README.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,
  kExitUsage = 2,
  kExitPartialFailure = 3,
};

// Exit code for an error of this code (usage errors exit 2, everything else 1).
int exit_code_for(ErrorCode code);

// Throws Error(kInternal) with file and line when cond is false. For invariants, not inputs.
#define RIMSCAN_ASSERT(cond, msg)                                                              \
  do {                                                                                         \
    if (!(cond))                                                                               \
      throw ::rimscan::Error(::rimscan::ErrorCode::kInternal,                                  \
                             std::string("internal error at ") + __FILE__ + ":" +              \
                                 std::to_string(__LINE__) + ": " + (msg));                     \
  } while (0)

}  // namespace rimscan
