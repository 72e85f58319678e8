// The Store contract, tested at the level its users see it: transactions,
// rollback, restart, pagination, not-found and conflict. Every test runs on
// both backends (SQLite and PostgreSQL); the backend ends the test's name.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <new>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include "../../tests/support/test_database.hpp"
#include "domain/datetime.hpp"
#include "domain/report_facts.hpp"
#include "store/migrations.hpp"
#include "store/open_store.hpp"

namespace threadline::store {
namespace {

using threadline::testing::Backend;
using threadline::testing::TestDatabase;

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }
  void Reopen() {
    store_.reset();
    auto opened = OpenStore(db_->url());
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
    EXPECT_EQ(store_->backend(), db_->postgres() ? "postgres" : "sqlite");
  }

  domain::Id NewId() { return domain::NextId(1'700'000'000'000 + counter_++, rng_); }

  domain::Agency AddAgency(const std::string& code) {
    domain::Agency a{NewId(), code, "Force " + code, "police_force", "Somewhere"};
    EXPECT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertAgency(a); }).ok());
    return a;
  }

  domain::Person MakePerson(const domain::Id& agency) {
    domain::Person p;
    p.id = NewId();
    p.agency_id = agency;
    p.given_name = "Ada";
    p.family_name = "Lovelace";
    p.dob = "1985-12";
    p.phones = {"07700 900123", "+44 7700 900456"};
    p.emails = {"ada@example.org"};
    p.created_at = "2026-01-01T00:00:00Z";
    return p;
  }

  domain::Report MakeReport(const domain::Id& force, const domain::Id& victim, int64_t when) {
    domain::Report r;
    r.id = NewId();
    r.force_id = force;
    r.reference = "REF-" + r.id.substr(20);
    r.occurred_at = domain::FormatTimestamp(when);
    r.summary = "synthetic";
    r.recorded_as = "harassment_s2";
    r.behaviours = {"contacting", "following"};
    r.parties = {{"victim", victim}};
    r.created_at = r.occurred_at;
    return r;
  }

  int64_t Count(Table t) {
    int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      auto c = tx.Count(t);
                      if (c.ok()) n = *c;
                      return c.status();
                    })
                    .ok());
    return n;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
  std::mt19937_64 rng_{12345};
  int64_t counter_ = 0;
};

// Migration 0006 computes the facts of reports stored before it in SQL; the
// store maintains them on every insert after it (domain/report_facts.hpp).
// Both must give every report the same facts.
TEST_P(StoreTest, FactsBackfillMatchesInsert) {
  const auto force = AddAgency("f1");
  domain::Person named = MakePerson(force.id);
  domain::Person unnamed = MakePerson(force.id);
  unnamed.family_name.clear();
  unnamed.phones = {"07700 900999"};
  unnamed.emails.clear();
  std::vector<domain::Report> reports;
  const std::vector<std::vector<std::string>> outcomes = {{},
                                                          {"charged", "trial", "convicted"},
                                                          {"suspect_identified"},
                                                          {"no_further_action"},
                                                          {"arrested", "cautioned"},
                                                          {"acquitted"}};
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) -> Status {
                    if (Status s = tx.InsertPerson(named); !s.ok()) return s;
                    if (Status s = tx.InsertPerson(unnamed); !s.ok()) return s;
                    for (size_t i = 0; i < 12; ++i) {
                      domain::Report r = MakeReport(force.id, named.id, 1'770'000'000 + i);
                      if (i % 3 == 1) r.parties.push_back({"suspect", named.id});
                      if (i % 3 == 2) r.parties.push_back({"suspect", unnamed.id});
                      if (Status s = tx.InsertReport(r); !s.ok()) return s;
                      for (const auto& kind : outcomes[i % outcomes.size()]) {
                        domain::Outcome o{NewId(), r.id,         kind,
                                          "",      "2026-02-01", "2026-02-01T00:00:00Z"};
                        if (Status s = tx.InsertOutcome(o); !s.ok()) return s;
                      }
                      if (i % 4 == 0) continue;
                      domain::Screening sc;
                      sc.id = NewId();
                      sc.report_id = r.id;
                      sc.questionnaire_version = "v1";
                      sc.answers_json = sc.result_json = "{}";
                      sc.classifications =
                          i % 4 == 1   ? std::vector<std::string>{"stalking_s2a"}
                          : i % 4 == 2 ? std::vector<std::string>{"harassment_s2", "stalking_s4a"}
                                       : std::vector<std::string>{"malicious_communications"};
                      sc.principal = sc.classifications.front();
                      sc.risk_level = "standard";
                      sc.created_at = "2026-02-01T00:00:00Z";
                      if (Status s = tx.InsertScreening(sc); !s.ok()) return s;
                      if (i % 4 != 3) continue;
                      domain::Screening again = sc;
                      again.id = NewId();
                      again.previous_id = sc.id;
                      if (Status s = tx.InsertScreening(again); !s.ok()) return s;
                    }
                    return Status::Ok();
                  })
                  .ok());
  store_.reset();
  auto facts = [&] {
    std::map<std::string, int64_t> out;
    for (const auto& row : db_->Rows("SELECT id, facts FROM reports")) {
      out[row.at(0)] = std::stoll(row.at(1));
    }
    return out;
  };
  const auto maintained = facts();
  // Every kind of fact occurs, so the comparison means something.
  int64_t seen = 0;
  for (const auto& [_, f] : maintained) seen |= f;
  namespace rf = domain::report_facts;
  for (const int64_t bit : {rf::kSuspectParty, rf::kNamedSuspect, rf::kScreened,
                            rf::kScreenedStalking, rf::kIncludedStalking, rf::kRescreened,
                            rf::OutcomeBit("charged"), rf::OutcomeBit("acquitted"),
                            rf::OutcomeBit("cautioned"), rf::OutcomeBit("no_further_action")}) {
    EXPECT_NE(seen & bit, 0) << bit;
  }
  // The migration's backfill, run again over the same rows from zero.
  std::string_view migration;
  for (const auto& f : db_->postgres() ? PostgresMigrationFiles() : SqliteMigrationFiles()) {
    if (f.path.find("0006_") != std::string_view::npos) migration = f.content;
  }
  const size_t begin = migration.find("UPDATE reports SET facts");
  const size_t end = migration.find(';', begin);
  ASSERT_NE(begin, std::string_view::npos);
  const std::string backfill(migration.substr(begin, end - begin + 1));
  ASSERT_EQ(db_->Exec("UPDATE reports SET facts = 0"), "");
  ASSERT_NE(facts(), maintained);
  ASSERT_EQ(db_->Exec(backfill), "");
  EXPECT_EQ(facts(), maintained);
}

