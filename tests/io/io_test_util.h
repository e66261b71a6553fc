#pragma once
// Shared helpers of the I/O tests: expecting a rimscan::Error with a given code whose message
// is one line naming the input.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "rimscan/error.h"

namespace rimscan::test {

inline ::testing::AssertionResult fails_with(const std::function<void()>& fn, ErrorCode want,
                                             const std::string& must_mention) {
  try {
    fn();
  } catch (const Error& e) {
    std::string msg = e.what();
    if (e.code() != want)
      return ::testing::AssertionFailure() << "code " << error_code_name(e.code()) << " instead of "
                                           << error_code_name(want) << ": " << msg;
    if (msg.find('\n') != std::string::npos || msg.find('\r') != std::string::npos)
      return ::testing::AssertionFailure() << "message spans several lines: " << msg;
    if (!must_mention.empty() && msg.find(must_mention) == std::string::npos)
      return ::testing::AssertionFailure() << "message does not name '" << must_mention << "': " << msg;
    return ::testing::AssertionSuccess() << msg;
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "non-rimscan exception: " << e.what();
  }
  return ::testing::AssertionFailure() << "no error thrown";
}

}  // namespace rimscan::test
