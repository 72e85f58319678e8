// New linkage findings on open cases: CaseService::ConsiderFindings, and
// FindingsService telling its observer of the findings each computation
// found new.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../tests/support/case_service_rig.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "services/case_service.hpp"
#include "services/case_support.hpp"
#include "services/findings_service.hpp"
#include "services/link_service.hpp"

namespace threadline::services {
namespace {

// 2026-05-28T20:26:40Z.
constexpr int64_t kNow = 1'780'000'000;

class CaseFindingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rig_.Open(dir_.File("f.db"), clock_);
    if (HasFatalFailure()) return;
    met_ = AgencyId("met");
    kent_ = AgencyId("kent");
    met_lead_ = {"U-MET-LEAD", met_, "lead", "req-1", "test", {}};
  }

  domain::Id AgencyId(const std::string& code) {
    return testing::AgencyIdByCode(*rig_.store, code);
  }

  domain::Id Person(const domain::Id& agency, const std::string& given, const std::string& family,
                    const std::string& dob) {
    domain::Person p;
    p.id = domain::NewId();
    p.agency_id = agency;
    p.given_name = given;
    p.family_name = family;
    p.dob = dob;
    p.created_at = "2026-01-01T00:00:00Z";
    EXPECT_TRUE(rig_.store->Write([&](store::WriteTx& tx) { return tx.InsertPerson(p); }).ok());
    return p.id;
  }

  // One stalking report of `force` on `date` (noon UTC) about `victim` and `suspect`.
  domain::Id Report(const domain::Id& force, const std::string& date, const domain::Id& victim,
                    const domain::Id& suspect) {
    domain::Report r;
    r.id = domain::NewId();
    r.force_id = force;
    r.reference = "REF-" + r.id.substr(20);
    r.occurred_at = date + "T12:00:00Z";
    r.reported_at = r.occurred_at;
    r.recorded_as = "stalking_s2a";
    r.parties = {{"victim", victim}, {"suspect", suspect}};
    r.created_at = r.occurred_at;
    const Status s = rig_.store->Write([&](store::WriteTx& tx) { return tx.InsertReport(r); });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message + " " + s.error().log_detail);
    return r.id;
  }

  // A case held by `owner` in `status` at `tier` with `risk_level`, about
  // these reports; `facts`, when given, as its last triage recorded them.
  domain::Id Case(const domain::Id& owner, const std::string& status, int tier,
                  const std::string& risk_level, std::vector<domain::Id> report_ids,
                  const risk::TriageFacts* facts = nullptr) {
    domain::Case c;
    c.id = domain::NewId();
    c.reference = "STK-2026-" + std::to_string(100000 + (++cases_made_));
    c.owner_agency_id = owner;
    c.referred_by_agency_id = owner;
    c.source = "police_report";
    c.status = status;
    c.tier = tier;
    c.case_type = "domestic_ex_intimate";
    c.risk_level = risk_level;
    c.report_ids = std::move(report_ids);
    c.referral_reason = "test referral";
    c.created_at = "2026-05-01T09:00:00Z";
    c.updated_at = c.created_at;
    domain::CaseEvent e;
    e.case_id = c.id;
    e.at = c.created_at;
    e.kind = "case.referred";
    e.agency_id = owner;
    e.field_class = "core";
    e.summary = "Referred";
    const Status s = rig_.store->Write([&](store::WriteTx& tx) -> Status {
      if (Status st = tx.InsertCase(c); !st.ok()) return st;
      if (facts != nullptr) {
        domain::CaseItem triage;
        triage.id = domain::NewId();
        triage.case_id = c.id;
        triage.kind = "triage";
        triage.agency_id = owner;
        triage.field_class = "core";
        triage.body_json =
            boost::json::serialize(boost::json::object{{"facts", case_support::FactsJson(*facts)}});
        triage.created_at = c.created_at;
        triage.updated_at = c.created_at;
        if (Status st = tx.InsertCaseItem(triage); !st.ok()) return st;
      }
      return tx.AppendCaseEvent(e).status();
    });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message + " " + s.error().log_detail);
    return c.id;
  }

  std::vector<domain::CaseEvent> Events(const domain::Id& case_id) {
    std::vector<domain::CaseEvent> out;
    EXPECT_TRUE(rig_.store
                    ->Read([&](store::ReadTx& tx) {
                      auto e = tx.ListCaseEvents(case_id);
                      if (e.ok()) out = *e;
                      return e.status();
                    })
                    .ok());
    return out;
  }

  static std::vector<domain::CaseEvent> OfKind(const std::vector<domain::CaseEvent>& events,
                                               const std::string& kind) {
    std::vector<domain::CaseEvent> out;
    std::copy_if(events.begin(), events.end(), std::back_inserter(out),
                 [&](const auto& e) { return e.kind == kind; });
    return out;
  }

  std::vector<domain::AuditEntry> AuditOf(const domain::Id& case_id) {
    std::vector<domain::AuditEntry> out;
    EXPECT_TRUE(rig_.store
                    ->Read([&](store::ReadTx& tx) {
                      store::AuditFilter f;
                      f.record_type = "case";
                      f.record_id = case_id;
                      auto a = tx.ListAudit(f);
                      if (a.ok()) out = *a;
                      return a.status();
                    })
                    .ok());
    return out;
  }

  int64_t Count(store::Table t) {
    int64_t n = -1;
    EXPECT_TRUE(rig_.store
                    ->Read([&](store::ReadTx& tx) {
                      auto c = tx.Count(t);
                      n = c.ok() ? *c : -1;
                      return c.status();
                    })
                    .ok());
    return n;
  }

  static FindingNotice Notice(std::string id, std::string type, std::vector<domain::Id> reports,
                              int victims) {
    FindingNotice n;
    n.id = std::move(id);
    n.type = std::move(type);
    n.reports = static_cast<int>(reports.size());
    n.report_ids = std::move(reports);
    n.victims = victims;
    return n;
  }

  std::vector<domain::Id> SomeReports(int n) {
    const domain::Id v = Person(met_, "Alice", "Walker", "1990-02-03");
    const domain::Id s = Person(met_, "Brian", "Holt", "1985-06-07");
    std::vector<domain::Id> out;
    for (int i = 0; i < n; ++i) {
      out.push_back(Report(met_, "2026-0" + std::to_string(i + 1) + "-10", v, s));
    }
    return out;
  }

  testing::TempDir dir_;
  Clock clock_ = [] { return kNow; };
  testing::CaseServiceRig rig_;
  domain::Id met_, kent_;
  Actor met_lead_;
  int cases_made_ = 0;
};

