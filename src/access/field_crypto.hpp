#pragma once
// Field encryption at rest: XChaCha20-Poly1305 (libsodium) under named
// 256-bit keys held outside the database.
//
// A sealed value is text: `tl1.KEYID.BASE64URL(nonce || ciphertext)`, with a
// random 24-byte nonce. The caller's associated data (for example
// "persons.address:" + record id) is authenticated but not stored, so a
// sealed value copied into another row or column does not open.
//
// Values that do not start with `tl1.` are not sealed: Open returns them as
// they are, so a database written before encryption still reads (and key
// rotation seals them). The empty string stays empty.
//
// Keys come from a key file (`KEYID BASE64KEY` per line, `#` comments, the
// last key is current) that only its owner may read, or from the same text
// with `;` between entries. A ring re-reads its key file when the file
// changes (checked at most once per reload interval) and when it meets a key
// id it does not hold, so a running server follows a key rotation.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::access {

inline constexpr std::string_view kSealedPrefix = "tl1.";
inline constexpr size_t kFieldKeyBytes = 32;

// True when `value` has the sealed prefix (it may still fail to open).
bool IsSealed(std::string_view value);

// The key id named by a sealed value; empty when `value` is not sealed or
// names no well-formed key id.
std::string_view SealedKeyId(std::string_view value);

// True for 1 to 64 characters of [A-Za-z0-9_-].
bool IsValidKeyId(std::string_view id);

// A fresh key id: "k" + UTC date and time + a random suffix, e.g.
// "k20260115-031500-9f3a". Ids sort by creation time.
std::string NewKeyId();

class KeyRing {
 public:
  // Reads a key file. Refuses a file that group or others may access, one
  // with no key, a malformed line (named by number, never echoing key
  // material) or a repeated key id.
  static Result<std::shared_ptr<KeyRing>> FromFile(const std::string& path);
  // Parses key-file text whose entries are separated by newlines or ';'
  // (the form of THREADLINE_KEYS). Nothing to re-read: Reload is a no-op.
  static Result<std::shared_ptr<KeyRing>> FromText(std::string_view text);
  // THREADLINE_KEY_FILE when set, else THREADLINE_KEYS; kNotFound when
  // neither is set.
  static Result<std::shared_ptr<KeyRing>> FromEnvironment();

  ~KeyRing();
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  // Encrypts under the current key. "" stays "". Thread-safe.
  Result<std::string> Seal(std::string_view plaintext, std::string_view associated_data);
  // Decrypts a sealed value; returns an unsealed value unchanged. Errors
  // (kInternal, detail for the log) for an unknown key id, a value that was
  // tampered with or moved (authentication fails), or a malformed value.
  // Thread-safe.
  Result<std::string> Open(std::string_view text, std::string_view associated_data);

  std::string current_key_id() const;
  std::vector<std::string> key_ids() const;
  bool HasKey(std::string_view id) const;
  // Where the keys came from, for messages: the file path or "THREADLINE_KEYS".
  const std::string& source_name() const { return source_name_; }

  // Re-reads the key file now. On failure the keys already held stay in use
  // and the error is returned.
  Status Reload();
  // Re-reads the key file when its modification time, size or inode changed,
  // checking at most once per reload interval. Seal calls this.
  void ReloadIfChanged();
  // The shortest time between two checks of the key file (default 5 s).
  void set_reload_interval(std::chrono::milliseconds interval) { reload_interval_ = interval; }
  std::chrono::milliseconds reload_interval() const { return reload_interval_; }

  struct KeySet;  // the keys of one load, immutable once built

 private:
  KeyRing(std::string source_name, std::string path, std::shared_ptr<const KeySet> keys);
  std::shared_ptr<const KeySet> Snapshot() const;
  // Re-reads unconditionally when the last re-read is older than the interval.
  void ReloadIfStale();

  std::string source_name_;
  std::string path_;  // empty for keys given as text
  std::chrono::milliseconds reload_interval_{5000};

  mutable std::mutex keys_mutex_;
  std::shared_ptr<const KeySet> keys_;

  std::mutex reload_mutex_;  // one re-read at a time; others carry on with the old keys
  std::chrono::steady_clock::time_point last_check_{};
  std::chrono::steady_clock::time_point last_forced_{};
  struct FileStamp {
    long long mtime_ns = 0;
    long long size = 0;
    unsigned long long inode = 0;
    bool operator==(const FileStamp&) const = default;
  } stamp_;
};

// Creates `path` (mode 0600) holding one fresh key; returns its id. Refuses
// to overwrite an existing file.
Result<std::string> CreateKeyFile(const std::string& path);

// Adds a fresh key, which becomes the current one, to an existing key file
// by writing a complete new file beside it and renaming it into place (a
// reader never sees a half-written file). Returns the new key's id.
Result<std::string> AppendKeyToFile(const std::string& path);

}  // namespace threadline::access
