#include "app/field_keys.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "store/open_store.hpp"
#include "store/sealed_store.hpp"

namespace threadline::app {
namespace {

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "threadline: " << message << "\n";
  throw CLI::RuntimeError(1);
}

std::shared_ptr<access::KeyRing> FromFileOrExit(const std::string& path) {
  auto ring = access::KeyRing::FromFile(path);
  if (!ring.ok()) {
    if (ring.error().code == ErrorCode::kNotFound) {
      Fail("the key file " + path + " does not exist; create one with `threadline keys generate " +
           "--key-file " + path + "` (or restore it from the key backup)");
    }
    Fail(ring.error().message + " " + ring.error().log_detail);
  }
  return *ring;
}

// True when the first stored value of some sealed column is sealed. Values
// are listed in id order, and ids grow with time, so a database that has
// been sealing since its start shows it in its very first rows.
bool HoldsSealedValues(store::Store& raw) {
  bool sealed = false;
  const Status s = raw.Read([&](store::ReadTx& tx) {
    for (store::SealedColumn column : store::AllSealedColumns()) {
      auto first = tx.ListSealedCells(column, "", {}, 1);
      if (!first.ok()) return first.status();
      if (!first->empty() && access::IsSealed(first->front().value)) sealed = true;
    }
    return Status::Ok();
  });
  if (!s.ok()) Fail("cannot read the database: " + s.error().message + " " + s.error().log_detail);
  return sealed;
}

}  // namespace

std::string DefaultKeyFile(const std::string& db) { return db + ".key"; }

std::string ConfiguredKeyFile(const std::string& key_file) {
  if (!key_file.empty()) return key_file;
  const char* env = std::getenv("THREADLINE_KEY_FILE");
  return env != nullptr ? env : "";
}

std::shared_ptr<access::KeyRing> FieldKeysOrExit(const std::string& db, const std::string& key_file,
                                                 store::Store& raw) {
  if (const std::string file = ConfiguredKeyFile(key_file); !file.empty()) {
    return FromFileOrExit(file);
  }
  if (const char* text = std::getenv("THREADLINE_KEYS"); text != nullptr && *text != '\0') {
    auto ring = access::KeyRing::FromText(text);
    if (!ring.ok()) Fail(ring.error().message);
    return *ring;
  }
  // A URL has no folder to keep a key file beside the data in.
  if (store::IsPostgresUrl(db)) {
    Fail(
        "a PostgreSQL database needs its field-encryption keys configured: set --key-file / "
        "THREADLINE_KEY_FILE (create one with `threadline keys generate --key-file FILE`) or "
        "THREADLINE_KEYS");
  }
  const std::string path = DefaultKeyFile(db);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return FromFileOrExit(path);
  if (HoldsSealedValues(raw)) {
    Fail("the database " + db + " holds encrypted fields but no key is configured and " + path +
         " is missing; restore the key file, or set --key-file / THREADLINE_KEY_FILE");
  }
  auto id = access::CreateKeyFile(path);
  if (!id.ok()) Fail(id.error().message);
  std::cerr << "threadline: created the field-encryption key file " << path
            << " (mode 0600); outside a demo keep keys away from the database: docs/security.md\n";
  return FromFileOrExit(path);
}

}  // namespace threadline::app
