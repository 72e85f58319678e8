// The Store's part of practitioners' link decisions, on both backends: the
// pair in canonical order, one standing decision per pair, an undo that keeps
// the decision as history, and decisions that go with a deleted record.
#include <gtest/gtest.h>

#include <random>

#include "../../tests/support/test_database.hpp"
#include "store/open_store.hpp"

namespace threadline::store {
namespace {

using threadline::testing::Backend;
using threadline::testing::TestDatabase;

class LinkDecisionStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    Reopen();
    agency_ = NewId();
    const domain::Agency a{agency_, "force-a", "Force A", "police_force", "Somewhere"};
    ASSERT_TRUE(Write([&](WriteTx& tx) { return tx.InsertAgency(a); }).ok());
    user_.id = NewId();
    user_.username = "decider";
    user_.display_name = "A practitioner";
    user_.role = "officer";
    user_.agency_id = agency_;
    ASSERT_TRUE(Write([&](WriteTx& tx) { return tx.InsertUser(user_); }).ok());
    // Ids grow with the counter, so these sort in the order made.
    for (auto* id : {&p1_, &p2_, &p3_}) *id = AddPerson();
  }

  void Reopen() {
    store_.reset();
    auto opened = OpenStore(db_->url());
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
  }

  Status Write(const std::function<Status(WriteTx&)>& fn) { return store_->Write(fn); }

  domain::Id NewId() { return domain::NextId(1'700'000'000'000 + counter_++, rng_); }

  // A person with no identifiers, so a test may delete the row directly.
  domain::Id AddPerson() {
    domain::Person p;
    p.id = NewId();
    p.agency_id = agency_;
    p.given_name = "Pat";
    p.family_name = "Example";
    p.created_at = "2026-01-01T00:00:00Z";
    EXPECT_TRUE(Write([&](WriteTx& tx) { return tx.InsertPerson(p); }).ok());
    return p.id;
  }

  domain::LinkDecision Decision(const domain::Id& a, const domain::Id& b, const char* decision,
                                const std::string& at) {
    domain::LinkDecision d;
    d.id = NewId();
    d.person_a = a;
    d.person_b = b;
    d.decision = decision;
    d.reason = "Same date of birth and phone; the victim confirmed it";
    d.decided_by = user_.id;
    d.decided_at = at;
    return d;
  }

  Status Insert(const domain::LinkDecision& d) {
    return Write([&](WriteTx& tx) { return tx.InsertLinkDecision(d); });
  }

