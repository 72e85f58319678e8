// The sealing decorator over a real database (a SQLite file, and a
// PostgreSQL database): what lands in storage, what comes back, and what
// happens with the wrong key, tampering, legacy rows and key rotation.
#include "store/sealed_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../../tests/support/test_database.hpp"
#include "store/open_store.hpp"

namespace threadline::store {
namespace {

using threadline::testing::Backend;
using threadline::testing::TestDatabase;

constexpr const char* kKeyA = "alpha AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kKeyB = "beta ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
// Same id as kKeyA, different key bytes.
constexpr const char* kKeyAImpostor = "alpha QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";

constexpr const char* kAddress = "14 Acacia Avenue, Leeds";
constexpr const char* kPhone = "07700 900123";
constexpr const char* kEmail = "ada@example.org";
constexpr const char* kSummary = "He waited outside her workplace every evening for a month";
constexpr const char* kAnswers = R"({"fixated":"yes","threats":"no"})";

std::shared_ptr<access::KeyRing> Ring(const std::string& text) {
  auto ring = access::KeyRing::FromText(text);
  EXPECT_TRUE(ring.ok());
  return *ring;
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class SealedStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    std::string dir = (std::filesystem::temp_directory_path() / "threadline_keys_XXXXXX").string();
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    key_dir_ = dir;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(key_dir_);
  }

  std::unique_ptr<Store> Raw() {
    auto opened = OpenStore(db_->url());
    EXPECT_TRUE(opened.ok());
    return std::move(*opened);
  }
  // Every value of one column, read straight from the database.
  std::vector<std::string> RawColumn(const std::string& sql) const { return db_->Column(sql); }
  void RawExec(const std::string& sql) const { EXPECT_EQ(db_->Exec(sql), ""); }
  std::unique_ptr<Store> Sealed(std::shared_ptr<access::KeyRing> keys) {
    return SealSensitiveFields(Raw(), std::move(keys));
  }

  domain::Id NewId() { return domain::NextId(1'700'000'000'000 + counter_++, rng_); }

  // One agency, one person, one report about them, one screening of it.
  void WriteCase(Store& store) {
    agency_ = {NewId(), "met", "Metropolitan Police", "police_force", "London"};
    person_.id = NewId();
    person_.agency_id = agency_.id;
    person_.given_name = "Ada";
    person_.family_name = "Lovelace";
    person_.address = kAddress;
    person_.postcode = "LS1 4AP";
    person_.phones = {kPhone, "+44 7700 900456"};
    person_.emails = {kEmail};
    person_.handles = {"@ada"};
    person_.vehicles = {"AB12 CDE"};
    person_.created_at = "2026-01-01T00:00:00Z";
    report_.id = NewId();
    report_.force_id = agency_.id;
    report_.reference = "CAD-1";
    report_.occurred_at = "2026-01-02T10:00:00Z";
    report_.summary = kSummary;
    report_.recorded_as = "harassment_s2";
    report_.behaviours = {"following"};
    report_.parties = {{"victim", person_.id}};
    report_.created_at = report_.occurred_at;
    screening_.id = NewId();
    screening_.report_id = report_.id;
    screening_.questionnaire_version = "1";
    screening_.answers_json = kAnswers;
    screening_.result_json = "{}";
    screening_.principal = "stalking_s2a";
    screening_.classifications = {"stalking_s2a"};
    screening_.risk_level = "standard";
    screening_.created_at = report_.occurred_at;
    ASSERT_TRUE(store
                    .Write([&](WriteTx& tx) {
                      if (Status s = tx.InsertAgency(agency_); !s.ok()) return s;
                      if (Status s = tx.InsertPerson(person_); !s.ok()) return s;
                      if (Status s = tx.InsertReport(report_); !s.ok()) return s;
                      return tx.InsertScreening(screening_);
                    })
                    .ok());
  }

  void AddPersons(Store& store, int n) {
    ASSERT_TRUE(store
                    .Write([&](WriteTx& tx) {
                      for (int i = 0; i < n; ++i) {
                        domain::Person p = person_;
                        p.id = NewId();
                        p.address = "Flat " + std::to_string(i);
                        if (Status s = tx.InsertPerson(p); !s.ok()) return s;
                      }
                      return Status::Ok();
                    })
                    .ok());
  }

