#pragma once
// Atomic output files: write to a temporary name in the destination directory, flush it to
// disk, then rename it over the destination, so that a killed or failing process never leaves a
// partial file under the final name (rename within one directory is atomic on POSIX).
#include <string>

namespace rimscan::io {

// A temporary sibling of `path` that keeps its extension, because writers (ITK) choose the
// format from it: "dir/seg.nii.gz" -> "dir/.seg.tmp-<random>.nii.gz". Known double extensions
// (.nii.gz, .img.gz, .tar.gz) are kept whole.
std::string temp_sibling_path(const std::string& path);

// The extension of `path`, lower-cased, including known double extensions: ".nii.gz", ".nrrd".
std::string full_extension(const std::string& path);

// fsync()s `tmp` and renames it to `path`. On failure removes `tmp` and throws
// Error(kOutput) naming `path`.
void commit_temp_file(const std::string& tmp, const std::string& path);

// Writes `bytes` to `path` atomically (temp + fsync + rename); `mode` is the permission of the
// new file (e.g. 0600 for secrets). Throws Error(kOutput) naming `path`.
void write_file_atomic(const std::string& path, const std::string& bytes, unsigned mode = 0644);

}  // namespace rimscan::io
