#pragma once
// PHI-safe identifiers (docs/dicom.md, "PHI policy"). Outputs never carry values of patient- or
// study-identifying DICOM tags unless the user passes --keep-phi; where a stable identifier is
// needed, it is a keyed hash (HMAC-SHA256, OpenSSL libcrypto) of the UIDs:
//  - case ids: HMAC keyed with the id salt, so they cannot be linked back to the UIDs by anyone
//    without the salt, and stay the same across reruns and resumes that use the same salt;
//  - the id salt: --id-salt if given, else a random 256-bit key generated once (CSPRNG) and
//    stored as OUTDIR/.rimscan_id_salt (mode 0600). Do not share that file with the outputs.
// Also: SHA-256 of input files, for the "inputs content hash" of the outputs.
#include <string>
#include <vector>

namespace rimscan::io {

// Name of the salt file inside an output directory.
inline constexpr const char* kIdSaltFileName = ".rimscan_id_salt";

// Lower-case hex HMAC-SHA256(key, message).
std::string hmac_sha256_hex(const std::string& key, const std::string& message);

// Lower-case hex SHA-256 of bytes / of a file's bytes (kInputMissing when it cannot be read).
std::string sha256_hex(const std::string& bytes);
std::string sha256_file(const std::string& path);
// SHA-256 over several files: the hash of the concatenated per-file hashes, in the given order
// (a DICOM series: its files in slice order).
std::string sha256_files(const std::vector<std::string>& paths);

// The salt stored in output_dir (created there, atomically and 0600, when absent). Concurrent
// callers on one directory all get the same salt. Throws Error(kOutput) when the directory is
// not writable, Error(kInputCorrupt) when the stored file is not a salt written by rimscan.
std::string load_or_create_salt(const std::string& output_dir);

// cli_salt when non-empty, else load_or_create_salt(output_dir).
std::string resolve_id_salt(const std::string& cli_salt, const std::string& output_dir);

// "dcm-" + 16 hex digits: keyed hash of the Study and Series Instance UIDs.
std::string case_id_from_uids(const std::string& study_uid, const std::string& series_uid,
                              const std::string& salt);

// 10 hex digits naming a series in `rimscan info DIR` and --series: HMAC keyed with the Study
// Instance UID of the Series Instance UID. It does not depend on the salt, so `info` (which has
// no output directory) and `extract --series` agree; it cannot be reversed to the UIDs without
// already holding them, but anyone holding the DICOM files can recompute it. It is a selection
// handle for the user, not an identifier for shared outputs (use case_id_from_uids there).
std::string dicom_series_key(const std::string& study_uid, const std::string& series_uid);

}  // namespace rimscan::io
