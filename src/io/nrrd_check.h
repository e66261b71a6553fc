#pragma once
// A check of NRRD files made before the voxel buffer is allocated: a payload shorter than the
// header promises is refused, so a 200-byte file claiming a billion voxels (under the voxel cap)
// costs no allocation. teem would refuse it too, but only after the adapter had allocated the
// whole image, and on a damaged gzip stream ITK 5.2's NrrdImageIO leaks its reader. Raw data is
// checked from the file size; gzip data is inflated once (streamed, stopping at the promised
// length). bzip2 and other encodings are left to teem; the voxel cap bounds their allocation.
// Internal to the I/O adapter.
#include <string>

namespace rimscan::io::detail {

// Throws Error(kInputCorrupt) naming `path` when the raw or gzip data (after the header, or in
// the one detached data file it names) is shorter than sizes x type size, or the gzip stream is
// damaged. Headers this check does not
// understand (data file lists or patterns, line skips, unknown types) are left to teem.
void nrrd_check_payload(const std::string& path);

}  // namespace rimscan::io::detail
