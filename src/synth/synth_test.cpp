#include "synth/synth.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "domain/datetime.hpp"
#include "domain/vocabulary.hpp"
#include "synth/identifiers.hpp"

namespace threadline::synth {
namespace {

// One shared 20,000-report dataset: generating it is the slow part.
class SynthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    refdata::RefData refdata;
    auto agencies = MakeAgencies(refdata, 11);
    ASSERT_TRUE(agencies.ok());
    agencies_ = new std::vector<domain::Agency>(*agencies);
    Config config;
    config.seed = 11;
    config.reports = 20000;
    auto data = Generate(config, refdata, *agencies_);
    ASSERT_TRUE(data.ok()) << data.error().message;
    data_ = new Dataset(std::move(*data));
  }
  static void TearDownTestSuite() {
    delete data_;
    delete agencies_;
  }
  static Dataset* data_;
  static std::vector<domain::Agency>* agencies_;
};
Dataset* SynthTest::data_ = nullptr;
std::vector<domain::Agency>* SynthTest::agencies_ = nullptr;

Dataset Small(uint64_t seed) {
  refdata::RefData refdata;
  Config config;
  config.seed = seed;
  config.reports = 500;
  return *Generate(config, refdata, *MakeAgencies(refdata, seed));
}

bool SamePersons(const Dataset& a, const Dataset& b) {
  if (a.persons.size() != b.persons.size()) return false;
  for (size_t i = 0; i < a.persons.size(); ++i) {
    const auto& p = a.persons[i];
    const auto& q = b.persons[i];
    if (p.id != q.id || p.given_name != q.given_name || p.family_name != q.family_name ||
        p.dob != q.dob || p.address != q.address || p.phones != q.phones) {
      return false;
    }
  }
  return a.person_entity == b.person_entity;
}

TEST(SynthDeterminism, SameSeedSameDataDifferentSeedDifferentData) {
  const Dataset a = Small(5);
  const Dataset b = Small(5);
  const Dataset c = Small(6);
  EXPECT_TRUE(SamePersons(a, b));
  ASSERT_EQ(a.reports.size(), b.reports.size());
  for (size_t i = 0; i < a.reports.size(); ++i) {
    EXPECT_EQ(a.reports[i].id, b.reports[i].id);
    EXPECT_EQ(a.reports[i].summary, b.reports[i].summary);
    EXPECT_EQ(a.reports[i].reference, b.reports[i].reference);
  }
  EXPECT_EQ(a.report_course, b.report_course);
  EXPECT_EQ(a.outcomes.size(), b.outcomes.size());
  EXPECT_FALSE(SamePersons(a, c));
  EXPECT_NE(a.reports.front().id, c.reports.front().id);
}

TEST(SynthConfig, RejectsUnusableInput) {
  refdata::RefData refdata;
  Config config;
  EXPECT_FALSE(Generate(config, refdata, {}).ok());
  auto agencies = *MakeAgencies(refdata, 1);
  config.span_days = 0;
  EXPECT_EQ(Generate(config, refdata, agencies).error().code, ErrorCode::kInvalidArgument);
  std::vector<domain::Agency> no_forces = {agencies.back()};  // a commissioner
  EXPECT_EQ(Generate(Config{}, refdata, no_forces).error().code, ErrorCode::kInvalidArgument);
}

TEST(SynthConfig, WorksWithASingleForce) {
  // A database holding only one force: no course can cross a boundary, but
  // generation must still finish and keep every record in that force.
  refdata::RefData refdata;
  std::vector<domain::Agency> met;
  const auto all = *MakeAgencies(refdata, 1);
  for (const auto& a : all) {
    if (a.code == "met") met.push_back(a);
  }
  Config config;
  config.reports = 300;
  const auto d = Generate(config, refdata, met);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->reports.size(), 300U);
  for (const auto& p : d->persons) EXPECT_EQ(p.agency_id, met[0].id);
  config.persons_only = 500;
  EXPECT_EQ(Generate(config, refdata, met)->persons.size(), 500U);
}

