#include "store/open_store.hpp"

#include "store/postgres/pg_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url_or_path,
                                         const OpenOptions& options) {
  if (IsPostgresUrl(url_or_path)) {
    PostgresOptions pg;
    pg.url = url_or_path;
    pg.max_connections = options.max_connections;
    pg.apply_migrations = options.apply_migrations;
    return OpenPostgres(pg);
  }
  SqliteOptions sqlite;
  sqlite.path = url_or_path;
  sqlite.max_readers = options.max_readers;
  sqlite.apply_migrations = options.apply_migrations;
  return OpenSqlite(sqlite);
}

std::string DisplayName(const std::string& url_or_path) {
  if (!IsPostgresUrl(url_or_path)) return url_or_path;
  // postgresql://user:secret@host/db → postgresql://user:***@host/db
  const size_t scheme = url_or_path.find("://") + 3;
  const size_t at = url_or_path.find('@', scheme);
  const size_t slash = url_or_path.find('/', scheme);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url_or_path;
  const size_t colon = url_or_path.find(':', scheme);
  if (colon == std::string::npos || colon > at) return url_or_path;
  return url_or_path.substr(0, colon + 1) + "***" + url_or_path.substr(at);
}

}  // namespace threadline::store
