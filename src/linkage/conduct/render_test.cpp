// Rendering findings and groupings as JSON and text.
#include "linkage/conduct/render.hpp"

#include <gtest/gtest.h>

#include "linkage/conduct/test_support.hpp"

namespace threadline::linkage::conduct {
namespace {

using testing::World;

World CrossForceWorld() {
  World w;
  w.Named("v1", "V1"), w.Named("s1", "S1"), w.Named("s1b", "S1"), w.Named("v2", "V2");
  w.Add("r1", "2025-01-01", "met", "v1", "s1", {"following"}, "harassment_s2");
  w.Add("r2", "2025-02-01", "kent", "v1", "s1b", {"contacting"}, "malicious_communications");
  w.Add("r3", "2025-02-03", "kent", "v2", "");
  return w;
}

TEST(RenderTest, FindingJsonHasTheApiFields) {
  const World w = CrossForceWorld();
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  const auto findings = FindFindings(w.input(), *g, {}, DefaultClassifier);
  const auto cross = FilterFindings(findings, "", FindingType::kCrossForce);
  ASSERT_EQ(cross.size(), 1u);
  const boost::json::object j = ToJson(*cross[0]);
  EXPECT_EQ(j.at("type").as_string(), "cross_force");
  EXPECT_EQ(j.at("id").as_string(), "cross_force:course:r1");
  EXPECT_EQ(j.at("course_id").as_string(), "course:r1");
  EXPECT_EQ(j.at("forces").as_array().size(), 2u);
  const auto& r0 = j.at("reports").as_array()[0].as_object();
  EXPECT_EQ(r0.at("force").as_string(), "met");
  EXPECT_EQ(r0.at("reference").as_string(), "met/r1");
  const auto& link = j.at("links").as_array()[0].as_object();
  EXPECT_EQ(link.at("kind").as_string(), "suspect_same_entity");
  EXPECT_DOUBLE_EQ(link.at("strength").as_double(), 0.9);
  EXPECT_FALSE(j.at("reasons").as_array().empty());
  EXPECT_EQ(j.at("reasons").as_array()[0].as_object().at("rule_id").as_string(),
            "cross_force.multiple_forces");
  EXPECT_FALSE(j.at("recommendations").as_array().empty());
}

TEST(RenderTest, GroupingJsonListsCoursesOneOffsAndFindings) {
  const World w = CrossForceWorld();
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  const auto findings = FindFindings(w.input(), *g, {}, DefaultClassifier);
  const boost::json::object j = ToJson(*g, findings, w.input());
  ASSERT_EQ(j.at("courses").as_array().size(), 1u);
  const auto& c = j.at("courses").as_array()[0].as_object();
  EXPECT_EQ(c.at("occasions").to_number<int64_t>(), 2);
  EXPECT_EQ(c.at("first").as_string(), "2025-01-01T20:00:00Z");
  EXPECT_EQ(j.at("one_offs").as_array().size(), 1u);
  EXPECT_EQ(j.at("one_offs").as_array()[0].as_string(), "r3");
  EXPECT_EQ(j.at("findings").as_array().size(), findings.size());
}

TEST(RenderTest, TextNamesReasonsRulesAndRecommendations) {
  const World w = CrossForceWorld();
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  const auto findings = FindFindings(w.input(), *g, {}, DefaultClassifier);
  const auto m = FilterFindings(findings, "", FindingType::kMisrecorded);
  ASSERT_EQ(m.size(), 1u);
  const std::string text = ToText(*m[0]);
  EXPECT_EQ(text.rfind("MISRECORDED misrecorded:course:r1\n", 0), 0u) << text;
  EXPECT_NE(text.find("[misrecorded.wrong_classification]"), std::string::npos) << text;
  EXPECT_NE(text.find("-> Reclassify crime met/r1 from harassment_s2 to stalking_s2a"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("2025-02-01  kent  kent/r2  malicious_communications"), std::string::npos);
}

}  // namespace
}  // namespace threadline::linkage::conduct
