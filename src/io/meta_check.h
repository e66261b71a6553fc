#pragma once
// A check of MetaImage files that ITK 5.2 does not make: MetaIO reports a short payload on
// std::cerr and ITK returns a partly filled image. We compare the payload size with what the
// header promises before ITK reads. Internal to the I/O adapter.
#include <string>

namespace rimscan::io::detail {

// Throws Error(kInputCorrupt) naming `path` unless the header (the lines up to ElementDataFile)
// is text MetaIO can hold: every line "Key = Value" with a key of letters, digits and '_', printable
// ASCII only, and keys and values within MetaIO's fixed 255-character buffers (ITK 5.2's
// MET_Read strcpy's a longer key into one: a fortified build aborts, an unfortified one
// overflows). Called before ITK reads the header.
void meta_check_header(const std::string& path);

// Throws Error(kInputCorrupt) naming `path` when the data (attached after an .mha header, or in
// the .raw file an .mhd names) is shorter than its header says. Headers this check does not
// understand (file lists, HeaderSize, unknown element types) are left to ITK.
void meta_check_payload(const std::string& path);

}  // namespace rimscan::io::detail
