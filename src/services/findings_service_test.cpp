// Findings kept as records through FindingsService: a finding keeps its id
// and first-raised date across recomputations (and restarts), a "not the
// same person" decision withdraws it with the reason and undoing it reopens
// it, a practitioner's acknowledgement is stored with who and when, and bad
// requests change nothing.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "../../tests/support/service_store.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "domain/datetime.hpp"
#include "refdata/refdata.hpp"
#include "services/findings_service.hpp"
#include "services/link_service.hpp"

namespace threadline::services {
namespace {

// 2026-05-28T20:26:40Z.
constexpr int64_t kStart = 1'780'000'000;

class FindingsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ServiceStore base;
    base.Open(dir_.File("f.db"), clock_);
    ASSERT_FALSE(HasFatalFailure());
    store_ = std::move(base.store);
    access_ = std::move(base.access);
    met_ = testing::AgencyIdByCode(*store_, "met");
    kent_ = testing::AgencyIdByCode(*store_, "kent");
    officer_ = User("met-officer", "officer", met_);
    lead_ = User("met-lead", "lead", met_);
    kent_lead_ = User("kent-lead", "lead", kent_);
    analyst_ = User("analyst", "analyst", met_);
  }

  Actor User(const std::string& username, const std::string& role, const domain::Id& agency) {
    domain::User u;
    u.id = domain::NewId();
    u.username = username;
    u.display_name = username;
    u.role = role;
    u.agency_id = agency;
    EXPECT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertUser(u); }).ok());
    return {u.id, agency, role, "req-" + username, "test", {}};
  }

  domain::Id Person(const std::string& given, const std::string& family, const std::string& dob,
                    const std::string& postcode = "") {
    domain::Person p;
    p.id = domain::NewId();
    p.agency_id = met_;
    p.given_name = given;
    p.family_name = family;
    p.dob = dob;
    p.postcode = postcode;
    p.created_at = "2026-01-01T00:00:00Z";
    EXPECT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertPerson(p); }).ok());
    return p.id;
  }

  domain::Id Report(const std::string& date, const domain::Id& victim, const domain::Id& suspect) {
    domain::Report r;
    r.id = domain::NewId();
    r.force_id = met_;
    r.reference = "REF-" + r.id.substr(20);
    r.occurred_at = date + "T12:00:00Z";
    r.reported_at = r.occurred_at;
    r.recorded_as = "harassment_s2";
    r.behaviours = {"following", "contacting"};
    r.parties = {{"victim", victim}, {"suspect", suspect}};
    r.created_at = r.occurred_at;
    EXPECT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertReport(r); }).ok());
    return r.id;
  }

  void StartLinking() {
    auto links = LinkService::Create(*store_, *access_, refdata::RefData(), clock_);
    ASSERT_TRUE(links.ok()) << links.error().message;
    links_ = std::move(*links);
    findings_ = std::make_unique<FindingsService>(*store_, *links_, *access_, clock_);
  }

  // The course_exists finding holding `report`, as the lead sees it in
  // `status`; nullopt when there is none.
  std::optional<FindingView> CourseOf(const domain::Id& report, const std::string& status = "") {
    auto list = findings_->List(lead_, {"", "course_exists", status});
    EXPECT_TRUE(list.ok()) << list.error().message;
    if (!list.ok()) return std::nullopt;
    for (auto& v : *list) {
      const auto& reports = v.finding.reports;
      if (std::any_of(reports.begin(), reports.end(),
                      [&](const auto& r) { return r.id == report; })) {
        return v;
      }
    }
    return std::nullopt;
  }

  // Whether the log holds `action` on the finding `id` (by the system).
  bool Audited(const std::string& action, const std::string& id) {
    const auto entries = testing::AuditOf(*store_, action);
    return std::any_of(entries.begin(), entries.end(), [&](const auto& e) {
      return e.record_id == id && e.record_type == "finding" && e.actor_id.empty();
    });
  }

  static boost::json::object Note(const std::string& note) { return {{"note", note}}; }

  testing::TempDir dir_;
  int64_t now_ = kStart;
  Clock clock_ = [this] { return now_; };
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<LinkService> links_;
  std::unique_ptr<FindingsService> findings_;
  domain::Id met_, kent_;
  Actor officer_, lead_, kent_lead_, analyst_;
};