TEST_F(SynthTest, ShapeCountsAndCodes) {
  const Dataset& d = *data_;
  ASSERT_EQ(d.reports.size(), 20000U);
  ASSERT_EQ(d.report_course.size(), d.reports.size());
  ASSERT_EQ(d.report_is_stalking_pattern.size(), d.reports.size());
  ASSERT_EQ(d.person_entity.size(), d.persons.size());
  std::set<std::string> person_ids, report_ids, force_ids, agency_ids;
  for (const auto& a : d.agencies) {
    agency_ids.insert(a.id);
    if (a.kind == "police_force") force_ids.insert(a.id);
  }
  for (const auto& p : d.persons) {
    ASSERT_TRUE(domain::IsWellFormedId(p.id));
    ASSERT_TRUE(person_ids.insert(p.id).second);
    ASSERT_TRUE(agency_ids.count(p.agency_id));
    ASSERT_TRUE(domain::ParseTimestamp(p.created_at));
    if (!p.dob.empty()) {
      ASSERT_TRUE(domain::ParsePartialDate(p.dob)) << p.dob;
    }
  }
  std::set<std::pair<std::string, std::string>> references;
  for (const auto& r : d.reports) {
    ASSERT_TRUE(domain::IsWellFormedId(r.id));
    ASSERT_TRUE(report_ids.insert(r.id).second);
    ASSERT_TRUE(force_ids.count(r.force_id));
    ASSERT_TRUE(references.insert({r.force_id, r.reference}).second) << r.reference;
    const auto occurred = domain::ParseTimestamp(r.occurred_at);
    const auto reported = domain::ParseTimestamp(r.reported_at);
    ASSERT_TRUE(occurred && reported && domain::ParseTimestamp(r.created_at));
    ASSERT_LE(*occurred, *reported);
    ASSERT_EQ(r.occurred_at, domain::FormatTimestamp(*occurred));
    ASSERT_TRUE(domain::IsCode(domain::RecordedAsCodes(), r.recorded_as)) << r.recorded_as;
    ASSERT_FALSE(r.behaviours.empty());
    for (const auto& b : r.behaviours) ASSERT_TRUE(domain::FindBehaviour(b)) << b;
    ASSERT_FALSE(r.summary.empty());
    int victims = 0;
    for (const auto& party : r.parties) {
      ASSERT_TRUE(domain::IsCode(domain::PartyRoles(), party.role));
      ASSERT_TRUE(person_ids.count(party.person_id));
      victims += party.role == "victim";
    }
    ASSERT_GE(victims, 1);
  }
  for (const auto& o : d.outcomes) {
    ASSERT_TRUE(domain::IsWellFormedId(o.id));
    ASSERT_TRUE(report_ids.count(o.report_id));
    ASSERT_TRUE(domain::IsCode(domain::OutcomeKinds(), o.kind)) << o.kind;
    ASSERT_TRUE(domain::ParseDate(o.occurred_on));
  }
  // Reports come in the order they were reported.
  for (size_t i = 1; i < d.reports.size(); ++i) {
    ASSERT_LE(d.reports[i - 1].reported_at, d.reports[i].reported_at);
  }
}

TEST_F(SynthTest, OutcomesMatchTheNationalAttritionFigures) {
  const Dataset& d = *data_;
  std::map<std::string, bool> stalking;
  size_t patterns = 0;
  for (size_t i = 0; i < d.reports.size(); ++i) {
    stalking[d.reports[i].id] = d.report_is_stalking_pattern[i];
    patterns += d.report_is_stalking_pattern[i];
  }
  std::map<std::string, size_t> counts;
  for (const auto& o : d.outcomes) {
    if (stalking[o.report_id]) ++counts[o.kind];
  }
  ASSERT_GT(patterns, 10000U);
  const double n = static_cast<double>(patterns);
  // DOMAIN.md: about 5% charged, 3% reach trial, 2% convicted.
  EXPECT_NEAR(counts["charged"] / n, 0.05, 0.008);
  EXPECT_NEAR(counts["trial"] / n, 0.03, 0.006);
  EXPECT_NEAR(counts["convicted"] / n, 0.02, 0.005);
  EXPECT_GT(counts["no_further_action"], 0U);
  EXPECT_GT(counts["arrested"], 0U);
  EXPECT_GT(counts["suspect_identified"], 0U);
}

TEST_F(SynthTest, CoursesOfConductAreRepeatedAndSomeCrossForces) {
  const Dataset& d = *data_;
  std::map<std::string, std::vector<size_t>> courses;
  size_t one_offs = 0;
  for (size_t i = 0; i < d.reports.size(); ++i) {
    if (d.report_course[i].empty()) {
      ++one_offs;
      EXPECT_FALSE(d.report_is_stalking_pattern[i]);
    } else {
      courses[d.report_course[i]].push_back(i);
    }
  }
  EXPECT_NEAR(one_offs / 20000.0, 1 - Calibration{}.share_courses, 0.01);
  std::map<std::string, std::string> entity_of;
  for (size_t i = 0; i < d.persons.size(); ++i) entity_of[d.persons[i].id] = d.person_entity[i];
  size_t cross_force = 0;
  std::map<std::string, std::set<std::string>> victims_of_suspect;
  for (const auto& [course, reports] : courses) {
    ASSERT_GE(reports.size(), 2U) << course;
    std::set<std::string> forces, suspects;
    for (size_t i : reports) {
      forces.insert(d.reports[i].force_id);
      for (const auto& p : d.reports[i].parties) {
        if (p.role == "suspect") suspects.insert(entity_of[p.person_id]);
        if (p.role == "victim") victims_of_suspect[course].insert(entity_of[p.person_id]);
      }
    }
    EXPECT_EQ(suspects.size(), 1U) << course;  // one suspect entity per course
    cross_force += forces.size() > 1;
  }
  EXPECT_GT(cross_force, courses.size() / 20);
  EXPECT_LT(cross_force, courses.size() / 4);
}

