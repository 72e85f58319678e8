// Human link decisions: a practitioner's "same person" or "not the same
// person" overrides the model in the links of a person, in the explanation
// and in the grouping of course-of-conduct findings; it can be undone; every
// decision and undo is audited; bad input changes nothing.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "../../tests/support/service_store.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "refdata/refdata.hpp"
#include "services/access_control.hpp"
#include "services/findings_service.hpp"
#include "services/link_service.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

// 2026-05-28T20:26:40Z.
constexpr int64_t kNow = 1'780'000'000;

class LinkDecisionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ServiceStore base;
    base.Open(dir_.File("d.db"), clock_);
    ASSERT_FALSE(HasFatalFailure());
    store_ = std::move(base.store);
    access_ = std::move(base.access);
    met_ = testing::AgencyIdByCode(*store_, "met");
    kent_ = AgencyIdByCode("kent");
    officer_ = User("met-officer", "Olive Officer", "officer", met_);
    lead_ = User("met-lead", "Lena Lead", "lead", met_);
    analyst_ = User("analyst", "Ann Analyst", "analyst", met_);
    probation_ = User("probation", "Pete Probation", "probation", met_);
  }

  domain::Id AgencyIdByCode(const std::string& code) {
    return testing::AgencyIdByCode(*store_, code);
  }

  Actor User(const std::string& username, const std::string& name, const std::string& role,
             const domain::Id& agency) {
    domain::User u;
    u.id = domain::NewId();
    u.username = username;
    u.display_name = name;
    u.role = role;
    u.agency_id = agency;
    EXPECT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertUser(u); }).ok());
    return {u.id, agency, role, "req-" + username, "test", {}};
  }

  domain::Id Person(const domain::Id& agency, const std::string& given, const std::string& family,
                    const std::string& dob, const std::string& postcode = "") {
    domain::Person p;
    p.id = domain::NewId();
    p.agency_id = agency;
    p.given_name = given;
    p.family_name = family;
    p.dob = dob;
    p.postcode = postcode;
    p.created_at = "2026-01-01T00:00:00Z";
    EXPECT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertPerson(p); }).ok());
    persons_.push_back(p);
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

  // The link service over everything stored so far (as at a server start).
  void StartLinking() {
    auto links = LinkService::Create(*store_, *access_, refdata::RefData(), clock_);
    ASSERT_TRUE(links.ok()) << links.error().message;
    links_ = std::move(*links);
  }

  static boost::json::object Body(const std::string& decision, const std::string& reason) {
    return {{"decision", decision}, {"reason", reason}};
  }
  static boost::json::object Why(const std::string& reason) { return {{"reason", reason}}; }

  const PersonLink* LinkTo(const domain::Id& from, const domain::Id& to) {
    auto links = links_->LinksFor(officer_, from);
    EXPECT_TRUE(links.ok());
    if (!links.ok()) return nullptr;
    last_links_ = std::move(*links);
    const auto it = std::find_if(last_links_.begin(), last_links_.end(),
                                 [&](const PersonLink& l) { return l.person_id == to; });
    return it == last_links_.end() ? nullptr : &*it;
  }

  std::vector<domain::LinkDecision> Stored() {
    std::vector<domain::LinkDecision> out;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      auto d = tx.ListLinkDecisions();
                      if (d.ok()) out = *d;
                      return d.status();
                    })
                    .ok());
    return out;
  }

  // Course-of-conduct findings that hold every one of `reports`.
  size_t CoursesHolding(FindingsService& findings, const std::vector<domain::Id>& reports) {
    auto list = findings.List(lead_, {"", "course_exists", ""});
    EXPECT_TRUE(list.ok());
    if (!list.ok()) return 0;
    return std::count_if(list->begin(), list->end(), [&](const auto& view) {
      const auto& f = view.finding;
      return std::all_of(reports.begin(), reports.end(), [&](const domain::Id& id) {
        return std::any_of(f.reports.begin(), f.reports.end(),
                           [&](const auto& r) { return r.id == id; });
      });
    });
  }

  testing::TempDir dir_;
  Clock clock_ = [] { return kNow; };
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<LinkService> links_;
  std::vector<domain::Person> persons_;
  std::vector<PersonLink> last_links_;
  domain::Id met_, kent_;
  Actor officer_, lead_, analyst_, probation_;
};

