#include "rimscan/error.h"

namespace rimscan {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInputMissing: return "input_missing";
    case ErrorCode::kInputCorrupt: return "input_corrupt";
    case ErrorCode::kInputUnsupported: return "input_unsupported";
    case ErrorCode::kInputInvalid: return "input_invalid";
    case ErrorCode::kGeometryMismatch: return "geometry_mismatch";
    case ErrorCode::kEmptyMask: return "empty_mask";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kUsage: return "usage";
    case ErrorCode::kDeviceUnavailable: return "device_unavailable";
    case ErrorCode::kDevice: return "device_error";
    case ErrorCode::kOutput: return "output_error";
    case ErrorCode::kInternal: return "internal_error";
  }
  return "internal_error";
}

int exit_code_for(ErrorCode code) {
  return code == ErrorCode::kUsage ? kExitUsage : kExitError;
}

}  // namespace rimscan
