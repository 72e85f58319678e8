// Findings on hand-made courses: one table row per finding type and rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "linkage/conduct/conduct.hpp"
#include "linkage/conduct/test_support.hpp"

namespace threadline::linkage::conduct {
namespace {

using testing::World;

std::vector<Finding> Analyse(const World& w, const CourseClassifier& k = DefaultClassifier,
                             const Options& options = {}) {
  auto g = GroupCourses(w.input(), options);
  EXPECT_TRUE(g.ok());
  return FindFindings(w.input(), *g, options, k);
}

std::vector<const Finding*> OfType(const std::vector<Finding>& all, FindingType t) {
  return FilterFindings(all, "", t);
}

bool HasRule(const Finding& f, std::string_view rule) {
  return std::any_of(f.reasons.begin(), f.reasons.end(),
                     [&](const Reason& r) { return r.rule_id == rule; });
}

// victim v1, suspect s1 (two records of one person), optional second victim.
void People(World& w) {
  w.Named("v1", "V1"), w.Named("v2", "V2"), w.Named("s1", "S1"), w.Named("s1b", "S1");
}

struct Case {
  std::string name;
  std::function<void(World&)> build;
  FindingType type;
  size_t count;                           // findings of `type` expected
  std::string rule;                       // a rule id the first such finding must carry ("" = none)
  std::vector<std::string> reports = {};  // its report ids, when given
};

std::vector<Case> Cases() {
  return {
      {"course_exists covers every report",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-01-09", "met", "v1", "s1b");
         w.Add("r3", "2025-02-01", "met", "v1", "s1");
       },
       FindingType::kCourseExists,
       1,
       "course.repeated",
       {"r1", "r2", "r3"}},
      {"stalking recorded as harassment is misrecorded",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1", {"following"}, "harassment_s2");
         w.Add("r2", "2025-01-09", "met", "v1", "s1", {"contacting"}, "malicious_communications");
       },
       FindingType::kMisrecorded, 1, "misrecorded.wrong_classification"},
      {"stalking counted as separate stalking crimes",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1", {"loitering"}, "stalking_s2a");
         w.Add("r2", "2025-01-09", "met", "v1", "s1", {"loitering"}, "stalking_s2a");
       },
       FindingType::kMisrecorded, 1, "misrecorded.separate_crimes"},
      {"one stalking crime already: nothing misrecorded",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1", {"loitering"}, "stalking_s2a");
         w.Add("r2", "2025-01-09", "met", "v1", "s1", {"loitering"}, "stalking_s2a").reference =
             "met/r1";
       },
       FindingType::kMisrecorded, 0, ""},
      {"a neighbour feud of damage and threats is not stalking",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1", {"property_damage"}, "criminal_damage");
         w.Add("r2", "2025-01-09", "met", "v1", "s1", {"threats"}, "harassment_s4");
       },
       FindingType::kMisrecorded, 0, ""},
      {"cross_force names every force",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-02-01", "kent", "v1", "s1b");
       },
       FindingType::kCrossForce,
       1,
       "cross_force.multiple_forces",
       {"r1", "r2"}},
      {"one force: no cross_force",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-02-01", "met", "v1", "s1b");
       },
       FindingType::kCrossForce, 0, ""},
      {"two victims within three years: serial perpetrator",
       [](World& w) {
         People(w);
         w.Add("r1", "2023-01-01", "met", "v1", "s1");
         w.Add("r2", "2023-02-01", "met", "v1", "s1");
         w.Add("r3", "2025-06-01", "kent", "v2", "s1b");  // a one-off with another victim
       },
       FindingType::kSerialPerpetrator,
       1,
       "serial.two_or_more_victims",
       {"r1", "r2", "r3"}},
      {"victims more than three years apart: not serial",
       [](World& w) {
         People(w);
         w.Add("r1", "2020-01-01", "met", "v1", "s1");
         w.Add("r2", "2024-01-02", "met", "v2", "s1");
       },
       FindingType::kSerialPerpetrator, 0, ""},
      {"an unknown suspect resolved as one person across two victims",
       [](World& w) {
         People(w);
         w.IdentifierOnly("u1", "handle", "@rare_one");
         w.IdentifierOnly("u2", "handle", "@rare_one");
         w.entity_of["u2"] = "unknown-u1";  // identity resolution joined the two records
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-02-01", "met", "v2", "u2");
       },
       FindingType::kSerialPerpetrator, 1, "serial.two_or_more_victims"},
      {"unknown suspects on two victims sharing a handle two others hold: not joined",
       [](World& w) {
         People(w);
         w.Named("n1", "N1"), w.Named("n2", "N2");
         w.persons[w.persons.size() - 2].handles = {"@shared"};
         w.persons.back().handles = {"@shared"};
         w.IdentifierOnly("u1", "handle", "@shared");
         w.IdentifierOnly("u2", "handle", "@shared");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-02-01", "met", "v2", "u2");
       },
       FindingType::kSerialPerpetrator, 0, ""},
      {"contact becoming more frequent",
       [](World& w) {
         People(w);
         for (auto day : {"2025-01-01", "2025-03-01", "2025-04-01", "2025-04-10", "2025-04-13"}) {
           w.Add(std::string("r") + day, day, "met", "v1", "s1", {"contacting"});
         }
       },
       FindingType::kEscalation, 1, "escalation.frequency"},
      {"from messages to turning up and violence",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1", {"contacting"});
         w.Add("r2", "2025-02-01", "met", "v1", "s1", {"contacting"});
         w.Add("r3", "2025-03-01", "met", "v1", "s1", {"turning_up"});
         w.Add("r4", "2025-04-01", "met", "v1", "s1", {"threats", "violence"});
       },
       FindingType::kEscalation, 1, "escalation.gravity"},
      {"new kinds of conduct late in the course",
       [](World& w) {
         People(w);
         w.Add("r1", "2025-01-01", "met", "v1", "s1", {"contacting"});
         w.Add("r2", "2025-02-01", "met", "v1", "s1", {"contacting"});
         w.Add("r3", "2025-03-01", "met", "v1", "s1",
               {"contacting", "fake_profiles", "unwanted_gifts"});
       },
       FindingType::kEscalation, 1, "escalation.new_behaviours"},
      {"steady, same conduct: no escalation",
       [](World& w) {
         People(w);
         for (auto day : {"2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"}) {
           w.Add(std::string("r") + day, day, "met", "v1", "s1", {"contacting"});
         }
       },
       FindingType::kEscalation, 0, ""},
  };
}