TEST_F(LinkDecisionsTest, ADecisionOverridesTheModelAndUndoRestoresIt) {
  const auto rebecca = Person(met_, "Rebecca", "Featherstonehaugh", "1985-03-12", "N1 7QQ");
  const auto becky = Person(met_, "Becky", "Featherstonehaugh", "1985-03-12", "N1 7QQ");
  const auto oliver = Person(met_, "Oliver", "Pemberton", "1960-11-30", "SE5 9ZZ");
  StartLinking();
  if (HasFatalFailure()) return;

  // The model links Rebecca and Becky, not Oliver.
  const PersonLink* link = LinkTo(rebecca, becky);
  ASSERT_NE(link, nullptr);
  EXPECT_GT(link->probability, 0.9);
  EXPECT_FALSE(link->decision);
  EXPECT_EQ(LinkTo(rebecca, oliver), nullptr);

  // "Not the same person": the link goes, from both sides.
  auto split = links_->Decide(officer_, becky, rebecca,
                              Body("different", "Different NHS numbers: twins at one address"));
  ASSERT_TRUE(split.ok()) << split.error().message;
  EXPECT_EQ(split->decision.decision, "different");
  EXPECT_EQ(split->decision.person_a, std::min(rebecca, becky));
  EXPECT_EQ(split->decided_by_name, "Olive Officer");
  EXPECT_EQ(split->decision.decided_at, "2026-05-28T20:26:40Z");
  EXPECT_EQ(LinkTo(rebecca, becky), nullptr);
  EXPECT_EQ(LinkTo(becky, rebecca), nullptr);
  auto explained = links_->Explain(officer_, rebecca, becky);
  ASSERT_TRUE(explained.ok());
  const auto json = boost::json::parse(explained->json).as_object();
  EXPECT_EQ(json.at("probability").as_double(), 0.0);
  EXPECT_TRUE(json.at("decided_by_person").as_bool());
  EXPECT_GT(json.at("match_probability").as_double(), 0.9);  // the model's view stays visible
  EXPECT_EQ(json.at("decision").at("reason").as_string(),
            "Different NHS numbers: twins at one address");
  EXPECT_EQ(json.at("decision").at("decided_by_name").as_string(), "Olive Officer");
  EXPECT_NE(explained->text.find("not the same person, by Olive Officer"), std::string::npos)
      << explained->text;

  // A second decision on the pair is a conflict until the first is undone.
  auto again = links_->Decide(lead_, rebecca, becky, Body("same", "Same person after all, surely"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Stored().size(), 1u);

  // Undo: the model's link is back; the decision stays in the history.
  auto undone = links_->Undo(lead_, rebecca, becky, Why("Checked again: the NHS numbers match"));
  ASSERT_TRUE(undone.ok()) << undone.error().message;
  EXPECT_FALSE(undone->decision.active());
  EXPECT_EQ(undone->undone_by_name, "Lena Lead");
  link = LinkTo(rebecca, becky);
  ASSERT_NE(link, nullptr);
  EXPECT_LT(link->probability, 1.0);
  EXPECT_FALSE(link->decision);
  auto plain = links_->Explain(officer_, rebecca, becky);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(boost::json::parse(plain->json).at("decision").is_null());
  EXPECT_EQ(links_->Undo(lead_, rebecca, becky, Why("nothing to undo here")).error().code,
            ErrorCode::kNotFound);

  // "Same person" where the model sees nothing: listed with probability 1
  // and who decided, when and why.
  auto merged = links_->Decide(officer_, rebecca, oliver,
                               Body("same", "Oliver is the name she used before; PNC confirms"));
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  link = LinkTo(rebecca, oliver);
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->probability, 1.0);
  EXPECT_LT(link->model_probability, 0.5);
  ASSERT_TRUE(link->decision);
  EXPECT_EQ(link->decision->decision.reason, "Oliver is the name she used before; PNC confirms");
  EXPECT_EQ(link->decision->decided_by_name, "Olive Officer");
  EXPECT_EQ(last_links_.front().person_id, oliver);  // decided links first
  auto same = links_->Explain(officer_, oliver, rebecca);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(boost::json::parse(same->json).at("probability").as_double(), 1.0);

  // History, newest first.
  auto history = links_->DecisionsFor(officer_, rebecca);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_TRUE((*history)[0].decision.active());
  EXPECT_FALSE((*history)[1].decision.active());
  EXPECT_EQ((*history)[1].decision.undo_reason, "Checked again: the NHS numbers match");

  // Decisions are loaded again at the next start.
  StartLinking();
  link = LinkTo(oliver, rebecca);
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->probability, 1.0);
  ASSERT_NE(LinkTo(rebecca, becky), nullptr);

  // Every decision and undo is audited against both records, with the reason.
  const auto decided = testing::AuditOf(*store_, "person.link_decide");
  ASSERT_EQ(decided.size(), 4u);
  EXPECT_EQ(decided[0].actor_id, officer_.user_id);
  EXPECT_EQ(decided[0].request_id, "req-met-officer");
  std::vector<domain::Id> records = {decided[0].record_id, decided[1].record_id};
  std::sort(records.begin(), records.end());
  EXPECT_EQ(records, (std::vector<domain::Id>{std::min(rebecca, becky), std::max(rebecca, becky)}));
  EXPECT_NE(decided[0].purpose.find("Different NHS numbers"), std::string::npos);
  EXPECT_NE(decided[0].purpose.find("not the same person"), std::string::npos);
  const auto undos = testing::AuditOf(*store_, "person.link_undo");
  ASSERT_EQ(undos.size(), 2u);
  EXPECT_EQ(undos[0].actor_id, lead_.user_id);
  EXPECT_NE(undos[0].purpose.find("Checked again"), std::string::npos);
}

