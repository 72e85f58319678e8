#pragma once
// Where the field-encryption keys of a database come from (docs/security.md):
//  1. --key-file, or THREADLINE_KEY_FILE: that file, which must exist;
//  2. THREADLINE_KEYS: keys given inline;
//  3. otherwise `<db>.key` beside the database, created (mode 0600) on first
//     use with one line saying so, so a demo starts with one command.

#include <memory>
#include <string>

#include "access/field_crypto.hpp"
#include "store/store.hpp"

namespace threadline::app {

// The key file used when none is configured.
std::string DefaultKeyFile(const std::string& db);

// The configured key file: `key_file` when given, else THREADLINE_KEY_FILE;
// empty when neither is set.
std::string ConfiguredKeyFile(const std::string& key_file);

// Loads the keys for the database at `db`, whose undecorated store is `raw`,
// or throws CLI::RuntimeError with a clear message. Refuses to create a new
// default key file for a database that already holds sealed values (their
// key is missing, and a new key would not open them).
std::shared_ptr<access::KeyRing> FieldKeysOrExit(const std::string& db, const std::string& key_file,
                                                 store::Store& raw);

}  // namespace threadline::app