  // Reads the case back; the first error, if any.
  Status ReadCase(Store& store, domain::Person* person = nullptr,
                  domain::Report* report = nullptr) {
    return store.Read([&](ReadTx& tx) -> Status {
      auto p = tx.GetPerson(person_.id);
      if (!p.ok()) return p.status();
      if (person != nullptr) *person = *p;
      auto r = tx.GetReport(report_.id);
      if (!r.ok()) return r.status();
      if (report != nullptr) *report = *r;
      auto sc = tx.GetScreening(screening_.id);
      if (!sc.ok()) return sc.status();
      EXPECT_EQ(sc->answers_json, kAnswers);
      return Status::Ok();
    });
  }

  // Every non-empty stored value of every sealed column.
  std::vector<std::string> AllStoredSealedValues() {
    std::vector<std::string> out;
    for (const char* sql : {"SELECT address FROM persons", "SELECT postcode FROM persons",
                            "SELECT value FROM person_identifiers", "SELECT summary FROM reports",
                            "SELECT answers FROM screenings"}) {
      for (auto& v : RawColumn(sql)) {
        if (!v.empty()) out.push_back(std::move(v));
      }
    }
    return out;
  }

  std::unique_ptr<TestDatabase> db_;
  std::filesystem::path key_dir_;  // the key files
  std::mt19937_64 rng_{7};
  int64_t counter_ = 0;
  domain::Agency agency_;
  domain::Person person_;
  domain::Report report_;
  domain::Screening screening_;
};

TEST_P(SealedStoreTest, TheFileHoldsNoPlaintextButTheDecoratorGivesItBack) {
  {
    auto store = Sealed(Ring(kKeyA));
    WriteCase(*store);
    domain::Person person;
    domain::Report report;
    ASSERT_TRUE(ReadCase(*store, &person, &report).ok());
    EXPECT_EQ(person.address, kAddress);
    EXPECT_EQ(person.postcode, "LS1 4AP");
    EXPECT_EQ(person.phones, person_.phones);
    EXPECT_EQ(person.emails, person_.emails);
    EXPECT_EQ(person.handles, person_.handles);
    EXPECT_EQ(person.vehicles, person_.vehicles);
    EXPECT_EQ(person.given_name, "Ada");  // not sealed: linkage blocks on names
    EXPECT_EQ(report.summary, kSummary);
    EXPECT_EQ(report.parties.size(), 1U);
  }
  const auto stored = AllStoredSealedValues();
  EXPECT_EQ(stored.size(), 9U);
  for (const auto& v : stored) EXPECT_EQ(access::SealedKeyId(v), "alpha") << v;
  EXPECT_EQ(RawColumn("SELECT given_name FROM persons"), std::vector<std::string>{"Ada"});

  // Not anywhere in storage either: for SQLite every page of the file and
  // its write-ahead log, for PostgreSQL every row of every table.
  const std::string bytes = db_->Everything();
  for (const char* secret : {kAddress, kPhone, kEmail, kSummary, "fixated", "LS1 4AP", "AB12"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

TEST_P(SealedStoreTest, ListsOpenEveryRecord) {
  auto store = Sealed(Ring(kKeyA));
  WriteCase(*store);
  AddPersons(*store, 3);
  ASSERT_TRUE(store
                  ->Read([&](ReadTx& tx) -> Status {
                    auto persons = tx.ListPersons("", 10);
                    if (!persons.ok()) return persons.status();
                    EXPECT_EQ(persons->size(), 4U);
                    for (const auto& p : *persons) EXPECT_EQ(p.phones, person_.phones);
                    auto page = tx.ListReports({});
                    if (!page.ok()) return page.status();
                    EXPECT_EQ(page->reports.at(0).summary, kSummary);
                    auto screenings = tx.ListScreenings(report_.id);
                    if (!screenings.ok()) return screenings.status();
                    EXPECT_EQ(screenings->at(0).answers_json, kAnswers);
                    auto latest = tx.LatestScreening(report_.id);
                    if (!latest.ok()) return latest.status();
                    EXPECT_EQ(latest->answers_json, kAnswers);
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(SealedStoreTest, EmptyFieldsStayEmpty) {
  auto store = Sealed(Ring(kKeyA));
  WriteCase(*store);
  domain::Person p = person_;
  p.id = NewId();
  p.address.clear();
  p.postcode.clear();
  ASSERT_TRUE(store->Write([&](WriteTx& tx) { return tx.InsertPerson(p); }).ok());
  EXPECT_EQ(RawColumn("SELECT address FROM persons WHERE id = '" + p.id + "'"),
            std::vector<std::string>{""});
}

TEST_P(SealedStoreTest, TheWrongKeyIsAClearError) {
  WriteCase(*Sealed(Ring(kKeyA)));

  const Status other_id = ReadCase(*Sealed(Ring(kKeyB)));
  ASSERT_FALSE(other_id.ok());
  EXPECT_EQ(other_id.error().code, ErrorCode::kInternal);
  EXPECT_NE(other_id.error().log_detail.find("unknown key id 'alpha'"), std::string::npos)
      << other_id.error().log_detail;
  EXPECT_NE(other_id.error().log_detail.find("persons.address:" + person_.id), std::string::npos);

  const Status impostor = ReadCase(*Sealed(Ring(kKeyAImpostor)));
  ASSERT_FALSE(impostor.ok());
  EXPECT_NE(impostor.error().log_detail.find("authentication failed"), std::string::npos);
  // Never the content.
  EXPECT_EQ(impostor.error().log_detail.find("Acacia"), std::string::npos);
}

TEST_P(SealedStoreTest, TamperedCiphertextIsAnError) {
  WriteCase(*Sealed(Ring(kKeyA)));
  // Flip one character of the report summary inside the file.
  const std::string stored = RawColumn("SELECT summary FROM reports").at(0);
  std::string tampered = stored;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  RawExec("UPDATE reports SET summary = '" + tampered + "'");
  const Status s = ReadCase(*Sealed(Ring(kKeyA)));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().log_detail.find("reports.summary:" + report_.id), std::string::npos);
}

TEST_P(SealedStoreTest, AValueCopiedToAnotherRecordDoesNotOpen) {
  auto store = Sealed(Ring(kKeyA));
  WriteCase(*store);
  AddPersons(*store, 1);
  RawExec("UPDATE persons SET address = (SELECT address FROM persons WHERE id = '" + person_.id +
          "') WHERE id <> '" + person_.id + "'");
  const Status s = store->Read([&](ReadTx& tx) { return tx.ListPersons("", 10).status(); });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().log_detail.find("authentication failed"), std::string::npos);
}

TEST_P(SealedStoreTest, RowsWrittenBeforeSealingStillRead) {
  WriteCase(*Raw());
  EXPECT_EQ(RawColumn("SELECT address FROM persons"), std::vector<std::string>{kAddress});
  // The search of the first test does find plain text when it is there.
  EXPECT_NE(db_->Everything().find(kAddress), std::string::npos);
  domain::Person person;
  domain::Report report;
  ASSERT_TRUE(ReadCase(*Sealed(Ring(kKeyA)), &person, &report).ok());
  EXPECT_EQ(person.address, kAddress);
  EXPECT_EQ(person.phones, person_.phones);
  EXPECT_EQ(report.summary, kSummary);
}

TEST_P(SealedStoreTest, ResealingSealsLegacyRows) {
  WriteCase(*Raw());
  auto keys = Ring(kKeyA);
  auto raw = Raw();
  const auto report = ResealAll(*raw, *keys);
  ASSERT_TRUE(report.ok()) << report.error().log_detail;
  int64_t sealed = 0;
  for (const auto& [column, counts] : *report) {
    sealed += counts.sealed;
    EXPECT_EQ(counts.resealed, 0);
    EXPECT_EQ(counts.failed, 0);
  }
  EXPECT_EQ(sealed, 9);
  for (const auto& v : AllStoredSealedValues()) EXPECT_EQ(access::SealedKeyId(v), "alpha");
  domain::Person person;
  ASSERT_TRUE(ReadCase(*Sealed(keys), &person).ok());
  EXPECT_EQ(person.address, kAddress);
}

TEST_P(SealedStoreTest, RotationLeavesOnlyTheNewKeyAndEveryReaderStillReads) {
  const std::string key_file = (key_dir_ / "keys").string();
  ASSERT_TRUE(access::CreateKeyFile(key_file).ok());
  auto old_ring = *access::KeyRing::FromFile(key_file);  // a running server's ring
  old_ring->set_reload_interval(std::chrono::milliseconds(0));
  const std::string old_id = old_ring->current_key_id();
  auto server = Sealed(old_ring);
  WriteCase(*server);
  AddPersons(*server, 7);

  const auto new_id = access::AppendKeyToFile(key_file);
  ASSERT_TRUE(new_id.ok());
  auto rotator = *access::KeyRing::FromFile(key_file);
  auto raw = Raw();
  ResealOptions options;
  options.batch = 3;  // many batches, and cursors across identifier rows
  int batches = 0;
  options.progress = [&](SealedColumn, const ResealCounts&) { ++batches; };
  const auto report = ResealAll(*raw, *rotator, options);
  ASSERT_TRUE(report.ok());
  int64_t resealed = 0;
  for (const auto& [column, counts] : *report) {
    resealed += counts.resealed;
    EXPECT_EQ(counts.failed, 0) << SealedColumnName(column);
  }
  // 8 persons x (address, postcode, 5 identifiers) + 1 summary + 1 answers.
  EXPECT_EQ(resealed, 8 * 7 + 2);
  EXPECT_GT(batches, 10);

  const auto stored = AllStoredSealedValues();
  ASSERT_EQ(stored.size(), 58U);
  for (const auto& v : stored) EXPECT_EQ(access::SealedKeyId(v), *new_id) << v;
  EXPECT_NE(FileBytes(key_file).find(old_id), std::string::npos);  // old key kept for backups

  // The server, still holding only the old key, meets the new key id and reloads.
  EXPECT_FALSE(old_ring->HasKey(*new_id));
  domain::Person person;
  ASSERT_TRUE(ReadCase(*server, &person).ok());
  EXPECT_EQ(person.address, kAddress);
  EXPECT_TRUE(old_ring->HasKey(*new_id));
  ASSERT_TRUE(ReadCase(*Sealed(rotator)).ok());

  // Running again finds nothing to do.
  const auto again = ResealAll(*raw, *rotator);
  ASSERT_TRUE(again.ok());
  for (const auto& [column, counts] : *again) {
    EXPECT_EQ(counts.resealed + counts.sealed + counts.changed + counts.failed, 0);
  }
}

TEST_P(SealedStoreTest, ValuesThatDoNotOpenAreCountedAndLeftAlone) {
  WriteCase(*Sealed(Ring(kKeyA)));
  auto raw = Raw();
  const auto report = ResealAll(*raw, *Ring(kKeyB));  // holds no key for the stored values
  ASSERT_TRUE(report.ok());
  int64_t failed = 0;
  for (const auto& [column, counts] : *report) {
    failed += counts.failed;
    if (counts.failed > 0) {
      EXPECT_NE(counts.first_failure.find("unknown key id"), std::string::npos);
    }
  }
  EXPECT_EQ(failed, 9);
  for (const auto& v : AllStoredSealedValues()) EXPECT_EQ(access::SealedKeyId(v), "alpha");
}

TEST_P(SealedStoreTest, UpdateSealedCellOnlyReplacesTheValueRead) {
  WriteCase(*Raw());
  auto raw = Raw();
  SealedCell cell;
  ASSERT_TRUE(raw->Read([&](ReadTx& tx) {
                   auto cells = tx.ListSealedCells(SealedColumn::kPersonIdentifierValue, "", {}, 1);
                   if (!cells.ok()) return cells.status();
                   EXPECT_EQ(cells->size(), 1U);
                   cell = cells->at(0);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(cell.record_id, person_.id);
  EXPECT_EQ(cell.kind, "email");  // (person_id, kind, position) order
  SealedCell stale = cell;
  stale.value = "something else";
  const Status conflict = raw->Write([&](WriteTx& tx) {
    return tx.UpdateSealedCell(SealedColumn::kPersonIdentifierValue, stale, "x");
  });
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(raw->Write([&](WriteTx& tx) {
                   return tx.UpdateSealedCell(SealedColumn::kPersonIdentifierValue, cell, "x");
                 })
                  .ok());
  EXPECT_EQ(RawColumn("SELECT value FROM person_identifiers WHERE kind = 'email'"),
            std::vector<std::string>{"x"});
}

TEST_P(SealedStoreTest, SecondFactorSecretsAreSealedAndLegacyOnesResealed) {
  constexpr const char* kSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  constexpr const char* kNewSecret = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA";
  auto keys = Ring(kKeyA);
  auto store = Sealed(keys);
  WriteCase(*store);
  domain::User admin;
  admin.id = NewId();
  admin.username = "admin";
  admin.display_name = "Administrator";
  admin.role = "admin";
  admin.agency_id = agency_.id;
  admin.password_hash = "$argon2id$not-a-real-hash";
  admin.totp_secret = kSecret;
  ASSERT_TRUE(store->Write([&](WriteTx& tx) { return tx.InsertUser(admin); }).ok());
  const auto secret_of = [&](Store& s) {
    std::string secret;
    EXPECT_TRUE(s.Read([&](ReadTx& tx) -> Status {
                   auto u = tx.GetUserByName("admin");
                   if (!u.ok()) return u.status();
                   secret = u->totp_secret;
                   return Status::Ok();
                 }).ok());
    return secret;
  };
  EXPECT_EQ(secret_of(*store), kSecret);
  auto stored = RawColumn("SELECT totp_secret FROM users");
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(access::SealedKeyId(stored[0]), "alpha");
  EXPECT_EQ(stored[0].find(kSecret), std::string::npos);

  // A new secret is sealed too, and reads back through every user read.
  ASSERT_TRUE(
      store->Write([&](WriteTx& tx) { return tx.SetUserTotpSecret(admin.id, kNewSecret); }).ok());
  EXPECT_EQ(secret_of(*store), kNewSecret);
  ASSERT_TRUE(store
                  ->Read([&](ReadTx& tx) -> Status {
                    auto u = tx.GetUser(admin.id);
                    EXPECT_TRUE(u.ok() && u->totp_secret == kNewSecret);
                    auto all = tx.ListUsers();
                    EXPECT_TRUE(all.ok() && all->size() == 1U &&
                                all->at(0).totp_secret == kNewSecret);
                    return Status::Ok();
                  })
                  .ok());
  stored = RawColumn("SELECT totp_secret FROM users");
  EXPECT_EQ(access::SealedKeyId(stored.at(0)), "alpha");
  EXPECT_EQ(db_->Everything().find(kNewSecret), std::string::npos);

  // A secret written before sealing still works, and resealing seals it.
  ASSERT_TRUE(
      Raw()->Write([&](WriteTx& tx) { return tx.SetUserTotpSecret(admin.id, kSecret); }).ok());
  EXPECT_EQ(secret_of(*store), kSecret);
  auto raw = Raw();
  const auto report = ResealAll(*raw, *keys);
  ASSERT_TRUE(report.ok()) << report.error().log_detail;
  int64_t sealed_secrets = -1;
  for (const auto& [column, counts] : *report) {
    if (column == SealedColumn::kUserTotpSecret) sealed_secrets = counts.sealed;
  }
  EXPECT_EQ(sealed_secrets, 1);
  EXPECT_EQ(access::SealedKeyId(RawColumn("SELECT totp_secret FROM users").at(0)), "alpha");
  EXPECT_EQ(secret_of(*store), kSecret);
}

INSTANTIATE_TEST_SUITE_P(Backends, SealedStoreTest,
                         ::testing::ValuesIn(threadline::testing::AllBackends()),
                         threadline::testing::BackendParamName());

[[maybe_unused]] ::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new threadline::testing::PostgresEnvironment);

}  // namespace
}  // namespace threadline::store
