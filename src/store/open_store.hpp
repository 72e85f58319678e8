#pragma once
// Opens the Store a command line names: PostgreSQL for a postgresql:// or
// postgres:// URL, otherwise the SQLite file at that path (the default).
// Everything above the store calls this rather than a backend directly.

#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace threadline::store {

struct OpenOptions {
  bool apply_migrations = true;
  size_t max_readers = 8;       // SQLite: reader connections kept open
  size_t max_connections = 16;  // PostgreSQL: connections open at most
};

// True when `url_or_path` names a PostgreSQL database rather than a file.
bool IsPostgresUrl(std::string_view url_or_path);

Result<std::unique_ptr<Store>> OpenStore(const std::string& url_or_path,
                                         const OpenOptions& options = {});

// The database named for logs and messages: a URL without its password.
std::string DisplayName(const std::string& url_or_path);

}  // namespace threadline::store
