#include "rimscan/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "rimscan/error.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^
                                          (static_cast<uint64_t>(::getpid()) << 32)};
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  uint64_t v = rng();
  for (int i = 0; i < 12; ++i, v >>= 4) s += kHex[v & 15];
  return s;
}

std::string errno_text(int err) { return std::strerror(err); }

void fsync_path(const std::string& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // nothing more we can do; rename still gives atomicity
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string full_extension(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* dbl : {".nii.gz", ".img.gz", ".hdr.gz", ".tar.gz"}) {
    size_t n = std::strlen(dbl);
    if (lower.size() > n && lower.compare(lower.size() - n, n, dbl) == 0) return dbl;
  }
  size_t dot = lower.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  return lower.substr(dot);
}

std::string temp_sibling_path(const std::string& path) {
  fs::path p(path);
  std::string name = p.filename().string();
  std::string ext = full_extension(path);
  std::string stem = name.substr(0, name.size() - ext.size());
  // Keep the original spelling of the extension (ITK matches case-insensitively anyway).
  std::string ext_orig = name.substr(name.size() - ext.size());
  return (p.parent_path() / ("." + stem + ".tmp-" + random_suffix() + ext_orig)).string();
}

void commit_temp_file(const std::string& tmp, const std::string& path) {
  fsync_path(tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    throw Error(ErrorCode::kOutput, path + ": cannot rename the temporary file into place: " +
                                        errno_text(err));
  }
}

void write_file_atomic(const std::string& path, const std::string& bytes, unsigned mode) {
  std::string tmp = temp_sibling_path(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0)
    throw Error(ErrorCode::kOutput, path + ": cannot create a file in its directory: " +
                                        errno_text(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      std::remove(tmp.c_str());
      throw Error(ErrorCode::kOutput, path + ": write failed: " + errno_text(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    throw Error(ErrorCode::kOutput, path + ": write failed: " + errno_text(err));
  }
  commit_temp_file(tmp, path);
}

}  // namespace rimscan::io