TEST(FindingsTest, Table) {
  for (const auto& c : Cases()) {
    World w;
    c.build(w);
    const auto all = Analyse(w);
    const auto found = OfType(all, c.type);
    ASSERT_EQ(found.size(), c.count) << c.name;
    if (c.count == 0) continue;
    if (!c.rule.empty()) {
      EXPECT_TRUE(HasRule(*found[0], c.rule)) << c.name;
    }
    if (!c.reports.empty()) {
      std::vector<std::string> ids;
      for (const auto& r : found[0]->reports) ids.push_back(r.id);
      EXPECT_EQ(ids, c.reports) << c.name;
    }
    // Every finding, of every type, explains itself.
    for (const auto& f : all) {
      EXPECT_FALSE(f.reasons.empty()) << c.name << " " << f.id;
      for (const auto& r : f.reasons) EXPECT_FALSE(r.rule_id.empty() || r.text.empty()) << f.id;
      EXPECT_FALSE(f.reports.empty()) << f.id;
      EXPECT_FALSE(f.forces.empty()) << f.id;
    }
  }
}

TEST(FindingsTest, MisrecordedRecommendsOneCrimeAndReclassification) {
  World w;
  People(w);
  w.Add("r1", "2025-01-01", "met", "v1", "s1", {"following", "threats"}, "harassment_s4");
  w.Add("r2", "2025-01-09", "kent", "v1", "s1", {"contacting", "threats"}, "other");
  w.Add("r3", "2025-01-10", "kent", "v1", "s1", {"contacting"}, "not_recorded");
  const auto all = Analyse(w);
  const auto m = OfType(all, FindingType::kMisrecorded);
  ASSERT_EQ(m.size(), 1u);
  ASSERT_EQ(m[0]->recommendations.size(), 3u);
  const auto& re = m[0]->recommendations[0];
  EXPECT_EQ(re.action, "reclassify");
  EXPECT_EQ(re.reference, "met/r1");
  EXPECT_EQ(re.from, "harassment_s4");
  EXPECT_EQ(re.to, "stalking_s4a");  // threats on two occasions
  EXPECT_EQ(m[0]->recommendations[1].action, "join_crime");
  EXPECT_EQ(m[0]->recommendations[1].reference, "kent/r2");
  EXPECT_TRUE(HasRule(*m[0], "classify.surveillance_acts"));
  EXPECT_TRUE(HasRule(*m[0], "classify.fear_of_violence"));
}

