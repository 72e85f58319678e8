#pragma once
// Numbered SQL migrations, compiled in from migrations/<backend>/NNNN_name.sql
// and applied in order, each in its own transaction, recorded in
// schema_migrations. Applying is idempotent.

#include <span>
#include <string_view>

#include "refdata/embedded.hpp"

namespace threadline::store {

// Files under migrations/sqlite/, sorted by name.
std::span<const refdata::EmbeddedFile> SqliteMigrationFiles();
// Files under migrations/postgres/: the same schema and numbering in
// PostgreSQL's dialect.
std::span<const refdata::EmbeddedFile> PostgresMigrationFiles();

// The version number of a migration file name ("0001_core.sql" → 1), or -1.
int MigrationVersion(std::string_view file_name);

}  // namespace threadline::store
