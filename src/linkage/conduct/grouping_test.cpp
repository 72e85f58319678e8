// Grouping reports into courses of conduct: hand-made scenarios.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <utility>

#include "linkage/conduct/conduct.hpp"
#include "linkage/conduct/test_support.hpp"

namespace threadline::linkage::conduct {
namespace {

using testing::World;
using CourseSets = std::vector<std::vector<std::string>>;

// Report ids of every course, each sorted, the list sorted.
CourseSets Sets(const World& w, const Grouping& g) {
  CourseSets out;
  for (const auto& c : g.courses) {
    std::vector<std::string> ids;
    for (uint32_t r : c.reports) ids.push_back(w.reports[r].id);
    std::sort(ids.begin(), ids.end());
    out.push_back(std::move(ids));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A phone held by `n` different named people (plus whatever the case adds).
void CommonPhone(World& w, const std::string& phone, int n) {
  for (int i = 0; i < n; ++i)
    w.Named("holder" + std::to_string(i), "H" + std::to_string(i), {phone});
}

struct Case {
  std::string name;
  std::function<void(World&)> build;
  CourseSets expected;
  Options options = {};
};

std::vector<Case> Cases() {
  return {
      {"single reports stay one-offs",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("v2", "V2"), w.Named("s1", "S1"), w.Named("s2", "S2");
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-01-05", "met", "v2", "s2");
         w.Add("r3", "2025-01-07", "met", "v1", "");  // no suspect recorded
       },
       {}},
      {"same suspect and victim across forces and records",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("v1b", "V1"), w.Named("s1", "S1"), w.Named("s1b", "S1");
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-02-01", "kent", "v1b", "s1b");
         w.Add("r3", "2025-03-01", "met", "v1", "s1");
       },
       {{"r1", "r2", "r3"}}},
      {"same victim, different suspects: no course",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1"), w.Named("s2", "S2");
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-02-01", "met", "v1", "s2");
       },
       {}},
      {"same suspect, different victims: two one-offs, not a course",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("v2", "V2"), w.Named("s1", "S1");
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-02-01", "met", "v2", "s1");
       },
       {}},
      {"a gap longer than the maximum splits the course",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1");
         w.Add("a1", "2023-01-01", "met", "v1", "s1");
         w.Add("a2", "2023-01-20", "met", "v1", "s1");
         w.Add("b1", "2024-03-01", "met", "v1", "s1");  // 406 days later
         w.Add("b2", "2024-03-09", "met", "v1", "s1");
         w.Add("c1", "2025-06-01", "met", "v1", "s1");  // alone after another gap
       },
       {{"a1", "a2"}, {"b1", "b2"}}},
      {"a longer maximum gap keeps them together",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1");
         w.Add("a1", "2023-01-01", "met", "v1", "s1");
         w.Add("a2", "2023-01-20", "met", "v1", "s1");
         w.Add("b1", "2024-03-01", "met", "v1", "s1");
       },
       {{"a1", "a2", "b1"}},
       Options{.max_gap_days = 500}},
      {"two reports of one occasion are not repeated conduct",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1");
         w.Add("r1", "2025-01-01", "met", "v1", "s1");
         w.Add("r2", "2025-01-01", "kent", "v1", "s1");
       },
       {}},
      {"identifier-only suspects sharing a handle are one suspect",
       [](World& w) {
         w.Named("v1", "V1");
         w.IdentifierOnly("u1", "handle", "@watcher_99");
         w.IdentifierOnly("u2", "handle", "https://x.com/Watcher_99/");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-01-15", "surrey", "v1", "u2");
       },
       {{"r1", "r2"}}},
      {"an unknown suspect later named by the same phone",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1", {"07700 900123"});
         w.IdentifierOnly("u1", "phone", "+44 7700 900123");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-01-15", "met", "v1", "u1");
         w.Add("r3", "2025-02-15", "met", "v1", "s1");
       },
       {{"r1", "r2", "r3"}}},
      {"an unknown suspect, then the one suspect the victim names, without the handle",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1");
         w.IdentifierOnly("u1", "handle", "@watcher");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-01-15", "kent", "v1", "u1");
         w.Add("r3", "2025-02-15", "kent", "v1", "s1");
       },
       {{"r1", "r2", "r3"}}},
      {"an unknown suspect is not given to either of two named suspects",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1"), w.Named("s2", "S2");
         w.IdentifierOnly("u1", "handle", "@watcher");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-01-15", "met", "v1", "u1");
         w.Add("r3", "2025-02-15", "met", "v1", "s1");
         w.Add("r4", "2025-03-15", "met", "v1", "s2");
       },
       {{"r1", "r2"}}},
      {"the unknown-suspect join can be switched off",
       [](World& w) {
         w.Named("v1", "V1"), w.Named("s1", "S1");
         w.IdentifierOnly("u1", "handle", "@watcher");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-01-15", "met", "v1", "u1");
         w.Add("r3", "2025-02-15", "met", "v1", "s1");
       },
       {{"r1", "r2"}},
       Options{.join_unknown_to_sole_named_suspect = false}},
      {"a common phone does not merge two unknown suspects",
       [](World& w) {
         CommonPhone(w, "07700900000", 11);
         w.Named("v1", "V1");
         w.IdentifierOnly("u1", "phone", "07700 900000");
         w.IdentifierOnly("u2", "phone", "07700900000");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-01-15", "met", "v1", "u2");
       },
       {}},
      {"a stricter holder limit refuses a phone three people hold",
       [](World& w) {
         CommonPhone(w, "07700900001", 3);
         w.Named("v1", "V1");
         w.IdentifierOnly("u1", "phone", "07700900001");
         w.IdentifierOnly("u2", "phone", "07700900001");
         w.Add("r1", "2025-01-01", "met", "v1", "u1");
         w.Add("r2", "2025-01-15", "met", "v1", "u2");
       },
       {},
       Options{.max_identifier_holders = 2}},
      {"a vehicle seen twice is one suspect",
       [](World& w) {
         w.Named("v1", "V1");
         w.IdentifierOnly("u1", "vehicle", "ab12 cqe");
         w.IdentifierOnly("u2", "vehicle", "AB12CQE");
         w.Add("r1", "2025-01-01", "met", "v1", "u1", {"following"});
         w.Add("r2", "2025-01-03", "met", "v1", "u2", {"loitering"});
       },
       {{"r1", "r2"}}},
  };
}

