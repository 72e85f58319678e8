// `threadline audit`: checks that the audit log is the unbroken hash chain
// it was written as (`verify`), and builds large chained logs for measuring
// that check (`fill`, a benchmark aid).
#include <filesystem>
#include <iostream>
#include <random>

#include "access/audit_chain.hpp"
#include "app/commands.hpp"
#include "domain/datetime.hpp"
#include "domain/ids.hpp"
#include "store/open_store.hpp"

namespace threadline::app {
namespace {

// Exit status of `verify` when the chain is broken (1 = could not check).
constexpr int kExitBroken = 3;
// Problems printed one a line; the rest are counted.
constexpr size_t kProblemsShown = 20;

struct VerifyOptions {
  std::string db = "var/threadline.db";
  std::vector<std::string> anchors;  // SEQ:HASH
};

struct FillOptions {
  std::string db;
  int64_t entries = 1000;
  uint64_t seed = 1;
  int64_t batch = 100000;
};

[[noreturn]] void Fail(const std::string& what, const Error& error, int code = 1) {
  std::cerr << "threadline audit: " << what << ": " << error.message << " " << error.log_detail
            << "\n";
  throw CLI::RuntimeError(code);
}

// Opens an existing database: applying migrations (and chaining entries that
// predate the chain) is the only change made. Agencies are not seeded.
std::unique_ptr<store::Store> OpenExisting(const std::string& db) {
  std::error_code ec;
  if (!store::IsPostgresUrl(db) && !std::filesystem::is_regular_file(db, ec)) {
    std::cerr << "threadline audit: no database at " << db << "\n";
    throw CLI::RuntimeError(1);
  }
  auto store = store::OpenStore(db);
  if (!store.ok()) Fail("cannot open " + store::DisplayName(db), store.error());
  return std::move(*store);
}

void AddAnchor(access::ChainVerifier& verifier, const std::string& anchor) {
  const size_t colon = anchor.find(':');
  int64_t seq = 0;
  bool ok = colon != std::string::npos && colon > 0;
  if (ok) {
    try {
      size_t used = 0;
      seq = std::stoll(anchor.substr(0, colon), &used);
      ok = used == colon && seq > 0;
    } catch (const std::exception&) {
      ok = false;
    }
  }
  const std::string hash = ok ? anchor.substr(colon + 1) : "";
  ok = ok && hash.size() == access::kChainHashHexSize &&
       hash.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!ok) {
    std::cerr << "threadline audit: --expect must be SEQ:HASH (a seq and 64 lower-case hex "
                 "digits), not '"
              << anchor << "'\n";
    throw CLI::RuntimeError(2);
  }
  verifier.ExpectHash(seq, hash);
}

void RunVerify(const VerifyOptions& opt) {
  access::ChainVerifier verifier;
  for (const auto& anchor : opt.anchors) AddAnchor(verifier, anchor);
  auto store = OpenExisting(opt.db);
  // Entries this process queued are written first. A running server's
  // queue is its own: what it has not written yet (at most a few
  // milliseconds of reads) is checked by the next run, or after
  // GET /readyz, which flushes it.
  if (Status s = store->FlushAudit(); !s.ok()) Fail("cannot write the audit log", s.error());
  const Status scanned = store->Read([&](store::ReadTx& tx) {
    return access::VerifyConcurrently(
        verifier, [&](const access::AuditEntrySink& sink) { return tx.ScanAudit(0, sink); });
  });
  if (!scanned.ok()) Fail("cannot read the audit log", scanned.error());
  verifier.Finish();
  if (verifier.intact()) {
    std::cout << "audit chain intact: " << verifier.entries() << " entries, last seq "
              << verifier.last_seq() << ", head hash " << verifier.head_hash() << "\n";
    return;
  }
  const auto& problems = verifier.problems();
  std::cout << "audit chain broken: " << problems.front().Describe() << "\n";
  for (size_t i = 1; i < problems.size() && i < kProblemsShown; ++i) {
    std::cout << "  also: " << problems[i].Describe() << "\n";
  }
  std::cout << verifier.problem_count() << " problem" << (verifier.problem_count() == 1 ? "" : "s")
            << " in " << verifier.entries() << " entries, last seq " << verifier.last_seq() << "\n";
  throw CLI::RuntimeError(kExitBroken);
}

// Synthetic entries shaped like real ones (ids, timestamps, actions), so the
// measured verify reads rows of a realistic size.
class EntryMaker {
 public:
  explicit EntryMaker(uint64_t seed) : rng_(seed) {
    for (int i = 0; i < 400; ++i) users_.push_back(domain::NextId(kStartMs + i, rng_));
    for (int i = 0; i < 40; ++i) agencies_.push_back(domain::NextId(kStartMs + i, rng_));
  }

