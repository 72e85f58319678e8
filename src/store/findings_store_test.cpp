// The Store's part of kept course-of-conduct findings, on both backends: a
// recomputation inserts, confirms, replaces, withdraws (never deletes) and
// reopens in one transaction; acknowledgements stay and are refused on a
// withdrawn finding; the detail and the note are sealed at rest.
#include <gtest/gtest.h>

#include <random>

#include "../../tests/support/test_database.hpp"
#include "access/field_crypto.hpp"
#include "store/open_store.hpp"
#include "store/sealed_store.hpp"

namespace threadline::store {
namespace {

using threadline::testing::Backend;
using threadline::testing::TestDatabase;

constexpr const char* kKey = "alpha AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kT1 = "2026-05-01T10:00:00Z";
constexpr const char* kT2 = "2026-05-02T10:00:00Z";
constexpr const char* kT3 = "2026-05-03T10:00:00Z";
constexpr const char* kT4 = "2026-05-04T10:00:00Z";

class FindingsStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    auto opened = OpenStore(db_->url());
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
    agency_ = NewId();
    const domain::Agency a{agency_, "force-a", "Force A", "police_force", "Somewhere"};
    ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertAgency(a); }).ok());
  }

  domain::Id NewId() { return domain::NextId(1'700'000'000'000 + counter_++, rng_); }

  domain::FindingRecord Record(const std::string& key, const std::string& detail) {
    domain::FindingRecord f;
    f.id = "f" + std::to_string(counter_++) + key.substr(0, 3);
    f.key = key;
    f.type = "course_exists";
    f.owner_agency_id = agency_;
    f.forces = {"force-a", "force-\"b\""};
    f.report_ids = {NewId(), NewId()};
    f.detail_json = detail;
    f.digest = "digest of " + detail;
    return f;
  }

  Result<FindingSyncResult> Sync(Store& store, const std::vector<domain::FindingRecord>& raised,
                                 const std::string& now,
                                 std::vector<std::pair<domain::Id, std::string>> reasons = {}) {
    FindingSync sync{raised, now, "no longer raised", std::move(reasons)};
    Result<FindingSyncResult> out = Internal("not run");
    const Status s = store.Write([&](WriteTx& tx) -> Status {
      out = tx.SyncFindings(sync);
      return out.status();
    });
    if (!s.ok()) return s.error();
    return out;
  }

  domain::FindingRecord Get(Store& store, const domain::Id& id) {
    domain::FindingRecord out;
    EXPECT_TRUE(store
                    .Read([&](ReadTx& tx) {
                      auto f = tx.GetFinding(id);
                      if (f.ok()) out = *f;
                      return f.status();
                    })
                    .ok());
    return out;
  }

  std::vector<domain::Id> Listed(const std::string& status) {
    std::vector<domain::Id> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      auto list = tx.ListFindings({status, false});
                      if (!list.ok()) return list.status();
                      for (const auto& f : *list) {
                        EXPECT_TRUE(f.detail_json.empty());
                        out.push_back(f.id);
                      }
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  Status Acknowledge(Store& store, const domain::Id& id, const std::string& note) {
    return store.Write([&](WriteTx& tx) { return tx.AcknowledgeFinding(id, "user-1", kT3, note); });
  }

  int64_t Count() {
    int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      auto c = tx.Count(Table::kFindings);
                      if (c.ok()) n = *c;
                      return c.status();
                    })
                    .ok());
    return n;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
  domain::Id agency_;
  int64_t counter_ = 0;
  std::mt19937_64 rng_{7};
};

TEST_P(FindingsStoreTest, RecomputationInsertsConfirmsReplacesWithdrawsAndReopens) {
  const auto a = Record("course_exists:course:A", R"({"a":1})");
  auto b = Record("course_exists:course:B", R"({"b":1})");
  auto first = Sync(*store_, {a, b}, kT1);
  ASSERT_TRUE(first.ok()) << first.error().log_detail;
  EXPECT_EQ(first->inserted, (std::vector<domain::Id>{a.id, b.id}));
  const auto kept = Get(*store_, a.id);
  EXPECT_EQ(kept.key, a.key);
  EXPECT_EQ(kept.forces, a.forces);
  EXPECT_EQ(kept.report_ids, a.report_ids);
  EXPECT_EQ(kept.detail_json, a.detail_json);
  EXPECT_EQ(kept.owner_agency_id, agency_);
  EXPECT_EQ(kept.first_raised_at, kT1);
  EXPECT_EQ(kept.last_confirmed_at, kT1);
  EXPECT_EQ(kept.status(), domain::kFindingOpen);

  // Still raised: confirmed; changed: replaced, first raised kept.
  b.detail_json = R"({"b":2})";
  b.digest = "digest of b2";
  auto second = Sync(*store_, {a, b}, kT2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->confirmed, 1u);
  EXPECT_EQ(second->changed, std::vector<domain::Id>{b.id});
  EXPECT_TRUE(second->inserted.empty());
  EXPECT_EQ(Get(*store_, a.id).last_confirmed_at, kT2);
  EXPECT_EQ(Get(*store_, a.id).last_changed_at, kT1);
  EXPECT_EQ(Get(*store_, b.id).detail_json, R"({"b":2})");
  EXPECT_EQ(Get(*store_, b.id).first_raised_at, kT1);
  EXPECT_EQ(Get(*store_, b.id).last_changed_at, kT2);

  // No longer raised: withdrawn with the reason given for it, never deleted.
  auto third = Sync(*store_, {a}, kT3, {{b.id, "a practitioner decided"}});
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->withdrawn, std::vector<domain::Id>{b.id});
  const auto withdrawn = Get(*store_, b.id);
  EXPECT_EQ(withdrawn.withdrawn_at, kT3);
  EXPECT_EQ(withdrawn.withdrawn_reason, "a practitioner decided");
  EXPECT_EQ(withdrawn.detail_json, R"({"b":2})");
  EXPECT_EQ(withdrawn.last_confirmed_at, kT2);
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(Listed("withdrawn"), std::vector<domain::Id>{b.id});
  EXPECT_EQ(Listed("open"), std::vector<domain::Id>{a.id});
  EXPECT_EQ(Listed("").size(), 2u);
  // Withdrawn once is not withdrawn again.
  auto again = Sync(*store_, {a}, kT4);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->withdrawn.empty());
  EXPECT_EQ(Get(*store_, b.id).withdrawn_at, kT3);

  // Raised again: reopened, first raised kept.
  auto fourth = Sync(*store_, {a, b}, kT4);
  ASSERT_TRUE(fourth.ok());
  EXPECT_EQ(fourth->reopened, std::vector<domain::Id>{b.id});
  const auto reopened = Get(*store_, b.id);
  EXPECT_FALSE(reopened.withdrawn());
  EXPECT_TRUE(reopened.withdrawn_reason.empty());
  EXPECT_EQ(reopened.first_raised_at, kT1);
  EXPECT_EQ(reopened.last_confirmed_at, kT4);
}

