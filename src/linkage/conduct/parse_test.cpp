// Reading findings back from their JSON rendering.
#include "linkage/conduct/parse.hpp"

#include <gtest/gtest.h>

#include "linkage/conduct/render.hpp"
#include "linkage/conduct/test_support.hpp"

namespace threadline::linkage::conduct {
namespace {

using testing::World;

TEST(ParseTest, EveryFindingReadsBackAsRendered) {
  World w;
  w.Named("v1", "V1"), w.Named("s1", "S1"), w.Named("s1b", "S1"), w.Named("v2", "V2");
  w.Add("r1", "2025-01-01", "met", "v1", "s1", {"following"}, "harassment_s2");
  w.Add("r2", "2025-02-01", "kent", "v1", "s1b", {"contacting"}, "malicious_communications");
  w.Add("r3", "2025-03-01", "kent", "v2", "s1", {"following"}, "harassment_s2");
  auto g = GroupCourses(w.input(), {});
  ASSERT_TRUE(g.ok());
  const auto findings = FindFindings(w.input(), *g, {}, DefaultClassifier);
  ASSERT_GE(findings.size(), 3u);
  for (const auto& f : findings) {
    const boost::json::value rendered = ToJson(f);
    const auto back = FindingFromJson(rendered);
    ASSERT_TRUE(back.has_value()) << f.id;
    EXPECT_EQ(boost::json::value(ToJson(*back)), rendered) << f.id;
    EXPECT_EQ(back->reasons, f.reasons);
    EXPECT_EQ(back->type, f.type);
  }
}

TEST(ParseTest, WhatIsNotAFindingIsRefused) {
  EXPECT_FALSE(FindingFromJson(boost::json::parse("[]")).has_value());
  EXPECT_FALSE(FindingFromJson(boost::json::parse(R"({"type":"gossip"})")).has_value());
  EXPECT_FALSE(
      FindingFromJson(boost::json::parse(R"({"type":"escalation","reports":{}})")).has_value());
  EXPECT_FALSE(
      FindingFromJson(boost::json::parse(R"({"type":"escalation","reasons":[{"text":1}]})"))
          .has_value());
  const auto bare = FindingFromJson(boost::json::parse(R"({"type":"escalation"})"));
  ASSERT_TRUE(bare.has_value());
  EXPECT_TRUE(bare->reports.empty());
}

}  // namespace
}  // namespace threadline::linkage::conduct