TEST_F(LinkDecisionsTest, ARecordDeletedUnderRetentionIsNeverLinkedAgain) {
  const auto rebecca = Person(met_, "Rebecca", "Featherstonehaugh", "1985-03-12", "N1 7QQ");
  const auto becky = Person(met_, "Becky", "Featherstonehaugh", "1985-03-12", "N1 7QQ");
  const auto oliver = Person(met_, "Oliver", "Pemberton", "1960-11-30", "SE5 9ZZ");
  StartLinking();
  if (HasFatalFailure()) return;
  ASSERT_TRUE(
      links_->Decide(officer_, rebecca, oliver, Body("same", "Same passport number seen")).ok());
  ASSERT_NE(LinkTo(rebecca, becky), nullptr);
  const uint64_t version = links_->decisions_version();

  links_->ForgetPersons({becky, oliver});
  EXPECT_EQ(LinkTo(rebecca, becky), nullptr);   // the model's match is gone
  EXPECT_EQ(LinkTo(rebecca, oliver), nullptr);  // and so is the decided one
  EXPECT_TRUE(links_->StandingDecisions().empty());
  EXPECT_GT(links_->decisions_version(), version);  // findings know to regroup
}

TEST_F(LinkDecisionsTest, BadRequestsAreRefusedAndChangeNothing) {
  const auto a = Person(met_, "Rebecca", "Featherstonehaugh", "1985-03-12", "N1 7QQ");
  const auto b = Person(met_, "Becky", "Featherstonehaugh", "1985-03-12", "N1 7QQ");
  const auto kents = Person(kent_, "Becca", "Featherstonehaugh", "1985-03-12");
  StartLinking();
  if (HasFatalFailure()) return;
  const auto good = Body("different", "Different people: checked on the PNC");
  auto code = [&](const Actor& actor, const domain::Id& x, const domain::Id& y,
                  const boost::json::object& body) {
    auto r = links_->Decide(actor, x, y, body);
    return r.ok() ? std::string("ok") : std::to_string(static_cast<int>(r.error().code));
  };
  const std::string invalid = std::to_string(static_cast<int>(ErrorCode::kInvalidArgument));
  const std::string not_found = std::to_string(static_cast<int>(ErrorCode::kNotFound));
  const std::string denied = std::to_string(static_cast<int>(ErrorCode::kPermissionDenied));

  // Roles that do not work identities, and service accounts, may not decide.
  EXPECT_EQ(code(analyst_, a, b, good), denied);
  EXPECT_EQ(code(probation_, a, b, good), denied);
  Actor service{domain::NewId(), met_, "service", "req", "test", {"link.read", "link.decide"}};
  EXPECT_EQ(code(service, a, b, good), denied);
  EXPECT_EQ(code(Actor::Anonymous("req", "test"), a, b, good),
            std::to_string(static_cast<int>(ErrorCode::kUnauthenticated)));

  // Bad bodies.
  EXPECT_EQ(code(officer_, a, b, {}), invalid);
  EXPECT_EQ(code(officer_, a, b, {{"reason", "Different people: checked"}}), invalid);
  EXPECT_EQ(code(officer_, a, b, Body("maybe", "Different people: checked")), invalid);
  EXPECT_EQ(code(officer_, a, b, {{"decision", 1}, {"reason", "Different people: checked"}}),
            invalid);
  EXPECT_EQ(code(officer_, a, b, {{"decision", "same"}}), invalid);
  EXPECT_EQ(code(officer_, a, b, {{"decision", "same"}, {"reason", 42}}), invalid);
  EXPECT_EQ(code(officer_, a, b, Body("same", "too short")), invalid);
  EXPECT_EQ(code(officer_, a, b, Body("same", std::string(2001, 'x'))), invalid);
  EXPECT_EQ(code(officer_, a, b, Body("same", "Has a \x01 control character")), invalid);
  EXPECT_EQ(code(officer_, a, b, Body("same", "Not UTF-8 \xff\xfe at all here")), invalid);
  auto extra = good;
  extra["probability"] = 1;
  EXPECT_EQ(code(officer_, a, b, extra), invalid);
  auto field = links_->Decide(officer_, a, a, good);
  ASSERT_FALSE(field.ok());
  EXPECT_EQ(field.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(field.error().fields.size(), 1u);
  EXPECT_EQ(field.error().fields[0].field, "b");

  // Unknown, malformed and other agencies' records: one answer.
  EXPECT_EQ(code(officer_, a, domain::NewId(), good), not_found);
  EXPECT_EQ(code(officer_, "nonsense", b, good), not_found);
  auto hidden = links_->Decide(officer_, a, kents, good);
  auto absent = links_->Decide(officer_, a, domain::NewId(), good);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(hidden.error().message, absent.error().message);
  EXPECT_EQ(links_->Undo(officer_, a, kents, Why("Undo what I cannot see")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(links_->Undo(officer_, a, b, Why("short")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(links_->Undo(officer_, a, b, {}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(links_->Undo(analyst_, a, b, Why("Not my decision to undo")).error().code,
            ErrorCode::kPermissionDenied);

  // Nothing was written, nothing audited, nothing changed.
  EXPECT_TRUE(Stored().empty());
  EXPECT_TRUE(testing::AuditOf(*store_, "person.link_decide").empty());
  EXPECT_TRUE(testing::AuditOf(*store_, "person.link_undo").empty());
  EXPECT_EQ(links_->decisions_version(), 0u);
  EXPECT_NE(LinkTo(a, b), nullptr);
}

TEST_F(LinkDecisionsTest, DecisionsThatContradictOthersAreConflicts) {
  const auto a = Person(met_, "Ann", "Archer", "1970-01-01");
  const auto b = Person(met_, "Bea", "Bowman", "1971-02-02");
  const auto c = Person(met_, "Cat", "Carver", "1972-03-03");
  const auto d = Person(met_, "Dot", "Draper", "1973-04-04");
  StartLinking();
  if (HasFatalFailure()) return;
  const std::string why = "Confirmed by the victim at interview";
  ASSERT_TRUE(links_->Decide(officer_, a, b, Body("same", why)).ok());
  ASSERT_TRUE(links_->Decide(officer_, b, c, Body("same", why)).ok());
  // a and c are one person through b.
  auto contradicts = links_->Decide(officer_, a, c, Body("different", why));
  ASSERT_FALSE(contradicts.ok());
  EXPECT_EQ(contradicts.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(links_->Decide(officer_, a, d, Body("different", why)).ok());
  // Joining d to c would join d to a.
  auto joins = links_->Decide(officer_, c, d, Body("same", why));
  ASSERT_FALSE(joins.ok());
  EXPECT_EQ(joins.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Stored().size(), 3u);
  // Once the chain is undone, the decision may be made.
  ASSERT_TRUE(links_->Undo(officer_, b, c, Why(why)).ok());
  EXPECT_TRUE(links_->Decide(officer_, c, d, Body("same", why)).ok());
}

TEST_F(LinkDecisionsTest, DecisionsSplitAndMergeCoursesOfConduct) {
  // Two suspect records the model takes for one man: one course of conduct.
  const auto victim = Person(met_, "Imogen", "Quillfeather", "1979-08-23");
  const auto gideon = Person(met_, "Gideon", "Thistlewood", "1971-06-02", "SE1 7PB");
  const auto gid = Person(met_, "Gideon", "Thistlewood", "1971-06-02", "SE1 7PB");
  // A third record of him, on no report, links to both: a "not the same
  // person" decision must hold against that chain too.
  Person(met_, "Gideon", "Thistlewood", "1971-06-02", "SE1 7PB");
  const auto r1 = Report("2026-01-05", victim, gideon);
  const auto r2 = Report("2026-02-11", victim, gid);
  // Two the model keeps apart, against another victim: two one-offs.
  const auto other_victim = Person(met_, "Harriet", "Wolstenholme", "1990-10-10");
  const auto marcus = Person(met_, "Marcus", "Oddington", "1980-01-01");
  const auto nigel = Person(met_, "Nigel", "Pumphrey", "1955-05-05");
  const auto r3 = Report("2026-03-01", other_victim, marcus);
  const auto r4 = Report("2026-03-20", other_victim, nigel);
  StartLinking();
  if (HasFatalFailure()) return;
  FindingsService findings(*store_, *links_, *access_, clock_);
  const PersonLink* link = LinkTo(gideon, gid);
  ASSERT_NE(link, nullptr);  // linked (above 0.5), whatever order the index saw them in
  EXPECT_EQ(CoursesHolding(findings, {r1, r2}), 1u);
  EXPECT_EQ(CoursesHolding(findings, {r3, r4}), 0u);

  // "Not the same person" splits the course; "same person" joins the other.
  ASSERT_TRUE(links_
                  ->Decide(officer_, gideon, gid,
                           Body("different", "Father and son: the son is Gideon junior"))
                  .ok());
  ASSERT_TRUE(links_
                  ->Decide(officer_, marcus, nigel,
                           Body("same", "Nigel Pumphrey is an alias on the PNC record"))
                  .ok());
  EXPECT_EQ(CoursesHolding(findings, {r1, r2}), 0u);
  EXPECT_EQ(CoursesHolding(findings, {r3, r4}), 1u);

  // Undone, the model's grouping returns.
  ASSERT_TRUE(links_->Undo(officer_, gideon, gid, Why("Same man: the son was abroad")).ok());
  ASSERT_TRUE(links_->Undo(officer_, marcus, nigel, Why("The alias belongs to someone else")).ok());
  EXPECT_EQ(CoursesHolding(findings, {r1, r2}), 1u);
  EXPECT_EQ(CoursesHolding(findings, {r3, r4}), 0u);
}

}  // namespace
}  // namespace threadline::services