TEST_F(CaseFindingsTest, SerialPerpetratorOnAnOpenCaseIsRecordedAndSuggestsRetriage) {
  const auto reports = SomeReports(4);
  // Tier 2 for medium risk; three other victims make it medium-risk-serial (tier 3).
  const domain::Id open = Case(met_, "open", 2, "medium", {reports[0]});
  const domain::Id closed = Case(met_, "closed", 2, "medium", {reports[0]});
  const domain::Id unrelated = Case(met_, "open", 2, "medium", {SomeReports(1)[0]});
  const std::vector<FindingNotice> found = {
      Notice("serial_perpetrator:identifier:phone:07700900123", "serial_perpetrator", reports, 4)};

  auto recorded = rig_.cases->ConsiderFindings(found);
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(*recorded, 1);

  const auto events = Events(open);
  const auto finding = OfKind(events, "case.finding");
  ASSERT_EQ(finding.size(), 1u);
  // By the system, on behalf of the agency holding the case.
  EXPECT_EQ(finding[0].agency_id, met_);
  EXPECT_EQ(finding[0].user_id, "");
  EXPECT_EQ(finding[0].field_class, "core");
  EXPECT_EQ(finding[0].summary,
            "Linkage finding: the suspect has other victims (4 reports, 4 victims)");
  // The timeline keys the finding without repeating its id, which may name an
  // identifier.
  EXPECT_EQ(finding[0].item_id.rfind("finding-", 0), 0u) << finding[0].item_id;
  EXPECT_EQ(finding[0].item_id.find("07700900123"), std::string::npos);
  const auto retriage = OfKind(events, "case.retriage_suggested");
  ASSERT_EQ(retriage.size(), 1u);
  EXPECT_EQ(retriage[0].agency_id, met_);
  EXPECT_EQ(retriage[0].item_id, finding[0].item_id);
  EXPECT_NE(retriage[0].summary.find("tier 2 now, the rules suggest tier 3"), std::string::npos)
      << retriage[0].summary;
  EXPECT_NE(retriage[0].summary.find("medium-risk-serial"), std::string::npos)
      << retriage[0].summary;

  const auto audit = AuditOf(open);
  const auto audited = [&](const std::string& action) {
    return std::count_if(audit.begin(), audit.end(), [&](const auto& a) {
      return a.action == action && a.agency_id == met_ && a.actor_id.empty();
    });
  };
  EXPECT_EQ(audited("case.finding"), 1);
  EXPECT_EQ(audited("case.retriage_suggested"), 1);

  // A closed case and a case carrying none of the reports get nothing.
  EXPECT_EQ(Events(closed).size(), 1u);
  EXPECT_TRUE(AuditOf(closed).empty());
  EXPECT_EQ(Events(unrelated).size(), 1u);
  EXPECT_TRUE(AuditOf(unrelated).empty());

  // Considering the same finding again records nothing new.
  const int64_t events_before = Count(store::Table::kCaseEvents);
  const int64_t audit_before = Count(store::Table::kAudit);
  auto again = rig_.cases->ConsiderFindings(found);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(Count(store::Table::kCaseEvents), events_before);
  EXPECT_EQ(Count(store::Table::kAudit), audit_before);

  // The timeline reads the system's events like any other.
  auto timeline = rig_.cases->GetTimeline(met_lead_, open);
  ASSERT_TRUE(timeline.ok()) << timeline.error().message;
  ASSERT_EQ(timeline->entries.size(), 3u);
  EXPECT_EQ(timeline->entries[1].event.kind, "case.finding");
  EXPECT_EQ(timeline->entries[1].agency_code, "met");
}