TEST(FindingsTest, InjectedClassifierDecides) {
  World w;
  People(w);
  w.Add("r1", "2025-01-01", "met", "v1", "s1", {"property_damage"}, "criminal_damage");
  w.Add("r2", "2025-01-09", "met", "v1", "s1", {"threats"}, "harassment_s2");
  size_t calls = 0;
  auto always = [&](std::span<const domain::Report* const> course) {
    ++calls;
    EXPECT_EQ(course.size(), 2u);
    return CourseClassification{
        true, "stalking_s4a", {{"screening.test", "The screener said so."}}};
  };
  const auto all = Analyse(w, always);
  EXPECT_EQ(calls, 1u);
  const auto m = OfType(all, FindingType::kMisrecorded);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_TRUE(HasRule(*m[0], "screening.test"));
  EXPECT_TRUE(HasRule(*m[0], "misrecorded.included_classification"));
}

TEST(FindingsTest, CrossForceRecommendsEachForceAsksTheOthers) {
  World w;
  People(w);
  w.Add("r1", "2025-01-01", "met", "v1", "s1");
  w.Add("r2", "2025-02-01", "kent", "v1", "s1b");
  w.Add("r3", "2025-03-01", "surrey", "v1", "s1b");
  const auto all = Analyse(w);
  const auto x = OfType(all, FindingType::kCrossForce);
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x[0]->forces, (std::vector<std::string>{"kent", "met", "surrey"}));
  ASSERT_EQ(x[0]->recommendations.size(), 3u);
  EXPECT_NE(x[0]->recommendations[0].text.find("met met/r1"), std::string::npos);
  EXPECT_NE(x[0]->reasons[0].text.find("surrey: surrey/r3"), std::string::npos);
}

TEST(FindingsTest, SerialListsVictims) {
  World w;
  People(w);
  w.Named("v3", "V3");
  w.Add("r1", "2025-01-01", "met", "v1", "s1");
  w.Add("r2", "2025-02-01", "met", "v2", "s1b");
  w.Add("r3", "2025-03-01", "kent", "v3", "s1");
  const auto all = Analyse(w);
  const auto s = OfType(all, FindingType::kSerialPerpetrator);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0]->victims, (std::vector<std::string>{"V1", "V2", "V3"}));
  EXPECT_EQ(s[0]->suspect, "S1");
  EXPECT_TRUE(s[0]->course_id.empty());
}

TEST(FindingsTest, FilterByForceAndType) {
  World w;
  People(w);
  w.Add("r1", "2025-01-01", "met", "v1", "s1", {"following"});
  w.Add("r2", "2025-02-01", "kent", "v1", "s1b", {"following"});
  w.Add("r3", "2025-01-01", "surrey", "v2", "");
  const auto all = Analyse(w);
  EXPECT_EQ(FilterFindings(all, "kent", std::nullopt).size(), all.size());
  EXPECT_TRUE(FilterFindings(all, "surrey", std::nullopt).empty());
  EXPECT_EQ(FilterFindings(all, "met", FindingType::kCrossForce).size(), 1u);
}

TEST(FindingsTest, TypeNamesRoundTrip) {
  for (auto t : {FindingType::kCourseExists, FindingType::kMisrecorded, FindingType::kCrossForce,
                 FindingType::kSerialPerpetrator, FindingType::kEscalation}) {
    EXPECT_EQ(ParseFindingType(FindingTypeName(t)), t);
  }
  EXPECT_FALSE(ParseFindingType("course").has_value());
}

TEST(FindingsTest, DefaultClassifierNeedsRepetition) {
  domain::Report one;
  one.occurred_at = "2025-01-01T00:00:00Z";
  one.behaviours = {"following"};
  const domain::Report* single[] = {&one};
  EXPECT_FALSE(DefaultClassifier(single).stalking);
  domain::Report two = one;
  two.occurred_at = "2025-01-02T00:00:00Z";
  const domain::Report* pair[] = {&one, &two};
  const auto k = DefaultClassifier(pair);
  EXPECT_TRUE(k.stalking);
  EXPECT_EQ(k.code, "stalking_s2a");
  EXPECT_FALSE(k.reasons.empty());
}

}  // namespace
}  // namespace threadline::linkage::conduct