TEST_F(FindingsServiceTest, AFindingKeepsItsIdAndFirstRaisedDateAcrossRecomputations) {
  const auto victim = Person("Alice", "Walker", "1990-02-03");
  const auto suspect = Person("Brian", "Holt", "1985-06-07");
  const auto r1 = Report("2026-03-01", victim, suspect);
  Report("2026-04-01", victim, suspect);
  StartLinking();
  if (HasFatalFailure()) return;
  const auto first = CourseOf(r1);
  ASSERT_TRUE(first.has_value());
  const std::string raised_at = domain::FormatTimestamp(kStart);
  EXPECT_EQ(first->finding.id, first->record.id);
  EXPECT_EQ(first->record.first_raised_at, raised_at);
  EXPECT_EQ(first->record.status(), domain::kFindingOpen);
  EXPECT_EQ(first->record.key, "course_exists:course:" + r1);

  // A third report a day later: the same finding, changed and confirmed.
  now_ += 86400;
  Report("2026-05-01", victim, suspect);
  const auto second = CourseOf(r1);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->record.id, first->record.id);
  EXPECT_EQ(second->finding.reports.size(), 3u);
  EXPECT_EQ(second->record.first_raised_at, raised_at);
  EXPECT_EQ(second->record.last_confirmed_at, domain::FormatTimestamp(now_));
  EXPECT_EQ(second->record.last_changed_at, domain::FormatTimestamp(now_));

  // A restarted server computes afresh and finds the same record.
  now_ += 86400;
  StartLinking();
  const auto after_restart = CourseOf(r1);
  ASSERT_TRUE(after_restart.has_value());
  EXPECT_EQ(after_restart->record.id, first->record.id);
  EXPECT_EQ(after_restart->record.first_raised_at, raised_at);
  const auto raised = testing::AuditOf(*store_, "finding.raise");
  EXPECT_EQ(std::count_if(raised.begin(), raised.end(),
                          [&](const auto& e) { return e.record_id == first->record.id; }),
            1);
}

TEST_F(FindingsServiceTest, NotTheSamePersonWithdrawsTheFindingAndUndoingReopensIt) {
  const auto victim = Person("Imogen", "Quillfeather", "1979-08-23");
  const auto gideon = Person("Gideon", "Thistlewood", "1971-06-02", "SE1 7PB");
  const auto gid = Person("Gideon", "Thistlewood", "1971-06-02", "SE1 7PB");
  const auto r1 = Report("2026-01-05", victim, gideon);
  Report("2026-02-11", victim, gid);
  StartLinking();
  if (HasFatalFailure()) return;
  const auto raised = CourseOf(r1);
  ASSERT_TRUE(raised.has_value());
  const std::string id = raised->record.id;

  now_ += 3600;
  const boost::json::object split{{"decision", "different"},
                                  {"reason", "Father and son: the son is Gideon junior"}};
  ASSERT_TRUE(links_->Decide(officer_, gideon, gid, split).ok());
  EXPECT_FALSE(CourseOf(r1).has_value());
  const auto withdrawn = CourseOf(r1, "withdrawn");
  ASSERT_TRUE(withdrawn.has_value());
  EXPECT_EQ(withdrawn->record.id, id);
  EXPECT_EQ(withdrawn->record.withdrawn_at, domain::FormatTimestamp(now_));
  EXPECT_NE(withdrawn->record.withdrawn_reason.find("not the same person"), std::string::npos)
      << withdrawn->record.withdrawn_reason;
  EXPECT_EQ(withdrawn->finding.reports.size(), 2u);  // as it was last raised
  auto read = findings_->Get(lead_, id);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->record.status(), domain::kFindingWithdrawn);
  EXPECT_EQ(findings_->Acknowledge(lead_, id, Note("Too late")).error().code, ErrorCode::kConflict);
  EXPECT_TRUE(Audited("finding.withdraw", id));

  now_ += 3600;
  ASSERT_TRUE(links_
                  ->Undo(officer_, gideon, gid,
                         boost::json::object{{"reason", "Same man: the son was abroad"}})
                  .ok());
  const auto reopened = CourseOf(r1);
  ASSERT_TRUE(reopened.has_value());
  EXPECT_EQ(reopened->record.id, id);
  EXPECT_FALSE(reopened->record.withdrawn());
  EXPECT_EQ(reopened->record.first_raised_at, raised->record.first_raised_at);
  EXPECT_TRUE(Audited("finding.reopen", id));
}