TEST_P(StoreTest, MigrationNamesCarryTheirVersion) {
  EXPECT_EQ(MigrationVersion("0001_core.sql"), 1);
  EXPECT_EQ(MigrationVersion("sqlite/0012_cases.sql"), 12);
  EXPECT_EQ(MigrationVersion("core.sql"), -1);
  EXPECT_EQ(MigrationVersion("0001_core.txt"), -1);
  EXPECT_FALSE(SqliteMigrationFiles().empty());
  // Both dialects carry the same migrations under the same numbers.
  std::vector<std::string> sqlite;
  std::vector<std::string> postgres;
  for (const auto& f : SqliteMigrationFiles()) sqlite.emplace_back(f.path);
  for (const auto& f : PostgresMigrationFiles()) postgres.emplace_back(f.path);
  EXPECT_EQ(sqlite, postgres);
}

TEST_P(StoreTest, MigrationsAreAppliedOnceAndSurviveReopen) {
  AddAgency("met");
  Reopen();  // applying again must be a no-op, not a failure or a wipe
  EXPECT_EQ(Count(Table::kAgencies), 1);
}

TEST_P(StoreTest, PersonRoundTripsWithIdentifiers) {
  const auto agency = AddAgency("met");
  const auto person = MakePerson(agency.id);
  ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertPerson(person); }).ok());
  domain::Person got;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto p = tx.GetPerson(person.id);
                    if (p.ok()) got = *p;
                    return p.status();
                  })
                  .ok());
  EXPECT_EQ(got.given_name, "Ada");
  EXPECT_EQ(got.dob, "1985-12");
  EXPECT_EQ(got.phones, person.phones);
  EXPECT_EQ(got.emails, person.emails);
}

TEST_P(StoreTest, ReportRoundTripsWithBehavioursAndParties) {
  const auto agency = AddAgency("met");
  const auto person = MakePerson(agency.id);
  const auto report = MakeReport(agency.id, person.id, 1'760'000'000);
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) {
                    if (Status s = tx.InsertPerson(person); !s.ok()) return s;
                    return tx.InsertReport(report);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto r = tx.GetReport(report.id);
                    EXPECT_TRUE(r.ok());
                    EXPECT_EQ(r->behaviours, report.behaviours);
                    EXPECT_EQ(r->parties.size(), 1U);
                    EXPECT_EQ(r->parties[0].person_id, person.id);
                    EXPECT_EQ(r->occurred_at, report.occurred_at);
                    auto ids = tx.ListReportIdsForPerson(person.id);
                    EXPECT_EQ(ids->size(), 1U);
                    return Status::Ok();
                  })
                  .ok());
}

