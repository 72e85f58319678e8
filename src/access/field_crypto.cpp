#include "access/field_crypto.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace threadline::access {
namespace {

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kFieldKeyBytes);

bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

// 32 bytes in memory from sodium_malloc: guard pages around it, excluded
// from core dumps where the system allows, and wiped when freed.
class SecretKey {
 public:
  SecretKey() : bytes_(static_cast<unsigned char*>(sodium_malloc(kFieldKeyBytes))) {}
  ~SecretKey() { sodium_free(bytes_); }
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  unsigned char* data() { return bytes_; }
  const unsigned char* data() const { return bytes_; }
  bool ok() const { return bytes_ != nullptr; }

 private:
  unsigned char* bytes_;
};

// Wipes a buffer that held key material, however the scope is left.
struct Wipe {
  std::string& s;
  ~Wipe() { sodium_memzero(s.data(), s.size()); }
};

Error KeyError(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), {}, {}, {}};
}

Error OpenError(std::string_view associated_data, const std::string& why) {
  return Error{ErrorCode::kInternal,
               "a protected field cannot be read",
               {},
               "sealed field " + std::string(associated_data) + ": " + why,
               {}};
}

std::string_view Trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Base64url without padding for sealed values. Ciphertext is not secret, so
// this table-driven codec need not be constant-time like libsodium's (which
// took a third of the time of opening a field).
constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void AppendBase64Url(std::string& out, const unsigned char* in, size_t n) {
  const size_t at = out.size();
  out.resize(at + n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1));
  char* dst = out.data() + at;
  size_t i = 0;
  for (; i + 3 <= n; i += 3, dst += 4) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    dst[0] = kUrlAlphabet[(v >> 18) & 63];
    dst[1] = kUrlAlphabet[(v >> 12) & 63];
    dst[2] = kUrlAlphabet[(v >> 6) & 63];
    dst[3] = kUrlAlphabet[v & 63];
  }
  if (n - i > 0) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (n - i == 2 ? uint32_t{in[i + 1]} << 8 : 0);
    dst[0] = kUrlAlphabet[(v >> 18) & 63];
    dst[1] = kUrlAlphabet[(v >> 12) & 63];
    if (n - i == 2) dst[2] = kUrlAlphabet[(v >> 6) & 63];
  }
}