TEST_F(SynthTest, SerialSuspectsHaveSeveralVictimsInSeveralRecords) {
  const Dataset& d = *data_;
  std::map<std::string, std::string> entity_of;
  for (size_t i = 0; i < d.persons.size(); ++i) entity_of[d.persons[i].id] = d.person_entity[i];
  std::map<std::string, std::set<std::string>> victims, records;
  for (size_t i = 0; i < d.reports.size(); ++i) {
    std::string suspect;
    std::set<std::string> vs;
    for (const auto& p : d.reports[i].parties) {
      if (p.role == "suspect") {
        suspect = entity_of[p.person_id];
        records[suspect].insert(p.person_id);
      }
      if (p.role == "victim") vs.insert(entity_of[p.person_id]);
    }
    if (!suspect.empty()) victims[suspect].insert(vs.begin(), vs.end());
  }
  size_t serial = 0, multi_record = 0;
  for (const auto& [suspect, vs] : victims) serial += vs.size() >= 2;
  for (const auto& [suspect, rs] : records) multi_record += rs.size() >= 2;
  EXPECT_GT(serial, 100U);
  EXPECT_GT(multi_record, 500U);
}

TEST_F(SynthTest, RecordsOfOneEntityVary) {
  const Dataset& d = *data_;
  std::map<std::string, std::vector<const domain::Person*>> by_entity;
  for (size_t i = 0; i < d.persons.size(); ++i)
    by_entity[d.person_entity[i]].push_back(&d.persons[i]);
  size_t multi = 0, name_differs = 0, dob_differs = 0, agencies_differ = 0;
  for (const auto& [entity, records] : by_entity) {
    if (records.size() < 2) continue;
    ++multi;
    std::set<std::string> names, dobs, agencies;
    for (const auto* p : records) {
      if (p->given_name.empty()) continue;
      names.insert(p->given_name + " " + p->family_name);
      if (!p->dob.empty()) dobs.insert(p->dob);
      agencies.insert(p->agency_id);
    }
    name_differs += names.size() > 1;
    dob_differs += dobs.size() > 1;
    agencies_differ += agencies.size() > 1;
  }
  EXPECT_GT(multi, 1000U);
  EXPECT_GT(name_differs, multi / 10);
  EXPECT_GT(dob_differs, multi / 50);
  EXPECT_GT(agencies_differ, multi / 20);
}

TEST_F(SynthTest, NothingLooksLikeRealData) {
  const Dataset& d = *data_;
  size_t phones = 0;
  for (const auto& p : d.persons) {
    for (const auto& phone : p.phones) ASSERT_TRUE(IsSyntheticPhone(phone)) << phone;
    for (const auto& email : p.emails) ASSERT_TRUE(IsSyntheticEmail(email)) << email;
    for (const auto& v : p.vehicles) ASSERT_TRUE(IsSyntheticVehicle(v)) << v;
    phones += p.phones.size();
  }
  EXPECT_GT(phones, 1000U);
}

TEST_F(SynthTest, SomeStalkingIsRecordedAsSomethingElse) {
  const Dataset& d = *data_;
  size_t patterns = 0, misrecorded = 0;
  for (size_t i = 0; i < d.reports.size(); ++i) {
    if (!d.report_is_stalking_pattern[i]) continue;
    ++patterns;
    misrecorded += d.reports[i].recorded_as.rfind("stalking", 0) != 0;
  }
  EXPECT_NEAR(static_cast<double>(misrecorded) / patterns, Calibration{}.share_misrecorded, 0.03);
}

TEST(SynthPersonsOnly, GivesRecordsWithTruthAndSeveralRecordsPerEntity) {
  refdata::RefData refdata;
  const auto agencies = *MakeAgencies(refdata, 2);
  Config config;
  config.seed = 2;
  config.persons_only = 20000;
  const auto d = Generate(config, refdata, agencies);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->persons.size(), 20000U);
  ASSERT_TRUE(d->reports.empty());
  std::set<std::string> entities(d->person_entity.begin(), d->person_entity.end());
  const double ratio = 20000.0 / static_cast<double>(entities.size());
  EXPECT_GT(ratio, 1.3);
  EXPECT_LT(ratio, 3.0);
  size_t streamed = 0;
  bool same = true;
  ASSERT_TRUE(StreamPersons(config, refdata, agencies,
                            [&](const domain::Person& p, const std::string& entity) {
                              same = same && p.id == d->persons[streamed].id &&
                                     entity == d->person_entity[streamed];
                              ++streamed;
                            })
                  .ok());
  EXPECT_EQ(streamed, 20000U);
  EXPECT_TRUE(same);
}

}  // namespace
}  // namespace threadline::synth