// A person's reports come oldest first (ties by id), each once even when
// the person is named twice in it.
TEST_P(StoreTest, APersonsReportsAreListedOnceEachOldestFirst) {
  const auto agency = AddAgency("met");
  const auto person = MakePerson(agency.id);
  auto late = MakeReport(agency.id, person.id, 1'760'300'000);
  auto early = MakeReport(agency.id, person.id, 1'760'100'000);
  auto tie_a = MakeReport(agency.id, person.id, 1'760'200'000);
  auto tie_b = MakeReport(agency.id, person.id, 1'760'200'000);
  early.parties.push_back({"suspect", person.id});  // named twice
  if (tie_b.id < tie_a.id) std::swap(tie_a, tie_b);
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) {
                    if (Status s = tx.InsertPerson(person); !s.ok()) return s;
                    for (const auto* r : {&late, &tie_b, &early, &tie_a}) {
                      if (Status s = tx.InsertReport(*r); !s.ok()) return s;
                    }
                    return Status::Ok();
                  })
                  .ok());
  std::vector<domain::Id> ids;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto listed = tx.ListReportIdsForPerson(person.id);
                    if (listed.ok()) ids = *listed;
                    return listed.status();
                  })
                  .ok());
  EXPECT_EQ(ids, (std::vector<domain::Id>{early.id, tie_a.id, tie_b.id, late.id}));
}

TEST_P(StoreTest, ACallbackThatThrowsFailsItsTransactionAlone) {
  // More throws than the PostgreSQL pool holds connections, and than one
  // SQLite batch takes: none may keep what it held.
  const auto agency = AddAgency("met");
  for (int i = 0; i < 40; ++i) {
    const Status write = store_->Write([&](WriteTx& tx) -> Status {
      if (Status s = tx.InsertPerson(MakePerson(agency.id)); !s.ok()) return s;
      throw std::runtime_error("thrown by the test");
    });
    ASSERT_FALSE(write.ok());
    EXPECT_EQ(write.error().code, ErrorCode::kInternal);
    const Status read = store_->Read([&](ReadTx&) -> Status { throw std::bad_alloc(); });
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::kInternal);
  }
  const auto person = MakePerson(agency.id);
  ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertPerson(person); }).ok());
  int64_t persons = 0;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto n = tx.Count(Table::kPersons);
                    if (n.ok()) persons = *n;
                    return n.status();
                  })
                  .ok());
  EXPECT_EQ(persons, 1);  // nothing of the writes that threw
}

TEST_P(StoreTest, UnknownIdsAreNotFound) {
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    EXPECT_EQ(tx.GetReport(NewId()).error().code, ErrorCode::kNotFound);
                    EXPECT_EQ(tx.GetPerson(NewId()).error().code, ErrorCode::kNotFound);
                    EXPECT_EQ(tx.GetAgencyByCode("nowhere").error().code, ErrorCode::kNotFound);
                    EXPECT_EQ(tx.GetUserByName("nobody").error().code, ErrorCode::kNotFound);
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(StoreTest, AnErrorFromTheCallbackRollsEverythingBack) {
  const auto agency = AddAgency("met");
  const Status s = store_->Write([&](WriteTx& tx) -> Status {
    EXPECT_TRUE(tx.InsertPerson(MakePerson(agency.id)).ok());
    return InvalidArgument("changed my mind");
  });
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count(Table::kPersons), 0);
}