constexpr std::array<int8_t, 256> MakeUrlDecodeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i)
    t[static_cast<unsigned char>(kUrlAlphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr std::array<int8_t, 256> kUrlDecode = MakeUrlDecodeTable();

// Decodes base64url without padding; false on any other character, on a
// length no encoder produces, or on non-zero trailing bits.
bool DecodeBase64Url(std::string_view in, std::string& out) {
  const size_t tail = in.size() % 4;
  if (tail == 1) return false;
  out.resize(in.size() / 4 * 3 + (tail == 0 ? 0 : tail - 1));
  const auto* src = reinterpret_cast<const unsigned char*>(in.data());
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int bad = 0;
  size_t i = 0;
  for (; i + 4 <= in.size(); i += 4, dst += 3) {
    const int a = kUrlDecode[src[i]], b = kUrlDecode[src[i + 1]], c = kUrlDecode[src[i + 2]],
              d = kUrlDecode[src[i + 3]];
    bad |= a | b | c | d;  // any -1 sets the sign bit
    const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
    dst[0] = static_cast<unsigned char>(v >> 16);
    dst[1] = static_cast<unsigned char>(v >> 8);
    dst[2] = static_cast<unsigned char>(v);
  }
  if (tail > 0) {
    const int a = kUrlDecode[src[i]], b = kUrlDecode[src[i + 1]];
    const int c = tail == 3 ? kUrlDecode[src[i + 2]] : 0;
    bad |= a | b | c;
    const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6);
    dst[0] = static_cast<unsigned char>(v >> 16);
    if (tail == 3) dst[1] = static_cast<unsigned char>(v >> 8);
    // Bits below the last whole byte must be zero: one encoding per value.
    if ((v & (tail == 3 ? 0xFFu : 0xFFFFu)) != 0) return false;
  }
  return bad >= 0;
}

std::string Base64(const unsigned char* bytes, size_t n, int variant) {
  std::string out(sodium_base64_encoded_len(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Decodes exactly `n` bytes; false when the text is not that.
bool DecodeKey(std::string_view text, unsigned char* out) {
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
    unsigned char buf[kFieldKeyBytes + 3];
    size_t len = 0;
    const char* end = nullptr;
    const int rc =
        sodium_base642bin(buf, sizeof buf, text.data(), text.size(), nullptr, &len, &end, variant);
    const bool good = rc == 0 && end == text.data() + text.size() && len == kFieldKeyBytes;
    if (good) std::memcpy(out, buf, kFieldKeyBytes);
    sodium_memzero(buf, sizeof buf);
    if (good) return true;
  }
  return false;
}

std::string NowUtc(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return KeyError("cannot write the key file " + path + ": " + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

void SyncParent(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
}

// Writes `content` to a new file `path` (mode 0600, must not exist) and
// makes it durable.
Status WriteNewSecretFile(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Error{ErrorCode::kConflict, "the key file " + path + " already exists", {}, {}, {}};
    }
    return KeyError("cannot create the key file " + path + ": " + std::strerror(errno));
  }
  Status s = WriteAll(fd, content, path);
  if (s.ok() && ::fchmod(fd, 0600) != 0) s = KeyError("cannot set the mode of " + path);
  if (s.ok() && ::fsync(fd) != 0) s = KeyError("cannot flush the key file " + path);
  ::close(fd);
  if (!s.ok()) ::unlink(path.c_str());
  return s;
}

}  // namespace

struct KeyRing::KeySet {
  struct Entry {
    std::string id;
    std::unique_ptr<SecretKey> key;
  };
  std::vector<Entry> entries;  // in file order; the last is current

  const Entry* Find(std::string_view id) const {
    for (const auto& e : entries) {
      if (e.id == id) return &e;
    }
    return nullptr;
  }
  const Entry& current() const { return entries.back(); }
};

namespace {

// Parses key-file text; `where` names the source in messages.
Result<std::shared_ptr<const KeyRing::KeySet>> ParseKeys(std::string_view text, bool semicolons,
                                                         const std::string& where) {
  if (!InitSodium()) return Internal("libsodium failed to initialise");
  auto set = std::make_shared<KeyRing::KeySet>();
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t end = semicolons ? text.find_first_of(";\n") : text.find('\n');
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (const size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    const std::string at = where + " entry " + std::to_string(line_no);
    const size_t gap = line.find_first_of(" \t");
    if (gap == std::string_view::npos) return KeyError(at + ": expected KEYID BASE64KEY");
    const std::string_view id = line.substr(0, gap);
    const std::string_view encoded = Trim(line.substr(gap));
    if (!IsValidKeyId(id)) {
      return KeyError(at + ": a key id is 1 to 64 characters of letters, digits, '-' and '_'");
    }
    if (encoded.find_first_of(" \t") != std::string_view::npos) {
      return KeyError(at + ": expected KEYID BASE64KEY");
    }
    if (set->Find(id) != nullptr) {
      return KeyError(at + ": the key id " + std::string(id) + " appears twice");
    }
    auto key = std::make_unique<SecretKey>();
    if (!key->ok()) return Internal("cannot allocate protected memory for a key");
    if (!DecodeKey(encoded, key->data())) {
      return KeyError(at + ": the key must be 32 bytes in base64");
    }
    set->entries.push_back({std::string(id), std::move(key)});
  }
  if (set->entries.empty()) return KeyError(where + " holds no key");
  return std::shared_ptr<const KeyRing::KeySet>(std::move(set));
}

struct LoadedFile {
  std::shared_ptr<const KeyRing::KeySet> keys;
  long long mtime_ns = 0;
  long long size = 0;
  unsigned long long inode = 0;
};

// Reads and parses a key file, checking its mode on the open descriptor so
// the file checked is the file read.
Result<LoadedFile> LoadKeyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error{errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kInvalidArgument,
                 "cannot open the key file " + path + ": " + std::strerror(errno),
                 {},
                 {},
                 {}};
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return KeyError("the key file " + path + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return KeyError("the key file " + path + " may be read or changed by other users (mode " +
                    mode + "); run: chmod 600 " + path);
  }
  std::string content(static_cast<size_t>(st.st_size), '\0');
  Wipe wipe{content};
  size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(fd, content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  auto keys = ParseKeys(std::string_view(content).substr(0, got), false, "key file " + path);
  if (!keys.ok()) return keys.error();
  LoadedFile out;
  out.keys = std::move(*keys);
  out.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  out.size = static_cast<long long>(st.st_size);
  out.inode = static_cast<unsigned long long>(st.st_ino);
  return out;
}

}  // namespace

bool IsSealed(std::string_view value) { return value.starts_with(kSealedPrefix); }

std::string_view SealedKeyId(std::string_view value) {
  if (!IsSealed(value)) return {};
  value.remove_prefix(kSealedPrefix.size());
  const size_t dot = value.find('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view id = value.substr(0, dot);
  return IsValidKeyId(id) ? id : std::string_view{};
}

bool IsValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string NewKeyId() {
  InitSodium();
  unsigned char suffix[2];
  randombytes_buf(suffix, sizeof suffix);
  char hex[5];
  sodium_bin2hex(hex, sizeof hex, suffix, sizeof suffix);
  return "k" + NowUtc("%Y%m%d-%H%M%S") + "-" + hex;
}

KeyRing::KeyRing(std::string source_name, std::string path, std::shared_ptr<const KeySet> keys)
    : source_name_(std::move(source_name)), path_(std::move(path)), keys_(std::move(keys)) {
  last_check_ = last_forced_ = std::chrono::steady_clock::now();
}

KeyRing::~KeyRing() = default;

Result<std::shared_ptr<KeyRing>> KeyRing::FromFile(const std::string& path) {
  auto loaded = LoadKeyFile(path);
  if (!loaded.ok()) return loaded.error();
  std::shared_ptr<KeyRing> ring(new KeyRing(path, path, loaded->keys));
  ring->stamp_ = {loaded->mtime_ns, loaded->size, loaded->inode};
  return ring;
}

Result<std::shared_ptr<KeyRing>> KeyRing::FromText(std::string_view text) {
  auto keys = ParseKeys(text, true, "THREADLINE_KEYS");
  if (!keys.ok()) return keys.error();
  return std::shared_ptr<KeyRing>(new KeyRing("THREADLINE_KEYS", "", std::move(*keys)));
}

Result<std::shared_ptr<KeyRing>> KeyRing::FromEnvironment() {
  if (const char* file = std::getenv("THREADLINE_KEY_FILE"); file != nullptr && *file != '\0') {
    return FromFile(file);
  }
  if (const char* text = std::getenv("THREADLINE_KEYS"); text != nullptr && *text != '\0') {
    return FromText(text);
  }
  return NotFound("neither THREADLINE_KEY_FILE nor THREADLINE_KEYS is set");
}

std::shared_ptr<const KeyRing::KeySet> KeyRing::Snapshot() const {
  std::lock_guard lock(keys_mutex_);
  return keys_;
}

Result<std::string> KeyRing::Seal(std::string_view plaintext, std::string_view associated_data) {
  if (plaintext.empty()) return std::string();
  ReloadIfChanged();
  const auto keys = Snapshot();
  const KeySet::Entry& key = keys->current();
  std::string sealed(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(bytes, kNonceBytes);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(
          bytes + kNonceBytes, &written, reinterpret_cast<const unsigned char*>(plaintext.data()),
          plaintext.size(), reinterpret_cast<const unsigned char*>(associated_data.data()),
          associated_data.size(), nullptr, bytes, key.key->data()) != 0) {
    return Internal("XChaCha20-Poly1305 encryption failed");
  }
  std::string out;
  out.reserve(kSealedPrefix.size() + key.id.size() + 1 + (sealed.size() * 4 + 2) / 3);
  out += kSealedPrefix;
  out += key.id;
  out += '.';
  AppendBase64Url(out, bytes, kNonceBytes + written);
  return out;
}

Result<std::string> KeyRing::Open(std::string_view text, std::string_view associated_data) {
  if (!IsSealed(text)) return std::string(text);
  std::string_view rest = text.substr(kSealedPrefix.size());
  const size_t dot = rest.find('.');
  if (dot == std::string_view::npos || !IsValidKeyId(rest.substr(0, dot))) {
    return OpenError(associated_data, "malformed sealed value (no key id)");
  }
  const std::string_view id = rest.substr(0, dot);
  const std::string_view encoded = rest.substr(dot + 1);

  auto keys = Snapshot();
  const KeySet::Entry* key = keys->Find(id);
  if (key == nullptr) {
    ReloadIfStale();  // the key may have been added since the ring was loaded
    keys = Snapshot();
    key = keys->Find(id);
  }
  if (key == nullptr) {
    return OpenError(associated_data,
                     "unknown key id '" + std::string(id) + "' (not in " + source_name_ + ")");
  }
  std::string bin;
  if (!DecodeBase64Url(encoded, bin) || bin.size() < kNonceBytes + kTagBytes) {
    return OpenError(associated_data, "malformed sealed value (bad base64 or too short)");
  }
  const size_t len = bin.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(bin.data());
  std::string plain(len - kNonceBytes - kTagBytes, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr, bytes + kNonceBytes,
          len - kNonceBytes, reinterpret_cast<const unsigned char*>(associated_data.data()),
          associated_data.size(), bytes, key->key->data()) != 0) {
    return OpenError(associated_data,
                     "authentication failed under key '" + std::string(id) +
                         "' (the value was altered, moved from another field, or the key "
                         "with this id is not the one that sealed it)");
  }
  plain.resize(plain_len);
  return plain;
}

std::string KeyRing::current_key_id() const { return Snapshot()->current().id; }

std::vector<std::string> KeyRing::key_ids() const {
  const auto keys = Snapshot();
  std::vector<std::string> out;
  for (const auto& e : keys->entries) out.push_back(e.id);
  return out;
}

bool KeyRing::HasKey(std::string_view id) const { return Snapshot()->Find(id) != nullptr; }

Status KeyRing::Reload() {
  if (path_.empty()) return Status::Ok();
  std::lock_guard lock(reload_mutex_);
  auto loaded = LoadKeyFile(path_);
  if (!loaded.ok()) return loaded.error();
  stamp_ = {loaded->mtime_ns, loaded->size, loaded->inode};
  std::lock_guard keys_lock(keys_mutex_);
  keys_ = std::move(loaded->keys);
  return Status::Ok();
}

void KeyRing::ReloadIfChanged() {
  if (path_.empty()) return;
  std::unique_lock lock(reload_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is checking; keep sealing meanwhile
  const auto now = std::chrono::steady_clock::now();
  if (now - last_check_ < reload_interval_) return;
  last_check_ = now;
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return;  // a rename in progress; next time
  const FileStamp seen{
      static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
      static_cast<long long>(st.st_size), static_cast<unsigned long long>(st.st_ino)};
  if (seen == stamp_) return;
  lock.unlock();
  (void)Reload();  // a broken file keeps the keys already held
}

void KeyRing::ReloadIfStale() {
  if (path_.empty()) return;
  {
    std::lock_guard lock(reload_mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_forced_ < reload_interval_) return;
    last_forced_ = now;
  }
  (void)Reload();
}

Result<std::string> CreateKeyFile(const std::string& path) {
  if (!InitSodium()) return Internal("libsodium failed to initialise");
  SecretKey key;
  if (!key.ok()) return Internal("cannot allocate protected memory for a key");
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  const std::string id = NewKeyId();
  std::string encoded = Base64(key.data(), kFieldKeyBytes, sodium_base64_VARIANT_ORIGINAL);
  Wipe wipe_key{encoded};
  std::string content;
  Wipe wipe{content};
  content.reserve(512);  // no reallocation leaves an unwiped copy of the key
  content +=
      "# Threadline field-encryption keys: KEYID BASE64KEY, one per line; the last is current.\n"
      "# Keep this file secret (mode 0600), backed up, and never beside database backups.\n";
  content += id;
  content += ' ';
  content += encoded;
  content += '\n';
  if (Status s = WriteNewSecretFile(path, content); !s.ok()) return s.error();
  SyncParent(path);
  return id;
}

Result<std::string> AppendKeyToFile(const std::string& path) {
  if (!InitSodium()) return Internal("libsodium failed to initialise");
  auto existing = KeyRing::FromFile(path);  // checks mode and format before touching it
  if (!existing.ok()) return existing.error();
  std::string id = NewKeyId();
  while ((*existing)->HasKey(id)) id = NewKeyId();

  std::string content;
  Wipe wipe_old{content};
  {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return KeyError("cannot open the key file " + path + ": " + std::strerror(errno));
    // Reserved up front so no reallocation leaves an unwiped copy of the keys.
    struct stat st {};
    if (::fstat(fd, &st) == 0) content.reserve(static_cast<size_t>(st.st_size) + 256);
    char buf[4096];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      content.append(buf, static_cast<size_t>(n));
    }
    sodium_memzero(buf, sizeof buf);
    ::close(fd);
  }
  if (!content.empty() && content.back() != '\n') content += '\n';
  SecretKey key;
  if (!key.ok()) return Internal("cannot allocate protected memory for a key");
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  std::string encoded = Base64(key.data(), kFieldKeyBytes, sodium_base64_VARIANT_ORIGINAL);
  Wipe wipe_new{encoded};
  content += id;  // appended piece by piece: no unwiped temporary holds the key
  content += ' ';
  content += encoded;
  content += '\n';

  const std::string tmp = path + ".new-" + std::to_string(::getpid());
  ::unlink(tmp.c_str());  // left by an interrupted run of this same process id
  if (Status s = WriteNewSecretFile(tmp, content); !s.ok()) return s.error();
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return KeyError("cannot replace the key file " + path + ": " + why);
  }
  SyncParent(path);
  return id;
}

}  // namespace threadline::access
