#pragma once
// Filesystem chores of a batch output directory: one writer at a time (an advisory lock that
// the kernel releases when the process dies, even by SIGKILL), removal of the temporary files a
// killed run left behind, and small whole-file reads.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rimscan::cli {

// Creates `dir` (and parents) and takes an exclusive lock on dir/.rimscan_batch.lock for the
// lifetime of the object. Throws Error(kOutput) when the directory cannot be created or
// written, or when another rimscan process holds the lock.
class OutDirLock {
 public:
  OutDirLock(const std::string& dir, const std::string& command);
  ~OutDirLock();
  OutDirLock(const OutDirLock&) = delete;
  OutDirLock& operator=(const OutDirLock&) = delete;

 private:
  int fd_ = -1;
};

// True for the temporary names of rimscan's atomic writers: ".<stem>.tmp-<12 hex><ext>"
// (io::temp_sibling_path) and "<name>.tmp.<pid>" (the PNG writer).
bool is_temp_output_name(const std::string& file_name);

// Removes such files directly in `dir` and anywhere under its subdirectories whose names are
// listed in `subdirs` or start with "sub-" (BIDS), i.e. only where rimscan writes; the caller
// holds the lock, so none is being written. Returns how many. Errors are logged, not thrown.
size_t remove_temp_outputs(const std::string& dir, const std::vector<std::string>& subdirs);

// The bytes of a file; throws Error(kInputMissing) when it cannot be opened.
std::string read_file_bytes(const std::string& path);

// The parsed JSON of a file; nothing when the file is absent or is not valid JSON.
std::optional<nlohmann::ordered_json> read_json_if_valid(const std::string& path);

// Removes `path` if present; throws Error(kOutput) when it exists and cannot be removed.
void remove_if_present(const std::string& path);

// Creates `dir` and its parents; throws Error(kOutput) naming it.
void make_dirs(const std::string& dir);

}  // namespace rimscan::cli