TEST_P(StoreTest, AFailingStatementLeavesNothingHalfWritten) {
  const auto agency = AddAgency("met");
  const auto person = MakePerson(agency.id);
  // The report names a person who does not exist: the person insert before it
  // in the same transaction must vanish too.
  const auto report = MakeReport(agency.id, NewId(), 1'760'000'000);
  const Status s = store_->Write([&](WriteTx& tx) {
    if (Status st = tx.InsertPerson(person); !st.ok()) return st;
    return tx.InsertReport(report);
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count(Table::kPersons), 0);
  EXPECT_EQ(Count(Table::kReports), 0);
}

TEST_P(StoreTest, DuplicateKeysConflict) {
  AddAgency("met");
  domain::Agency again{NewId(), "met", "Again", "police_force", ""};
  const Status s = store_->Write([&](WriteTx& tx) { return tx.InsertAgency(again); });
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count(Table::kAgencies), 1);
}

TEST_P(StoreTest, ReportsPageNewestFirstWithoutGapsOrRepeats) {
  const auto met = AddAgency("met");
  const auto kent = AddAgency("kent");
  const auto person = MakePerson(met.id);
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) {
                    if (Status s = tx.InsertPerson(person); !s.ok()) return s;
                    for (int i = 0; i < 120; ++i) {
                      // Every third pair shares a timestamp, so ties must be broken by id.
                      const auto& force = i % 4 == 0 ? kent : met;
                      if (Status s = tx.InsertReport(
                              MakeReport(force.id, person.id, 1'760'000'000 + i / 3 * 60));
                          !s.ok()) {
                        return s;
                      }
                    }
                    return Status::Ok();
                  })
                  .ok());

  std::vector<domain::Report> all;
  ReportFilter filter;
  filter.limit = 50;
  int pages = 0;
  do {
    ASSERT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      auto page = tx.ListReports(filter);
                      if (!page.ok()) return page.status();
                      all.insert(all.end(), page->reports.begin(), page->reports.end());
                      filter.cursor = page->next_cursor;
                      return Status::Ok();
                    })
                    .ok());
    ++pages;
  } while (!filter.cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(all.size(), 120U);
  std::set<std::string> ids;
  for (size_t i = 0; i < all.size(); ++i) {
    ids.insert(all[i].id);
    if (i > 0) {
      EXPECT_TRUE(std::tie(all[i - 1].occurred_at, all[i - 1].id) >
                  std::tie(all[i].occurred_at, all[i].id));
    }
  }
  EXPECT_EQ(ids.size(), 120U);

  ReportFilter by_force;
  by_force.force_id = kent.id;
  by_force.limit = 500;
  by_force.from = domain::FormatTimestamp(1'760'000'000 + 60 * 10);
  by_force.to = domain::FormatTimestamp(1'760'000'000 + 60 * 20);
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto page = tx.ListReports(by_force);
                    EXPECT_TRUE(page.ok());
                    for (const auto& r : page->reports) {
                      EXPECT_EQ(r.force_id, kent.id);
                      EXPECT_GE(r.occurred_at, by_force.from);
                      EXPECT_LT(r.occurred_at, by_force.to);
                    }
                    // i in [30, 60) with i % 4 == 0: 32, 36, ..., 56 → 7 reports.
                    EXPECT_EQ(page->reports.size(), 7U);
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(StoreTest, ForgedCursorsAreRefused) {
  for (const std::string cursor :
       {"garbage", "2026-01-01T00:00:00Z~nope", "x~01ARZ3NDEKTSV4RRFFQ69G5FAV", "' OR 1=1 --"}) {
    ReportFilter f;
    f.cursor = cursor;
    const Status s = store_->Read([&](ReadTx& tx) { return tx.ListReports(f).status(); });
    ASSERT_FALSE(s.ok()) << cursor;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST_P(StoreTest, AuditIsAppendOnlyAndOrdered) {
  const auto agency = AddAgency("met");
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) -> Status {
                    for (int i = 0; i < 3; ++i) {
                      domain::AuditEntry e;
                      e.at = "2026-01-01T00:00:00Z";
                      e.action = "report.read";
                      e.record_type = "report";
                      e.record_id = "R" + std::to_string(i);
                      e.agency_id = agency.id;
                      auto seq = tx.AppendAudit(e);
                      if (!seq.ok()) return seq.status();
                    }
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(Count(Table::kAudit), 3);
  // The database itself refuses to rewrite history.
  EXPECT_NE(db_->Exec("DELETE FROM audit_log"), "");
  EXPECT_NE(db_->Exec("UPDATE audit_log SET action = 'x'"), "");
  EXPECT_EQ(Count(Table::kAudit), 3);
  AuditFilter f;
  f.record_type = "report";
  f.record_id = "R1";
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto entries = tx.ListAudit(f);
                    EXPECT_EQ(entries->size(), 1U);
                    EXPECT_EQ((*entries)[0].action, "report.read");
                    return Status::Ok();
                  })
                  .ok());
}

// Regression: a pooled reader whose cached statement was left mid-result kept
// its old snapshot after COMMIT, so a read following a write did not see it.
TEST_P(StoreTest, PooledReadersSeeWritesCommittedAfterTheirLastUse) {
  const auto agency = AddAgency("met");
  EXPECT_EQ(Count(Table::kPersons), 0);
  ASSERT_TRUE(
      store_->Write([&](WriteTx& tx) { return tx.InsertPerson(MakePerson(agency.id)); }).ok());
  EXPECT_EQ(Count(Table::kPersons), 1);
  ASSERT_TRUE(
      store_->Write([&](WriteTx& tx) { return tx.InsertPerson(MakePerson(agency.id)); }).ok());
  EXPECT_EQ(Count(Table::kPersons), 2);
}

// Concurrent writes share commits (group commit); each must still be
// all-or-nothing on its own: a failing write vanishes, its neighbours stay.
TEST_P(StoreTest, ConcurrentWritesCommitTogetherButFailAlone) {
  const auto agency = AddAgency("met");
  std::mutex ids_mutex;
  std::atomic<int> committed{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> writers;
  writers.reserve(8);
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<uint64_t>(t) + 1);
      for (int i = 0; i < 40; ++i) {
        domain::Person p = MakePerson(agency.id);
        {
          std::lock_guard lock(ids_mutex);
          p.id = domain::NextId(1'700'000'000'000 + int64_t{t} * 1000 + i, rng);
        }
        const bool fail_by_choice = i % 5 == 0;
        const bool fail_by_statement = i % 7 == 0;
        const Status s = store_->Write([&](WriteTx& tx) -> Status {
          if (Status st = tx.InsertPerson(p); !st.ok()) return st;
          if (fail_by_statement) return tx.InsertPerson(p);  // duplicate key
          if (fail_by_choice) return Conflict("changed my mind");
          return Status::Ok();
        });
        if (s.ok()) {
          ++committed;
        } else {
          ++refused;
          EXPECT_EQ(s.error().code, ErrorCode::kConflict);
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(committed + refused, 320);
  EXPECT_EQ(Count(Table::kPersons), committed.load());
  EXPECT_GT(refused.load(), 0);
}

TEST_P(StoreTest, CommittedWritesSurviveRestart) {
  const auto agency = AddAgency("met");
  const auto person = MakePerson(agency.id);
  ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertPerson(person); }).ok());
  Reopen();
  EXPECT_EQ(Count(Table::kPersons), 1);
}

TEST_P(StoreTest, ReadersSeeConsistentDataWhileAWriterWorks) {
  const auto agency = AddAgency("met");
  const auto person = MakePerson(agency.id);
  ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertPerson(person); }).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  readers.reserve(4);
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        // Every report is written with exactly two behaviours in one
        // transaction: a reader must never see one without the other.
        (void)store_->Read([&](ReadTx& tx) {
          ReportFilter f;
          f.limit = 20;
          auto page = tx.ListReports(f);
          if (!page.ok()) {
            ++bad;
            return page.status();
          }
          for (const auto& r : page->reports) {
            if (r.behaviours.size() != 2) ++bad;
          }
          return Status::Ok();
        });
      }
    });
  }
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) {
                      return tx.InsertReport(MakeReport(agency.id, person.id, 1'760'000'000 + i));
                    })
                    .ok());
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(Count(Table::kReports), 100);
}