TEST(GroupingTest, Scenarios) {
  for (const auto& c : Cases()) {
    World w;
    c.build(w);
    auto g = GroupCourses(w.input(), c.options);
    ASSERT_TRUE(g.ok()) << c.name;
    EXPECT_EQ(Sets(w, *g), c.expected) << c.name;
    // Every report is in a course, a one-off, or skipped — exactly once.
    size_t in_course = 0;
    for (int32_t x : g->course_of) in_course += x >= 0 ? 1 : 0;
    EXPECT_EQ(in_course + g->one_offs.size() + g->skipped.size(), w.reports.size()) << c.name;
  }
}

TEST(GroupingTest, CourseCarriesLinksAndStableId) {
  World w;
  w.Named("v1", "V1"), w.Named("s1", "S1"), w.Named("s1b", "S1");
  w.Add("r1", "2025-01-01", "met", "v1", "s1");
  w.Add("r2", "2025-02-01", "kent", "v1", "s1b");
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->courses.size(), 1u);
  const Course& c = g->courses[0];
  EXPECT_EQ(c.id, "course:r1");
  EXPECT_EQ(c.suspect, "S1");
  EXPECT_EQ(c.victim, "V1");
  EXPECT_EQ(c.occasions, 2u);
  ASSERT_EQ(c.links.size(), 2u);
  EXPECT_EQ(c.links[0].kind, "suspect_same_entity");
  EXPECT_DOUBLE_EQ(c.links[0].strength, Options{}.resolved_entity_strength);
  EXPECT_EQ(c.links[1].kind, "victim_same_entity");
  EXPECT_DOUBLE_EQ(c.links[1].strength, 1.0);
}

TEST(GroupingTest, IdentifierLinkNamesTheIdentifier) {
  World w;
  // A population for the identifier's rarity to be judged against.
  for (int i = 0; i < 100; ++i) w.Named("p" + std::to_string(i), "P" + std::to_string(i));
  w.Named("v1", "V1");
  w.IdentifierOnly("u1", "email", "Watcher+x@Example.org");
  w.IdentifierOnly("u2", "email", "watcher@example.org");
  w.Add("r1", "2025-01-01", "met", "v1", "u1");
  w.Add("r2", "2025-01-02", "met", "v1", "u2");
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->courses.size(), 1u);
  EXPECT_EQ(g->courses[0].suspect, "identifier:email:watcher@example.org");
  EXPECT_EQ(g->courses[0].links[0].kind, "suspect_shared_email");
  EXPECT_EQ(g->courses[0].links[0].detail, "email:watcher@example.org");
  // Two unresolved records hold it among ~100 people: strong, not certain.
  EXPECT_GT(g->courses[0].links[0].strength, 0.8);
  EXPECT_LT(g->courses[0].links[0].strength, 1.0);
}

TEST(GroupingTest, UnknownSuspectJoinedToTheNamedOneSaysSoAndIsWeaker) {
  World w;
  w.Named("v1", "V1"), w.Named("s1", "S1");
  w.IdentifierOnly("u1", "handle", "@watcher");
  w.Add("r1", "2025-01-01", "met", "v1", "u1");
  w.Add("r2", "2025-02-15", "met", "v1", "s1");
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->courses.size(), 1u);
  EXPECT_EQ(g->courses[0].suspect, "S1");
  const auto& link = g->courses[0].links[0];
  EXPECT_EQ(link.kind, "suspect_unknown_then_named");
  EXPECT_EQ(link.detail, "handle:watcher");
  EXPECT_DOUBLE_EQ(link.strength, Options{}.unknown_suspect_strength);
  EXPECT_LT(link.strength, Options{}.resolved_entity_strength);
}

