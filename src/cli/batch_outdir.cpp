#include "cli/batch_outdir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "rimscan/error.h"
#include "rimscan/log.h"

namespace rimscan::cli {

namespace fs = std::filesystem;

void make_dirs(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec && !fs::is_directory(dir))
    throw Error(ErrorCode::kOutput, dir + ": cannot create the directory: " + ec.message());
}

OutDirLock::OutDirLock(const std::string& dir, const std::string& command) {
  make_dirs(dir);
  const std::string path = (fs::path(dir) / ".rimscan_batch.lock").string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw Error(ErrorCode::kOutput, dir + ": cannot write in the output directory: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw Error(ErrorCode::kOutput, dir + ": another rimscan process is writing this directory (" + command +
                                          " needs it alone; give each shard its own -o)");
    throw Error(ErrorCode::kOutput, dir + ": cannot lock the output directory: " + std::strerror(err));
  }
}

OutDirLock::~OutDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

bool is_temp_output_name(const std::string& name) {
  static const std::regex kSibling(R"(^\..+\.tmp-[0-9a-f]{12}.*$)");
  static const std::regex kPid(R"(^.+\.tmp\.[0-9]+$)");
  return std::regex_match(name, kSibling) || std::regex_match(name, kPid);
}

size_t remove_temp_outputs(const std::string& dir, const std::vector<std::string>& subdirs) {
  size_t n = 0;
  auto consider = [&](const fs::directory_entry& e) {
    std::error_code ec;
    if (!e.is_regular_file(ec) || !is_temp_output_name(e.path().filename().string())) return;
    if (fs::remove(e.path(), ec))
      ++n;
    else if (ec)
      log::warn(e.path().string() + ": cannot remove a temporary file left by an earlier run: " + ec.message());
  };
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code dec;
    if (!it->is_directory(dec)) {
      consider(*it);
      continue;
    }
    const bool ours = name.compare(0, 4, "sub-") == 0 ||
                      std::find(subdirs.begin(), subdirs.end(), name) != subdirs.end();
    if (!ours) continue;
    std::error_code rec;
    for (fs::recursive_directory_iterator r(it->path(), fs::directory_options::skip_permission_denied, rec), rend;
         !rec && r != rend; r.increment(rec))
      consider(*r);
  }
  if (ec) log::warn(dir + ": cannot scan for temporary files: " + ec.message());
  return n;
}

std::string read_file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorCode::kInputMissing, path + ": cannot open: " + std::strerror(errno));
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw Error(ErrorCode::kInputCorrupt, path + ": read failed");
  return ss.str();
}

std::optional<nlohmann::ordered_json> read_json_if_valid(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream ss;
  ss << f.rdbuf();
  auto j = nlohmann::ordered_json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

void remove_if_present(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw Error(ErrorCode::kOutput, path + ": cannot remove: " + std::strerror(errno));
}

}  // namespace rimscan::cli