TEST_P(FindingsStoreTest, AcknowledgementsStayAndAreRefusedOnWithdrawnOrUnknownFindings) {
  const auto a = Record("misrecorded:course:A", R"({"a":1})");
  ASSERT_TRUE(Sync(*store_, {a}, kT1).ok());
  ASSERT_TRUE(Acknowledge(*store_, a.id, "Crimed as stalking; victim told").ok());
  auto kept = Get(*store_, a.id);
  EXPECT_EQ(kept.acknowledged_by, "user-1");
  EXPECT_EQ(kept.acknowledged_at, kT3);
  EXPECT_EQ(kept.acknowledgement_note, "Crimed as stalking; victim told");
  EXPECT_EQ(kept.status(), domain::kFindingAcknowledged);
  EXPECT_EQ(Listed("acknowledged"), std::vector<domain::Id>{a.id});
  EXPECT_TRUE(Listed("open").empty());
  // A recomputation confirming it keeps the acknowledgement.
  ASSERT_TRUE(Sync(*store_, {a}, kT2).ok());
  EXPECT_EQ(Get(*store_, a.id).acknowledgement_note, "Crimed as stalking; victim told");

  EXPECT_EQ(Acknowledge(*store_, "no-such-finding", "note").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(Sync(*store_, {}, kT4).ok());
  EXPECT_EQ(Acknowledge(*store_, a.id, "too late").error().code, ErrorCode::kConflict);
  kept = Get(*store_, a.id);
  EXPECT_EQ(kept.status(), domain::kFindingWithdrawn);
  EXPECT_EQ(kept.acknowledgement_note, "Crimed as stalking; victim told");
  EXPECT_EQ(Listed("withdrawn"), std::vector<domain::Id>{a.id});
  EXPECT_EQ(store_->Read([](ReadTx& tx) {
                    return tx.ListFindings({"closed", false}).status();
                  })
                .error()
                .code,
            ErrorCode::kInvalidArgument);
}

TEST_P(FindingsStoreTest, AFailedRecomputationChangesNothing) {
  const auto a = Record("course_exists:course:A", R"({"a":1})");
  ASSERT_TRUE(Sync(*store_, {a}, kT1).ok());
  auto orphan = Record("course_exists:course:C", R"({"c":1})");
  orphan.owner_agency_id = "no-such-agency";
  const auto failed = Sync(*store_, {orphan}, kT2);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(Count(), 1);
  const auto kept = Get(*store_, a.id);
  EXPECT_FALSE(kept.withdrawn());
  EXPECT_EQ(kept.last_confirmed_at, kT1);
}

TEST_P(FindingsStoreTest, DetailAndNoteAreSealedAtRest) {
  auto keys = access::KeyRing::FromText(kKey);
  ASSERT_TRUE(keys.ok());
  auto sealed = SealSensitiveFields(std::move(store_), *keys);
  const auto a = Record("escalation:course:A", R"({"reasons":"07700 900123"})");
  ASSERT_TRUE(Sync(*sealed, {a}, kT1).ok());
  ASSERT_TRUE(Acknowledge(*sealed, a.id, "Spoke to the victim at 14 Acacia Avenue").ok());
  const auto kept = Get(*sealed, a.id);
  EXPECT_EQ(kept.detail_json, a.detail_json);
  EXPECT_EQ(kept.acknowledgement_note, "Spoke to the victim at 14 Acacia Avenue");
  for (const char* column : {"detail", "acknowledgement_note"}) {
    const auto raw = db_->Column(std::string("SELECT ") + column + " FROM findings");
    ASSERT_EQ(raw.size(), 1u);
    EXPECT_TRUE(access::IsSealed(raw[0])) << column << ": " << raw[0];
  }
  // Key rotation finds both columns.
  const auto& all = AllSealedColumns();
  EXPECT_NE(std::find(all.begin(), all.end(), SealedColumn::kFindingDetail), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(), SealedColumn::kFindingNote), all.end());
  // Unchanged on recomputation: the stored value is not rewritten.
  const auto before = db_->Column("SELECT detail FROM findings");
  ASSERT_TRUE(Sync(*sealed, {a}, kT2).ok());
  EXPECT_EQ(db_->Column("SELECT detail FROM findings"), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, FindingsStoreTest,
                         ::testing::ValuesIn(threadline::testing::AllBackends()),
                         threadline::testing::BackendParamName());

}  // namespace
}  // namespace threadline::store
