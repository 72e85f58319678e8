#pragma once
// The database a whole-program benchmark runs on, sealed as in production
// and seeded with the agencies: the file an environment variable names
// (kept between runs, so the minutes of building it are spent once), or a
// fresh one in a temporary directory the caller removes when done.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "access/field_crypto.hpp"
#include "bench_support.hpp"
#include "refdata/refdata.hpp"
#include "services/seed.hpp"
#include "store/sealed_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::bench {

struct BenchStore {
  std::unique_ptr<store::Store> store;
  std::filesystem::path temp_dir;  // empty when the file was named
  bool fresh = false;              // nothing in it yet: the benchmark builds its data
};

inline BenchStore OpenBenchStore(const char* keep_env, const std::string& name) {
  namespace fs = std::filesystem;
  BenchStore out;
  const char* keep = std::getenv(keep_env);
  std::string db;
  if (keep != nullptr && *keep != '\0') {
    db = keep;
  } else {
    out.temp_dir =
        fs::temp_directory_path() / ("threadline_bench_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(out.temp_dir);
    fs::create_directories(out.temp_dir);
    db = (out.temp_dir / "bench.db").string();
  }
  const std::string key_file = db + ".key";
  out.fresh = !fs::exists(db);
  if (out.fresh) Must(access::CreateKeyFile(key_file), "creating the key file");
  auto keys = Must(access::KeyRing::FromFile(key_file), "reading the key file");
  out.store = store::SealSensitiveFields(Must(store::OpenSqlite({db}), "opening the database"),
                                         std::move(keys));
  Must(services::SeedAgencies(*out.store, refdata::RefData()), "seeding agencies");
  return out;
}

}  // namespace threadline::bench