TEST_F(CaseFindingsTest, AFindingThatDoesNotRaiseTheTierIsRecordedWithoutASuggestion) {
  const auto reports = SomeReports(2);
  const domain::Id open = Case(met_, "open", 2, "medium", {reports[0]});
  auto recorded = rig_.cases->ConsiderFindings(
      {Notice("course_exists:course:" + reports[0], "course_exists", reports, 1)});
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(*recorded, 1);
  const auto events = Events(open);
  ASSERT_EQ(OfKind(events, "case.finding").size(), 1u);
  EXPECT_EQ(OfKind(events, "case.finding")[0].summary,
            "Linkage finding: the reports are one course of conduct (2 reports)");
  EXPECT_TRUE(OfKind(events, "case.retriage_suggested").empty());
}

TEST_F(CaseFindingsTest, TheRulesRunOnTheLastTriagesFactsWithEveryNewFindingAtOnce) {
  const auto reports = SomeReports(3);
  risk::TriageFacts facts;
  facts.threats_or_violence = true;
  facts.risk_level = "standard";
  // Threats alone: tier 2. Escalating with threats: tier 3.
  const domain::Id open = Case(met_, "open", 2, "standard", {reports[1]}, &facts);
  auto recorded = rig_.cases->ConsiderFindings({
      Notice("cross_force:course:" + reports[0], "cross_force", reports, 1),
      Notice("escalation:course:" + reports[0], "escalation", reports, 1),
      Notice("no_such_type:x", "no_such_type", reports, 1),
  });
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(*recorded, 2);  // the unknown type is ignored
  const auto events = Events(open);
  const auto finding = OfKind(events, "case.finding");
  ASSERT_EQ(finding.size(), 2u);
  EXPECT_EQ(finding[0].summary, "Linkage finding: a course crossing force boundaries (3 reports)");
  EXPECT_EQ(finding[1].summary, "Linkage finding: the conduct is escalating (3 reports)");
  EXPECT_NE(finding[0].item_id, finding[1].item_id);
  // One suggestion for both, not naming either.
  const auto retriage = OfKind(events, "case.retriage_suggested");
  ASSERT_EQ(retriage.size(), 1u);
  EXPECT_EQ(retriage[0].item_id, "");
  EXPECT_NE(retriage[0].summary.find("tier 3 (escalating-threats-violence)"), std::string::npos)
      << retriage[0].summary;

  // A later call with one of them and a new one records only the new one.
  auto later = rig_.cases->ConsiderFindings({
      Notice("escalation:course:" + reports[0], "escalation", reports, 1),
      Notice("misrecorded:course:" + reports[0], "misrecorded", reports, 1),
  });
  ASSERT_TRUE(later.ok()) << later.error().message;
  EXPECT_EQ(*later, 1);
  EXPECT_EQ(OfKind(Events(open), "case.finding").size(), 3u);
}