  domain::AuditEntry Next() {
    static constexpr const char* kActions[][2] = {
        {"report.read", "report"},       {"report.list", "report"},
        {"report.create", "report"},     {"person.read", "person"},
        {"person.create", "person"},     {"person.links", "person"},
        {"screening.read", "screening"}, {"screening.create", "screening"},
        {"screening.list", "screening"}, {"finding.list", "finding"}};
    at_s_ += 1 + static_cast<int64_t>(rng_() % 5);
    const auto& action = kActions[rng_() % std::size(kActions)];
    const size_t user = rng_() % users_.size();
    domain::AuditEntry e;
    e.at = domain::FormatTimestamp(at_s_);
    e.actor_id = users_[user];
    e.agency_id = agencies_[user % agencies_.size()];
    e.action = action[0];
    e.record_type = action[1];
    e.record_id = domain::NextId(at_s_ * 1000, rng_);
    static constexpr char kHex[] = "0123456789abcdef";
    e.request_id.assign(16, '0');
    uint64_t bits = rng_();
    for (char& c : e.request_id) {
      c = kHex[bits & 15U];
      bits >>= 4;
    }
    e.source = "10.0." + std::to_string(user % 250) + "." + std::to_string(1 + user % 200);
    if (rng_() % 20 == 0) e.purpose = "case review";
    return e;
  }

 private:
  static constexpr int64_t kStartMs = 1'711'929'600'000;  // 2024-04-01
  std::mt19937_64 rng_;
  std::vector<domain::Id> users_;
  std::vector<domain::Id> agencies_;
  int64_t at_s_ = kStartMs / 1000;
};

void RunFill(const FillOptions& opt) {
  if (store::IsPostgresUrl(opt.db)) {
    // "New" is only certain of a file that does not exist yet.
    std::cerr << "threadline audit fill: creates new SQLite files only, not PostgreSQL databases\n";
    throw CLI::RuntimeError(2);
  }
  std::error_code ec;
  if (std::filesystem::exists(opt.db, ec)) {
    // Invented entries must never mix with a real log.
    std::cerr << "threadline audit fill: " << opt.db
              << " exists; fill only creates new databases\n";
    throw CLI::RuntimeError(2);
  }
  const auto parent = std::filesystem::path(opt.db).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto opened = store::OpenStore(opt.db);
  if (!opened.ok()) Fail("cannot create " + opt.db, opened.error());
  auto store = std::move(*opened);
  EntryMaker maker(opt.seed);
  int64_t written = 0;
  while (written < opt.entries) {
    const int64_t n = std::min(opt.batch, opt.entries - written);
    const Status s = store->Write([&](store::WriteTx& tx) -> Status {
      for (int64_t i = 0; i < n; ++i) {
        if (auto seq = tx.AppendAudit(maker.Next()); !seq.ok()) return seq.status();
      }
      return Status::Ok();
    });
    if (!s.ok()) Fail("cannot write", s.error());
    written += n;
  }
  std::cout << "wrote " << written << " audit entries to " << opt.db << "\n";
}

}  // namespace

void RegisterAuditCommand(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "Check the hash-chained audit log");
  audit->require_subcommand(1);

  auto verify_opt = std::make_shared<VerifyOptions>();
  auto* verify = audit->add_subcommand(
      "verify",
      "Check every entry of the audit log against the hash chain; exit 3 when it is broken");
  verify->add_option("--db", verify_opt->db, "SQLite database file, or a postgresql:// URL")
      ->envname("THREADLINE_DB")
      ->capture_default_str();
  verify->add_option("--expect", verify_opt->anchors,
                     "SEQ:HASH recorded earlier (the head printed by a previous verify); the "
                     "entry must still carry it. Repeatable");
  verify->callback([verify_opt] { RunVerify(*verify_opt); });

  auto fill_opt = std::make_shared<FillOptions>();
  auto* fill = audit->add_subcommand(
      "fill", "Benchmark aid: create a NEW database holding N synthetic chained audit entries");
  fill->add_option("--db", fill_opt->db, "Database file to create (must not exist)")->required();
  fill->add_option("--entries", fill_opt->entries, "Entries to write")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  fill->add_option("--seed", fill_opt->seed, "Random seed")->capture_default_str();
  fill->add_option("--batch", fill_opt->batch, "Entries per transaction")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  fill->callback([fill_opt] { RunFill(*fill_opt); });
}

}  // namespace threadline::app