  std::vector<domain::LinkDecision> All() {
    std::vector<domain::LinkDecision> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      auto d = tx.ListLinkDecisions();
                      if (d.ok()) out = *d;
                      return d.status();
                    })
                    .ok());
    return out;
  }

  std::vector<domain::LinkDecision> For(const domain::Id& person) {
    std::vector<domain::LinkDecision> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      auto d = tx.ListLinkDecisionsFor(person);
                      if (d.ok()) out = *d;
                      return d.status();
                    })
                    .ok());
    return out;
  }

  Result<domain::LinkDecision> Standing(const domain::Id& a, const domain::Id& b) {
    Result<domain::LinkDecision> out = Internal("not read");
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      out = tx.GetStandingLinkDecision(a, b);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  static ErrorCode CodeOf(const Status& s) {
    return s.ok() ? ErrorCode::kInternal : s.error().code;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
  std::mt19937_64 rng_{4242};
  int64_t counter_ = 0;
  domain::Id agency_;
  domain::User user_;
  domain::Id p1_, p2_, p3_;
};

TEST_P(LinkDecisionStoreTest, OneStandingDecisionPerPairAndUndoKeepsHistory) {
  ASSERT_LT(p1_, p2_);
  const auto first = Decision(p1_, p2_, "same", "2026-02-01T10:00:00Z");
  ASSERT_TRUE(Insert(first).ok());

  // Found from either side; another pair has none.
  auto standing = Standing(p2_, p1_);
  ASSERT_TRUE(standing.ok());
  EXPECT_EQ(standing->id, first.id);
  EXPECT_EQ(standing->decision, "same");
  EXPECT_EQ(standing->reason, first.reason);
  EXPECT_EQ(standing->decided_by, user_.id);
  EXPECT_TRUE(standing->active());
  ASSERT_FALSE(Standing(p1_, p3_).ok());
  EXPECT_EQ(Standing(p1_, p3_).error().code, ErrorCode::kNotFound);

  // A second standing decision on the pair is a conflict.
  EXPECT_EQ(CodeOf(Insert(Decision(p1_, p2_, "different", "2026-02-02T10:00:00Z"))),
            ErrorCode::kConflict);

  // Undo keeps the row, marked; a second undo finds nothing standing.
  ASSERT_TRUE(Write([&](WriteTx& tx) {
                return tx.UndoLinkDecision(first.id, user_.id, "2026-02-03T10:00:00Z",
                                           "Wrong person: different middle name on the PNC");
              }).ok());
  EXPECT_EQ(CodeOf(Write([&](WriteTx& tx) {
              return tx.UndoLinkDecision(first.id, user_.id, "2026-02-04T10:00:00Z", "again");
            })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(Write([&](WriteTx& tx) {
              return tx.UndoLinkDecision(NewId(), user_.id, "2026-02-04T10:00:00Z", "none");
            })),
            ErrorCode::kNotFound);
  EXPECT_FALSE(Standing(p1_, p2_).ok());

  // Once undone, the pair may be decided again.
  const auto second = Decision(p1_, p2_, "different", "2026-02-05T10:00:00Z");
  ASSERT_TRUE(Insert(second).ok());
  const auto third = Decision(p2_, p3_, "same", "2026-02-06T10:00:00Z");
  ASSERT_TRUE(Insert(third).ok());

  Reopen();  // durable
  const auto all = All();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, first.id);  // in the order made
  EXPECT_EQ(all[0].undone_by, user_.id);
  EXPECT_EQ(all[0].undone_at, "2026-02-03T10:00:00Z");
  EXPECT_EQ(all[0].undo_reason, "Wrong person: different middle name on the PNC");
  EXPECT_FALSE(all[0].active());
  EXPECT_EQ(all[1].id, second.id);
  EXPECT_TRUE(all[1].active());
  EXPECT_EQ(all[1].undone_at, "");
  EXPECT_EQ(all[2].id, third.id);

  const auto of_p2 = For(p2_);  // newest first, either side
  ASSERT_EQ(of_p2.size(), 3u);
  EXPECT_EQ(of_p2[0].id, third.id);
  EXPECT_EQ(of_p2[1].id, second.id);
  EXPECT_EQ(of_p2[2].id, first.id);
  EXPECT_EQ(For(p1_).size(), 2u);
  EXPECT_EQ(For(p3_).size(), 1u);
  EXPECT_TRUE(For(NewId()).empty());
}

TEST_P(LinkDecisionStoreTest, BadDecisionsAreRefusedAndNothingIsWritten) {
  // The pair must be in canonical order.
  EXPECT_EQ(CodeOf(Insert(Decision(p2_, p1_, "same", "2026-02-01T10:00:00Z"))),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(Insert(Decision(p1_, p1_, "same", "2026-02-01T10:00:00Z"))),
            ErrorCode::kInvalidArgument);
  // Only "same" and "different".
  EXPECT_EQ(CodeOf(Insert(Decision(p1_, p2_, "maybe", "2026-02-01T10:00:00Z"))),
            ErrorCode::kInvalidArgument);
  // Persons and the deciding user must exist.
  EXPECT_EQ(
      CodeOf(Insert(Decision(p1_, "ZZZZZZZZZZZZZZZZZZZZZZZZZZ", "same", "2026-02-01T10:00:00Z"))),
      ErrorCode::kInvalidArgument);
  auto unknown_user = Decision(p1_, p2_, "same", "2026-02-01T10:00:00Z");
  unknown_user.decided_by = NewId();
  EXPECT_EQ(CodeOf(Insert(unknown_user)), ErrorCode::kInvalidArgument);
  // A reason is required.
  auto no_reason = Decision(p1_, p2_, "same", "2026-02-01T10:00:00Z");
  no_reason.reason.clear();
  EXPECT_EQ(CodeOf(Insert(no_reason)), ErrorCode::kInvalidArgument);
  // A transaction that fails after inserting leaves nothing behind.
  const Status failed = Write([&](WriteTx& tx) -> Status {
    if (Status s = tx.InsertLinkDecision(Decision(p1_, p2_, "same", "2026-02-01T10:00:00Z"));
        !s.ok()) {
      return s;
    }
    return Conflict("changed my mind");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(All().empty());
}

TEST_P(LinkDecisionStoreTest, DecisionsGoWithADeletedRecord) {
  ASSERT_TRUE(Insert(Decision(p1_, p2_, "same", "2026-02-01T10:00:00Z")).ok());
  ASSERT_TRUE(Insert(Decision(p2_, p3_, "different", "2026-02-02T10:00:00Z")).ok());
  // As the store's own connections do, a direct SQLite connection enforces
  // foreign keys only when asked.
  const std::string pragma = db_->postgres() ? "" : "PRAGMA foreign_keys = ON; ";
  ASSERT_EQ(db_->Exec(pragma + "DELETE FROM persons WHERE id = '" + p3_ + "'"), "");
  const auto all = All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].person_b, p2_);
  EXPECT_FALSE(Standing(p2_, p3_).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, LinkDecisionStoreTest,
                         ::testing::ValuesIn(threadline::testing::AllBackends()),
                         threadline::testing::BackendParamName());

[[maybe_unused]] ::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new threadline::testing::PostgresEnvironment);

}  // namespace
}  // namespace threadline::store