TEST_F(CaseFindingsTest, NothingToConsider) {
  const auto reports = SomeReports(1);
  Case(met_, "open", 1, "standard", reports);
  const int64_t audit_before = Count(store::Table::kAudit);
  auto none = rig_.cases->ConsiderFindings({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  EXPECT_EQ(Count(store::Table::kAudit), audit_before);
}

// FindingsService tells its observer of the findings each computation found
// new, and wired to ConsiderFindings puts them on the cases.
TEST_F(CaseFindingsTest, FindingsServiceTellsItsObserverOfNewFindingsOnly) {
  auto links = LinkService::Create(*rig_.store, *rig_.access, refdata::RefData(), clock_);
  ASSERT_TRUE(links.ok()) << links.error().message;
  FindingsService findings(*rig_.store, **links, *rig_.access, clock_);

  const domain::Id victim = Person(met_, "Alice", "Walker", "1990-02-03");
  const domain::Id other_victim = Person(kent_, "Carol", "Dunmore", "1972-11-30");
  const domain::Id suspect = Person(met_, "Brian", "Holt", "1985-06-07");
  const domain::Id r1 = Report(met_, "2026-03-01", victim, suspect);
  const domain::Id r2 = Report(met_, "2026-04-01", victim, suspect);
  const domain::Id open = Case(met_, "open", 1, "standard", {r2});

  std::vector<std::vector<FindingNotice>> told;
  bool fail_next = true;
  findings.OnNewFindings([&](const std::vector<FindingNotice>& found) -> Status {
    told.push_back(found);
    if (fail_next) {
      fail_next = false;
      return Internal("the store is busy");
    }
    return rig_.cases->ConsiderFindings(found).status();
  });

  // The first computation offers every finding; the observer's failure does
  // not fail the listing, and the same findings are offered again.
  auto listed = findings.List(met_lead_, {});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_FALSE(listed->empty());
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].size(), listed->size());
  const auto course = std::find_if(told[0].begin(), told[0].end(),
                                   [](const auto& n) { return n.type == "course_exists"; });
  ASSERT_NE(course, told[0].end());
  EXPECT_EQ(course->report_ids, (std::vector<domain::Id>{r1, r2}));
  EXPECT_EQ(course->reports, 2);
  EXPECT_EQ(course->victims, 1);
  EXPECT_TRUE(OfKind(Events(open), "case.finding").empty());

  ASSERT_TRUE(findings.Facts().ok());
  ASSERT_EQ(told.size(), 2u);
  EXPECT_EQ(told[1].size(), told[0].size());
  EXPECT_EQ(OfKind(Events(open), "case.finding").size(), told[0].size());

  // Nothing changed: nothing to tell.
  ASSERT_TRUE(findings.List(met_lead_, {}).ok());
  EXPECT_EQ(told.size(), 2u);

  // A report about another victim of the same suspect: only the new
  // serial-perpetrator finding is told of.
  Report(kent_, "2026-05-01", other_victim, suspect);
  ASSERT_TRUE(findings.List(met_lead_, {}).ok());
  ASSERT_EQ(told.size(), 3u);
  ASSERT_EQ(told[2].size(), 1u);
  EXPECT_EQ(told[2][0].type, "serial_perpetrator");
  EXPECT_EQ(told[2][0].victims, 2);
  const auto events = Events(open);
  const auto finding = OfKind(events, "case.finding");
  ASSERT_EQ(finding.size(), told[0].size() + 1);
  EXPECT_EQ(finding.back().summary,
            "Linkage finding: the suspect has other victims (3 reports, 2 victims)");
  // One other victim raises tier 1 to 2.
  ASSERT_EQ(OfKind(events, "case.retriage_suggested").size(), 1u);
  EXPECT_NE(OfKind(events, "case.retriage_suggested")[0].summary.find("(other-victims)"),
            std::string::npos);

  // An observer that throws does not fail the listing either.
  findings.OnNewFindings([](const std::vector<FindingNotice>&) -> Status {
    throw std::runtime_error("observer failed");
  });
  const domain::Id third = Person(met_, "Dora", "Pike", "1999-09-09");
  Report(met_, "2026-05-20", third, suspect);
  EXPECT_TRUE(findings.List(met_lead_, {}).ok());
}

}  // namespace
}  // namespace threadline::services
