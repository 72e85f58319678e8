// `threadline keys`: create a field-encryption key file, rotate to a new key
// while servers keep running, and show which key seals how many values.
// The procedure for administrators is in docs/security.md.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <thread>

#include "access/field_crypto.hpp"
#include "app/commands.hpp"
#include "app/field_keys.hpp"
#include "store/open_store.hpp"
#include "store/sealed_store.hpp"

namespace threadline::app {
namespace {

struct KeysOptions {
  std::string db = "var/threadline.db";
  std::string key_file;
  size_t batch = 500;
  bool resume = false;
  int settle_s = 6;  // a little more than a server's key-file check interval
};

[[noreturn]] void Fail(const std::string& message, int code = 1) {
  std::cerr << "threadline keys: " << message << "\n";
  throw CLI::RuntimeError(code);
}

// The database must exist: rotating a mistyped path must not create one.
std::unique_ptr<store::Store> OpenExisting(const std::string& db) {
  std::error_code ec;
  if (!store::IsPostgresUrl(db) && !std::filesystem::is_regular_file(db, ec)) {
    Fail("no database at " + db);
  }
  store::OpenOptions options;
  options.apply_migrations = false;  // a running server owns the schema
  auto opened = store::OpenStore(db, options);
  if (!opened.ok()) {
    Fail("cannot open " + store::DisplayName(db) + ": " + opened.error().message + " " +
         opened.error().log_detail);
  }
  return std::move(*opened);
}

// The key file to add a key to: --key-file, THREADLINE_KEY_FILE, else
// <db>.key when it exists and THREADLINE_KEYS does not override it.
std::string KeyFileOrExit(const KeysOptions& opt) {
  std::string path = ConfiguredKeyFile(opt.key_file);
  if (!path.empty()) return path;
  if (const char* text = std::getenv("THREADLINE_KEYS"); text != nullptr && *text != '\0') {
    Fail(
        "the keys come from THREADLINE_KEYS: add the new key there, restart the servers, then "
        "run `threadline keys rotate --resume` (docs/security.md)",
        2);
  }
  path = DefaultKeyFile(opt.db);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return path;
  Fail("give the key file with --key-file or THREADLINE_KEY_FILE", 2);
}

std::shared_ptr<access::KeyRing> LoadOrExit(const std::string& path) {
  auto ring = access::KeyRing::FromFile(path);
  if (!ring.ok()) Fail(ring.error().message + " " + ring.error().log_detail);
  return *ring;
}

// The keys a server on this database would use (app/field_keys.hpp), or
// null when there are none yet.
std::shared_ptr<access::KeyRing> KeysInUseOrNull(const KeysOptions& opt) {
  if (const std::string path = ConfiguredKeyFile(opt.key_file); !path.empty()) {
    return LoadOrExit(path);
  }
  if (const char* text = std::getenv("THREADLINE_KEYS"); text != nullptr && *text != '\0') {
    auto ring = access::KeyRing::FromText(text);
    if (!ring.ok()) Fail(ring.error().message);
    return *ring;
  }
  std::error_code ec;
  if (std::filesystem::exists(DefaultKeyFile(opt.db), ec))
    return LoadOrExit(DefaultKeyFile(opt.db));
  return nullptr;
}

void PrintCounts(store::SealedColumn column, const store::ResealCounts& c) {
  std::cout << "  " << std::left << std::setw(26) << store::SealedColumnName(column) << " resealed "
            << c.resealed << ", sealed (were plain) " << c.sealed << ", changed meanwhile "
            << c.changed << ", failed " << c.failed << "\n";
}

// One pass over every sealed column; returns the failures and the values
// that changed underneath (which a later pass picks up).
std::pair<int64_t, int64_t> Pass(store::Store& raw, access::KeyRing& keys, size_t batch,
                                 bool sweep) {
  store::ResealOptions options;
  options.batch = batch;
  auto report = store::ResealAll(raw, keys, options);
  if (!report.ok()) {
    Fail("re-encryption stopped: " + report.error().message + " " + report.error().log_detail +
         " (run `threadline keys rotate --resume` to carry on)");
  }
  int64_t failed = 0;
  int64_t changed = 0;
  int64_t done = 0;
  for (const auto& [column, counts] : *report) {
    done += counts.resealed + counts.sealed + counts.changed + counts.failed;
    // The sweep names only the columns where it found something.
    if (!sweep || counts.resealed + counts.sealed + counts.changed + counts.failed > 0) {
      PrintCounts(column, counts);
    }
    failed += counts.failed;
    changed += counts.changed;
    if (counts.failed > 0) std::cout << "    first failure: " << counts.first_failure << "\n";
  }
  if (sweep && done == 0) std::cout << "  nothing left to re-encrypt\n";
  return {failed, changed};
}

void RunGenerate(const KeysOptions& opt) {
  if (opt.key_file.empty()) Fail("give the file to create with --key-file", 2);
  auto id = access::CreateKeyFile(opt.key_file);
  if (!id.ok()) Fail(id.error().message);
  std::cout << "Created " << opt.key_file << " (mode 0600) with key " << *id
            << ".\nBack it up apart from the database, and point THREADLINE_KEY_FILE (or "
               "--key-file) at it.\n";
}

void RunRotate(const KeysOptions& opt) {
  auto raw = OpenExisting(opt.db);
  const auto started = std::chrono::steady_clock::now();
  std::shared_ptr<access::KeyRing> keys;
  if (opt.resume) {
    // Any key source will do: nothing is added.
    keys = KeysInUseOrNull(opt);
    if (keys == nullptr) Fail("give the key file with --key-file or THREADLINE_KEY_FILE", 2);
  } else {
    const std::string path = KeyFileOrExit(opt);
    auto id = access::AppendKeyToFile(path);
    if (!id.ok()) Fail(id.error().message + " " + id.error().log_detail);
    std::cout << "Added key " << *id << " to " << path
              << "; it is now current. Running servers start using it within seconds.\n";
    keys = LoadOrExit(path);
  }
  std::cout << "Re-encrypting every value not under key " << keys->current_key_id()
            << ", in batches of " << opt.batch << ":\n";
  auto [failed, changed] = Pass(*raw, *keys, opt.batch, false);

  // A server that sealed a value just before it noticed the new key may have
  // written it after the pass went by: wait until every server has checked
  // its key file, then sweep once more.
  if (!opt.resume || changed > 0) {
    const auto settle = std::chrono::seconds(opt.settle_s);
    const auto waited = std::chrono::steady_clock::now() - started;
    if (waited < settle) {
      std::cout << "Waiting for running servers to pick up the key...\n";
      std::this_thread::sleep_for(settle - waited);
    }
    std::cout << "Final sweep for values sealed meanwhile under the previous key:\n";
    std::tie(failed, changed) = Pass(*raw, *keys, opt.batch, true);
  }
  if (failed > 0) {
    Fail(std::to_string(failed) +
         " values did not open and were left as they were (see the first failure above); "
         "docs/security.md says what to do");
  }
  if (changed > 0) {
    std::cout << changed << " values changed while being re-encrypted; run `threadline keys "
              << "rotate --resume` to finish them.\n";
    return;
  }
  std::cout << "Done: every encrypted value is under key " << keys->current_key_id()
            << ". Keep the older keys until every backup made before now has expired.\n";
}

void RunStatus(const KeysOptions& opt) {
  auto raw = OpenExisting(opt.db);
  const std::shared_ptr<access::KeyRing> keys = KeysInUseOrNull(opt);
  if (keys != nullptr) {
    std::cout << "Keys in " << keys->source_name() << ":";
    for (const auto& id : keys->key_ids()) std::cout << " " << id;
    std::cout << " (current " << keys->current_key_id() << ")\n";
  }
  std::map<std::string, int64_t> by_key;
  for (store::SealedColumn column : store::AllSealedColumns()) {
    store::SealedCell after;
    for (;;) {
      std::vector<store::SealedCell> cells;
      const Status s = raw->Read([&](store::ReadTx& tx) {
        auto listed = tx.ListSealedCells(column, "", after, 5000);
        if (!listed.ok()) return listed.status();
        cells = std::move(*listed);
        return Status::Ok();
      });
      if (!s.ok()) Fail("cannot read " + opt.db + ": " + s.error().message);
      if (cells.empty()) break;
      after = cells.back();
      for (const auto& cell : cells) {
        const std::string_view id = access::SealedKeyId(cell.value);
        ++by_key[id.empty() ? (access::IsSealed(cell.value) ? "(malformed)" : "(not encrypted)")
                            : std::string(id)];
      }
    }
  }
  std::cout << "Stored values by key:\n";
  if (by_key.empty()) std::cout << "  none\n";
  bool unknown = false;
  for (const auto& [id, n] : by_key) {
    const bool missing = keys != nullptr && id[0] != '(' && !keys->HasKey(id);
    unknown = unknown || missing;
    std::cout << "  " << std::left << std::setw(26) << id << " " << n
              << (missing ? "   NOT IN THE KEY FILE: these values cannot be read" : "") << "\n";
  }
  if (unknown) throw CLI::RuntimeError(1);
}

}  // namespace

void RegisterKeysCommand(CLI::App& app) {
  auto* keys = app.add_subcommand("keys", "Field-encryption keys: generate, rotate, status");
  keys->require_subcommand(1);
  auto opt = std::make_shared<KeysOptions>();

  auto* generate = keys->add_subcommand("generate", "Create a key file holding one new key");
  generate->add_option("--key-file", opt->key_file, "The file to create (never overwritten)")
      ->required();
  generate->callback([opt] { RunGenerate(*opt); });

  auto* rotate = keys->add_subcommand(
      "rotate", "Add a new current key, then re-encrypt every value under it, in short batches");
  auto* status = keys->add_subcommand("status", "Count stored encrypted values by key");
  for (auto* cmd : {rotate, status}) {
    cmd->add_option("--db", opt->db, "SQLite database file, or a postgresql:// URL")
        ->envname("THREADLINE_DB")
        ->capture_default_str();
    cmd->add_option("--key-file", opt->key_file, "Key file (default <db>.key)")
        ->envname("THREADLINE_KEY_FILE");
  }
  rotate->add_option("--batch", opt->batch, "Values per write transaction")
      ->check(CLI::Range(size_t{1}, size_t{100000}))
      ->capture_default_str();
  rotate->add_flag(
      "--resume", opt->resume,
      "Add no key: finish re-encrypting under the current key (after an interruption)");
  rotate
      ->add_option("--settle-seconds", opt->settle_s,
                   "Wait this long after adding the key before the final sweep")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
  rotate->callback([opt] { RunRotate(*opt); });
  status->callback([opt] { RunStatus(*opt); });
}

}  // namespace threadline::app
