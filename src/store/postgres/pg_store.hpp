#pragma once
// The PostgreSQL backend of Store, over libpq: a pool of connections (one
// per concurrent transaction, opened on demand up to a bound), Read in a
// REPEATABLE READ READ ONLY transaction (one consistent snapshot), Write in a
// READ COMMITTED transaction that is committed (and so durable) before Write
// returns OK and rolled back whole on any error. The audit chain's appends
// are serialised by a transaction-scoped advisory lock.

#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace threadline::store {

struct PostgresOptions {
  // A postgresql:// (or postgres://) URL, or a libpq connection string.
  std::string url;
  size_t max_connections = 16;  // open at most, idle ones kept for reuse
  bool apply_migrations = true;
};

// True for postgresql:// and postgres:// URLs.
bool IsPostgresUrl(std::string_view url_or_path);

// Connects, and (by default) applies pending migrations and chains any
// audit entries written without hashes.
Result<std::unique_ptr<Store>> OpenPostgres(const PostgresOptions& options);

}  // namespace threadline::store
