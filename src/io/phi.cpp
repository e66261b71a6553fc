#include "rimscan/io/phi.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "rimscan/error.h"
#include "rimscan/io/atomic_file.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

std::string to_hex(const unsigned char* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    s[2 * i] = kHex[p[i] >> 4];
    s[2 * i + 1] = kHex[p[i] & 15];
  }
  return s;
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

constexpr size_t kSaltBytes = 32;

bool is_salt_text(const std::string& s) {
  if (s.size() != 2 * kSaltBytes) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string read_salt_file(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  if (!in && !in.eof()) throw Error(ErrorCode::kInputMissing, path + ": cannot read the id salt");
  if (!is_salt_text(s))
    throw Error(ErrorCode::kInputCorrupt,
                path + ": not an id salt written by rimscan (expected 64 hex digits); remove it or pass --id-salt");
  return s;
}

}  // namespace

std::string hmac_sha256_hex(const std::string& key, const std::string& message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len))
    throw Error(ErrorCode::kInternal, "HMAC-SHA256 failed");
  return to_hex(out, len);
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(bytes.data(), bytes.size(), out, &len, EVP_sha256(), nullptr))
    throw Error(ErrorCode::kInternal, "SHA-256 failed");
  return to_hex(out, len);
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kInputMissing, path + ": cannot be opened for hashing");
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || !EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr))
    throw Error(ErrorCode::kInternal, "SHA-256 init failed");
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize got = in.gcount();
    if (got > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(got));
  }
  if (in.bad()) throw Error(ErrorCode::kInputCorrupt, path + ": read error while hashing");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), out, &len);
  return to_hex(out, len);
}

std::string sha256_files(const std::vector<std::string>& paths) {
  std::string all;
  for (const std::string& p : paths) all += sha256_file(p);
  return sha256_hex(all);
}

std::string load_or_create_salt(const std::string& output_dir) {
  const std::string path = (fs::path(output_dir) / kIdSaltFileName).string();
  std::error_code ec;
  if (fs::exists(path, ec)) return read_salt_file(path);
  if (!fs::is_directory(output_dir, ec))
    throw Error(ErrorCode::kOutput, output_dir + ": output directory does not exist (needed for the id salt)");

  unsigned char raw[kSaltBytes];
  if (RAND_bytes(raw, sizeof raw) != 1)
    throw Error(ErrorCode::kInternal, "the system random generator failed (OpenSSL RAND_bytes)");
  const std::string salt = to_hex(raw, sizeof raw);

  // Written under a temporary name, then published with link(): unlike rename, link fails when
  // the name exists, so of two processes creating the salt at once exactly one wins and the
  // other reads the winner's salt.
  const std::string tmp = temp_sibling_path(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(ErrorCode::kOutput, path + ": cannot create the id salt: " + std::strerror(errno));
  const std::string text = salt + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    throw Error(ErrorCode::kOutput, path + ": cannot write the id salt");
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return read_salt_file(path);
    throw Error(ErrorCode::kOutput, path + ": cannot store the id salt: " + std::strerror(link_errno));
  }
  return salt;
}

std::string resolve_id_salt(const std::string& cli_salt, const std::string& output_dir) {
  return cli_salt.empty() ? load_or_create_salt(output_dir) : cli_salt;
}

std::string case_id_from_uids(const std::string& study_uid, const std::string& series_uid,
                              const std::string& salt) {
  // Domain-separated, with a NUL between the UIDs so ("1.2", "3") and ("1.23", "") differ.
  std::string msg = "rimscan-case-id-v1";
  msg += '\0';
  msg += study_uid;
  msg += '\0';
  msg += series_uid;
  return "dcm-" + hmac_sha256_hex(salt, msg).substr(0, 16);
}

std::string dicom_series_key(const std::string& study_uid, const std::string& series_uid) {
  std::string msg = "rimscan-series-key-v1";
  msg += '\0';
  msg += series_uid;
  return hmac_sha256_hex("rimscan-series-key-v1:" + study_uid, msg).substr(0, 10);
}

}  // namespace rimscan::io