// PostgreSQL only (SQLite has no connection to lose): a pooled connection
// that died while idle is replaced, and one lost in the middle of a write
// makes it kUnavailable with nothing written.
TEST(PostgresStoreTest, LostConnectionsAreReplacedOrUnavailable) {
  TestDatabase db(Backend::kPostgres);
  auto opened = OpenStore(db.url());
  ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
  Store& store = **opened;
  const std::string kill_others =
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()";
  ASSERT_TRUE(store.Ping().ok());
  ASSERT_EQ(db.Exec(kill_others), "");
  EXPECT_TRUE(store.Ping().ok());

  std::mt19937_64 rng(1);
  const domain::Agency a{domain::NextId(1'700'000'000'000, rng), "a", "A", "police_force", ""};
  const domain::Agency b{domain::NextId(1'700'000'000'001, rng), "b", "B", "police_force", ""};
  const Status s = store.Write([&](WriteTx& tx) -> Status {
    if (Status st = tx.InsertAgency(a); !st.ok()) return st;
    EXPECT_EQ(db.Exec(kill_others), "");
    return tx.InsertAgency(b);
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().log_detail;
  int64_t agencies = -1;
  ASSERT_TRUE(store
                  .Read([&](ReadTx& tx) {
                    auto n = tx.Count(Table::kAgencies);
                    if (n.ok()) agencies = *n;
                    return n.status();
                  })
                  .ok());
  EXPECT_EQ(agencies, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::ValuesIn(threadline::testing::AllBackends()),
                         threadline::testing::BackendParamName());

[[maybe_unused]] ::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new threadline::testing::PostgresEnvironment);

}  // namespace
}  // namespace threadline::store