TEST(GroupingTest, UnparseableDatesAreSkippedNotFatal) {
  World w;
  w.Named("v1", "V1"), w.Named("s1", "S1");
  w.Add("r1", "2025-01-01", "met", "v1", "s1");
  auto& bad = w.Add("r2", "2025-01-02", "met", "v1", "s1");
  bad.occurred_at = "yesterday";
  bad.reported_at = "";
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->skipped.size(), 1u);
  EXPECT_EQ(g->skipped[0].report, 1u);
  EXPECT_TRUE(g->courses.empty());
}

TEST(GroupingTest, InvalidOptionsAreRejected) {
  World w;
  Options bad;
  bad.max_gap_days = 0;
  bad.frequency_ratio = 1.5;
  bad.unknown_suspect_strength = 0;
  auto g = GroupCourses(w.input(), bad);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(g.error().fields.size(), 3u);
}

TEST(GroupingTest, NoEntityMapTreatsEveryRecordAsItsOwnEntity) {
  World w;
  w.Named("v1", "V1"), w.Named("s1", "S1"), w.Named("s1b", "S1");
  w.Add("r1", "2025-01-01", "met", "v1", "s1");
  w.Add("r2", "2025-02-01", "met", "v1", "s1b");
  w.Add("r3", "2025-03-01", "met", "v1", "s1");
  Input in = w.input();
  in.entity_of = nullptr;
  auto g = GroupCourses(in, Options{.join_namesake_suspects = false});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Sets(w, *g), (CourseSets{{"r1", "r3"}}));
}

// Person records as two forces typed them, which identity resolution left apart.
std::string Record(World& w, const std::string& id, const std::string& given,
                   const std::string& family, const std::string& dob) {
  domain::Person p;
  p.id = id;
  p.given_name = given;
  p.family_name = family;
  p.dob = dob;
  w.persons.push_back(std::move(p));
  w.entity_of[id] = "E-" + id;
  return id;
}

TEST(GroupingTest, NamesakeSuspectsOfOneVictimAreOneUnlessBirthDatesDiffer) {
  World w;
  Record(w, "v1", "Lottie", "Jones", "1996-04-17");
  Record(w, "s1", "Dave", "HALL", "2002-05-12");
  Record(w, "s1b", "David", "Hall", "");
  Record(w, "s2", "Davina", "Hall", "1970-01-01");
  w.Add("r1", "2025-01-01", "met", "v1", "s1");
  w.Add("r2", "2025-02-01", "south-yorkshire", "v1", "s1b");
  w.Add("r3", "2025-03-01", "met", "v1", "s2");  // "Dav" Hall, born another day
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Sets(w, *g), (CourseSets{{"r1", "r2"}}));
  ASSERT_EQ(g->courses[0].links.size(), 2u);
  EXPECT_EQ(g->courses[0].links[0].kind, "suspect_same_name_same_victim");
  EXPECT_DOUBLE_EQ(g->courses[0].links[0].strength, Options{}.namesake_strength);
}

TEST(GroupingTest, APractitionersNotTheSamePersonStopsTheNamesakeJoin) {
  World w;
  Record(w, "v1", "Lottie", "Jones", "1996-04-17");
  Record(w, "s1", "Gideon", "Thistlewood", "1971-06-02");
  Record(w, "s1b", "Gideon", "Thistlewood", "");
  w.Add("r1", "2025-01-01", "met", "v1", "s1");
  w.Add("r2", "2025-02-01", "met", "v1", "s1b");
  const std::vector<std::pair<domain::Id, domain::Id>> apart = {{"s1b", "s1"}};
  Input in = w.input();
  auto joined = GroupCourses(in, {});
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->courses.size(), 1u);
  in.kept_apart = apart;
  auto kept = GroupCourses(in, {});
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept->courses.empty());
}

TEST(GroupingTest, NamesakeVictimsOfOneNamedSuspectAreOne) {
  World w;
  Record(w, "v1", "Norman", "Buckley", "1998");
  Record(w, "v1b", "Norman", "Buckley", "1999-08-28");
  Record(w, "v2", "Norma", "Buckley", "1999-08-28");  // another name: kept apart
  w.Named("s1", "S1");
  w.Add("r1", "2025-01-01", "west-midlands", "v1", "s1");
  w.Add("r2", "2025-02-01", "nottinghamshire", "v1b", "s1");
  w.Add("r3", "2025-03-01", "met", "v2", "s1");
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Sets(w, *g), (CourseSets{{"r1", "r2"}}));
  EXPECT_EQ(g->courses[0].links[1].kind, "victim_same_name_same_suspect");
  auto off = GroupCourses(w.input(), Options{.join_namesake_victims = false});
  ASSERT_TRUE(off.ok());
  EXPECT_TRUE(off->courses.empty());
}

}  // namespace
}  // namespace threadline::linkage::conduct
