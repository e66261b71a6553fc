#pragma once
// Turning ITK exceptions (multi-line, with source file and line) into one-line rimscan::Error
// messages that name the input. Internal to the I/O adapter.
#include <string>

#include "rimscan/error.h"

namespace itk {
class ExceptionObject;
}

namespace rimscan::io::detail {

// Collapses whitespace runs (newlines included) to one space, trims, and cuts the text to
// max_chars (ending in "...") so that every message stays one readable line.
std::string one_line(const std::string& text, size_t max_chars = 240);

// The useful part of an ITK exception: its description without ITK's "file:line" preamble,
// on one line.
std::string itk_description(const itk::ExceptionObject& e);

// Error(code, "<path>: <doing>: <ITK description>").
Error itk_error(ErrorCode code, const std::string& path, const std::string& doing,
                const itk::ExceptionObject& e);

}  // namespace rimscan::io::detail
