#include "services/link_chart.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace threadline::services::chart {
namespace {

chart::PersonSeen Visible(const std::string& id, const std::string& given,
                          std::vector<std::string> phones = {}) {
  chart::PersonSeen p;
  p.id = id;
  p.visible = true;
  p.agency_code = "met";
  p.given_name = given;
  p.phones = std::move(phones);
  p.basis = "own agency";
  return p;
}

const Node* Find(const Chart& c, const std::string& id) {
  const auto it =
      std::find_if(c.nodes.begin(), c.nodes.end(), [&](const Node& n) { return n.id == id; });
  return it == c.nodes.end() ? nullptr : &*it;
}

size_t Count(const Chart& c, const std::string& kind) {
  return static_cast<size_t>(
      std::count_if(c.edges.begin(), c.edges.end(), [&](const Edge& e) { return e.kind == kind; }));
}

// A victim recorded twice (two records, linked), each time with a suspect
// known only by a phone written two ways, in two forces.
Input TwoReports() {
  Input in;
  in.root = "v1";
  in.persons = {Visible("s2", "", {"+44 7700 900123"}), Visible("v1", "Quinn"),
                Visible("v2", "Quinn"), Visible("s1", "", {"07700 900123"})};
  in.reports = {
      {"r2",
       "KENT-2",
       "2026-03-01T10:00:00Z",
       "harassment_s2",
       "kent",
       {{"victim", "v2"}, {"suspect", "s2"}}},
      {"r1",
       "MET-1",
       "2026-01-01T10:00:00Z",
       "malicious_communications",
       "met",
       {{"victim", "v1"}, {"suspect", "s1"}}},
  };
  in.links = {{"v1", "v2", 0.97, 11.5}};
  in.forces = {{"a1", "met", "Metropolitan Police Service", "police_force", "London"}};
  return in;
}

TEST(LinkChart, TheRootComesFirstAndReportsInTimeOrderWithTheirPartiesAndForces) {
  const Chart c = BuildChart(TwoReports());
  ASSERT_FALSE(c.nodes.empty());
  EXPECT_EQ(c.nodes[0].id, "person:v1");
  EXPECT_TRUE(c.nodes[0].root);
  EXPECT_EQ(c.nodes[0].roles, std::vector<std::string>{"victim"});
  std::vector<std::string> reports;
  for (const auto& n : c.nodes) {
    if (n.kind == NodeKind::kReport) reports.push_back(n.reference);
  }
  EXPECT_EQ(reports, (std::vector<std::string>{"MET-1", "KENT-2"}));
  EXPECT_EQ(Count(c, "party_of"), 4u);
  EXPECT_EQ(Count(c, "recorded_by"), 2u);
  ASSERT_NE(Find(c, "force:met"), nullptr);
  EXPECT_EQ(Find(c, "force:met")->name, "Metropolitan Police Service");
  ASSERT_NE(Find(c, "force:kent"), nullptr);
  EXPECT_EQ(Find(c, "force:kent")->name, "kent");  // not among the agencies given: its code
  const auto party = std::find_if(c.edges.begin(), c.edges.end(), [](const Edge& e) {
    return e.kind == "party_of" && e.source == "person:s2";
  });
  ASSERT_NE(party, c.edges.end());
  EXPECT_EQ(party->target, "report:r2");
  EXPECT_EQ(party->role, "suspect");
}

TEST(LinkChart, AnIdentifierWrittenTwoWaysIsOneNodeSharedByBothHolders) {
  const Chart c = BuildChart(TwoReports());
  std::vector<const Node*> identifiers;
  for (const auto& n : c.nodes) {
    if (n.kind == NodeKind::kIdentifier) identifiers.push_back(&n);
  }
  ASSERT_EQ(identifiers.size(), 1u);
  EXPECT_EQ(identifiers[0]->identifier_kind, "phone");
  EXPECT_EQ(identifiers[0]->holders, 2u);
  EXPECT_EQ(identifiers[0]->value, "+44 7700 900123");  // as first recorded
  EXPECT_EQ(identifiers[0]->id.find("7700"), std::string::npos) << "no value in an id";
  EXPECT_EQ(Count(c, "has_identifier"), 2u);
}

TEST(LinkChart, SamePersonLinksAreKeptOnceAndOnlyBetweenRecordsCharted) {
  Input in = TwoReports();
  in.links.push_back({"v2", "v1", 0.97, 11.5});     // the same pair, the other way
  in.links.push_back({"v1", "elsewhere", 0.8, 4});  // not charted
  in.links.push_back({"s1", "s1", 1, 20});          // itself
  in.links.push_back({"s1", "s2", 0.6, 1.2});
  const Chart c = BuildChart(in);
  ASSERT_EQ(Count(c, "same_person"), 2u);
  const Edge& last = c.edges.back();
  EXPECT_EQ(last.kind, "same_person");
  EXPECT_EQ(last.source, "person:s1");
  EXPECT_EQ(last.target, "person:s2");
  EXPECT_DOUBLE_EQ(last.probability, 0.6);
  EXPECT_EQ(Find(c, "person:elsewhere"), nullptr);
}

TEST(LinkChart, RecordsNotSharedArePointersAndWithheldFieldsStayListed) {
  Input in = TwoReports();
  in.persons[0].visible = false;  // s2: another agency's record
  in.persons[2].phones.clear();   // v2: contact details withheld
  in.persons[2].withheld = {{"phones", "withheld under agreement KENT-MET-1"}};
  in.reports[0].parties.push_back({"witness", "w9"});  // a party never read
  const Chart c = BuildChart(in);
  const Node* s2 = Find(c, "person:s2");
  ASSERT_NE(s2, nullptr);
  EXPECT_FALSE(s2->visible);
  EXPECT_EQ(s2->roles, std::vector<std::string>{"suspect"});
  const Node* w9 = Find(c, "person:w9");
  ASSERT_NE(w9, nullptr);
  EXPECT_FALSE(w9->visible);
  const Node* v2 = Find(c, "person:v2");
  ASSERT_NE(v2, nullptr);
  ASSERT_EQ(v2->withheld.size(), 1u);
  EXPECT_EQ(v2->withheld[0].reason, "withheld under agreement KENT-MET-1");
  // The hidden suspect's phone is not charted: only s1 holds it now.
  EXPECT_EQ(Count(c, "has_identifier"), 1u);
}

}  // namespace
}  // namespace threadline::services::chart
