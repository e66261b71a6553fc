// PHI helpers: HMAC/SHA-256 against published test vectors, the id salt file (created once,
// 0600, stable across calls and concurrent creators), case ids and series keys.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/test_data.h"
#include "io/io_test_util.h"
#include "rimscan/io/phi.h"

namespace fs = std::filesystem;

namespace rimscan::test {
namespace {

TEST(Phi, HashesMatchPublishedVectors) {
  // RFC 4231, test case 2.
  EXPECT_EQ(io::hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // FIPS 180-2, "abc".
  EXPECT_EQ(io::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string dir = make_temp_dir("phi_sha");
  std::ofstream(dir + "/abc.txt", std::ios::binary) << "abc";
  EXPECT_EQ(io::sha256_file(dir + "/abc.txt"), io::sha256_hex("abc"));
  EXPECT_EQ(io::sha256_files({dir + "/abc.txt"}), io::sha256_hex(io::sha256_hex("abc")));
  EXPECT_TRUE(fails_with([&] { io::sha256_file(dir + "/none"); }, ErrorCode::kInputMissing, dir + "/none"));
  fs::remove_all(dir);
}

TEST(Phi, SaltIsCreatedOncePrivateAndStable) {
  std::string dir = make_temp_dir("phi_salt");
  const std::string a = io::load_or_create_salt(dir);
  EXPECT_EQ(a.size(), 64u);
  const std::string path = dir + "/" + io::kIdSaltFileName;
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(io::load_or_create_salt(dir), a);  // a rerun / resume gets the same salt
  EXPECT_EQ(io::resolve_id_salt("", dir), a);
  EXPECT_EQ(io::resolve_id_salt("my-salt", dir), "my-salt");
  // Another output directory gets another salt.
  std::string dir2 = make_temp_dir("phi_salt2");
  EXPECT_NE(io::load_or_create_salt(dir2), a);
  // Only the salt file was left behind (no temporary).
  int files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);
  // A damaged salt file is an error, not a silent new salt (ids would change).
  std::ofstream(path, std::ios::trunc) << "not-a-salt\n";
  EXPECT_TRUE(fails_with([&] { io::load_or_create_salt(dir); }, ErrorCode::kInputCorrupt, path));
  EXPECT_TRUE(fails_with([&] { io::load_or_create_salt(dir + "/missing"); }, ErrorCode::kOutput, "missing"));
  fs::remove_all(dir);
  fs::remove_all(dir2);
}

TEST(Phi, ConcurrentCreatorsAgreeOnOneSalt) {
  std::string dir = make_temp_dir("phi_race");
  std::vector<std::string> got(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back([&, t] { got[t] = io::load_or_create_salt(dir); });
  for (auto& th : threads) th.join();
  for (const std::string& s : got) EXPECT_EQ(s, got[0]);
  fs::remove_all(dir);
}

TEST(Phi, CaseIdsAreKeyedAndStable) {
  const std::string study = "1.2.840.113619.2.55.3.1234", series = "1.2.840.113619.2.55.3.1234.5";
  const std::string id = io::case_id_from_uids(study, series, "salt-A");
  EXPECT_EQ(id.rfind("dcm-", 0), 0u);
  EXPECT_EQ(id.size(), 4u + 16u);
  EXPECT_EQ(io::case_id_from_uids(study, series, "salt-A"), id);
  EXPECT_NE(io::case_id_from_uids(study, series, "salt-B"), id);
  EXPECT_NE(io::case_id_from_uids(study, series + "1", "salt-A"), id);
  // The UID boundary matters: ("1.2", "34") and ("1.23", "4") differ.
  EXPECT_NE(io::case_id_from_uids("1.2", "34", "s"), io::case_id_from_uids("1.23", "4", "s"));
  // The id is not a plain (unkeyed) hash of the UIDs.
  EXPECT_EQ(io::sha256_hex(study + series).find(id.substr(4)), std::string::npos);
  EXPECT_EQ(id.find(study), std::string::npos);
}

TEST(Phi, SeriesKeysAreShortDistinctAndStudyKeyed) {
  std::set<std::string> keys;
  for (int i = 0; i < 200; ++i) keys.insert(io::dicom_series_key("1.2.3", "1.2.3." + std::to_string(i)));
  EXPECT_EQ(keys.size(), 200u);
  const std::string k = io::dicom_series_key("1.2.3", "1.2.3.4");
  EXPECT_EQ(k.size(), 10u);
  EXPECT_EQ(io::dicom_series_key("1.2.3", "1.2.3.4"), k);
  EXPECT_NE(io::dicom_series_key("1.2.9", "1.2.3.4"), k);
}

}  // namespace
}  // namespace rimscan::test