TEST_F(FindingsServiceTest, AnAcknowledgementIsStoredWithWhoAndWhen) {
  const auto victim = Person("Carol", "Dunmore", "1972-11-30");
  const auto suspect = Person("Dennis", "Ormerod", "1969-09-09");
  const auto r1 = Report("2026-03-01", victim, suspect);
  Report("2026-03-15", victim, suspect);
  StartLinking();
  if (HasFatalFailure()) return;
  const auto raised = CourseOf(r1);
  ASSERT_TRUE(raised.has_value());
  const std::string id = raised->record.id;

  now_ += 600;
  auto acked = findings_->Acknowledge(lead_, id, Note("Referred to MASIP; victim told"));
  ASSERT_TRUE(acked.ok()) << acked.error().message;
  EXPECT_EQ(acked->record.acknowledged_by, lead_.user_id);
  EXPECT_EQ(acked->record.acknowledged_at, domain::FormatTimestamp(now_));
  EXPECT_EQ(acked->record.acknowledgement_note, "Referred to MASIP; victim told");
  const auto listed = CourseOf(r1, "acknowledged");
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->record.acknowledgement_note, "Referred to MASIP; victim told");
  EXPECT_FALSE(CourseOf(r1, "open").has_value());
  const auto audited = testing::AuditOf(*store_, "finding.acknowledge");
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].record_id, id);
  EXPECT_EQ(audited[0].actor_id, lead_.user_id);

  // The analyst sees it pseudonymised, without the note, and by pseudonym only.
  auto seen = findings_->List(analyst_, {"", "course_exists", "acknowledged"});
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_NE((*seen)[0].record.id, id);
  EXPECT_TRUE((*seen)[0].record.acknowledgement_note.empty());
  EXPECT_TRUE((*seen)[0].record.key.empty());
  EXPECT_TRUE(findings_->Get(analyst_, (*seen)[0].record.id).ok());
  EXPECT_EQ(findings_->Get(analyst_, id).error().code, ErrorCode::kNotFound);

  // Bad requests are refused and change nothing.
  const auto before = findings_->Get(lead_, id);
  ASSERT_TRUE(before.ok());
  const std::vector<boost::json::object> bad = {{},
                                                {{"note", 5}},
                                                {{"note", ""}},
                                                {{"note", "   "}},
                                                {{"note", std::string(2001, 'n')}},
                                                {{"note", "bad \xc3\x28 bytes"}},
                                                {{"note", "with a bell \x07"}},
                                                {{"note", "fine"}, {"by", "someone else"}}};
  for (const auto& body : bad) {
    EXPECT_EQ(findings_->Acknowledge(lead_, id, body).error().code, ErrorCode::kInvalidArgument)
        << boost::json::serialize(body);
  }
  const auto unchanged = findings_->Get(lead_, id);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->record.acknowledged_at, before->record.acknowledged_at);
  EXPECT_EQ(unchanged->record.acknowledgement_note, before->record.acknowledgement_note);
  EXPECT_EQ(testing::AuditOf(*store_, "finding.acknowledge").size(), 1u);
  // At the limits, and again: the later acknowledgement replaces the earlier.
  EXPECT_TRUE(findings_->Acknowledge(lead_, id, Note(std::string(2000, 'n'))).ok());
  EXPECT_TRUE(findings_->Acknowledge(lead_, id, Note("\u00e9")).ok());
  ASSERT_TRUE(findings_->Acknowledge(lead_, id, Note("Referred to MASIP; victim told")).ok());
  EXPECT_EQ(findings_->Acknowledge(officer_, id, Note("Mine")).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(findings_->Acknowledge(analyst_, id, Note("Mine")).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(findings_->Acknowledge(kent_lead_, id, Note("Not ours")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(findings_->Get(kent_lead_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(findings_->Acknowledge(lead_, std::string(32, 'a'), Note("Nothing")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(findings_->Get(lead_, "../etc").error().code, ErrorCode::kNotFound);
  const auto after = findings_->Get(lead_, id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->record.acknowledged_by, lead_.user_id);
  EXPECT_EQ(after->record.acknowledgement_note, "Referred to MASIP; victim told");
  EXPECT_EQ(testing::AuditOf(*store_, "finding.acknowledge").size(), 4u);
  EXPECT_EQ(findings_->List(lead_, {"", "", "closed"}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace threadline::services
