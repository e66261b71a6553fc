#pragma once
// A check of MetaImage files that ITK 5.2 does not make: MetaIO reports a short payload on
// std::cerr and ITK returns a partly filled image. We compare the payload size with what the
// header promises before ITK reads. Internal to the I/O adapter.
#include <string>

namespace rimscan::io::detail {

// Throws Error(kInputCorrupt) naming `path` when the data (attached after an .mha header, or in
// the .raw file an .mhd names) is shorter than its header says. Headers this check does not
// understand (file lists, HeaderSize, unknown element types) are left to ITK.
void meta_check_payload(const std::string& path);

}  // namespace rimscan::io::detail
