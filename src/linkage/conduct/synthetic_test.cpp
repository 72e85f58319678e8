// Course-of-conduct grouping scored against synthetic ground truth: 5,000
// reports (seed 4242), persons resolved by the hidden truth (oracle) and by
// the real identity-resolution engine trained on the same persons.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "linkage/conduct/conduct.hpp"
#include "linkage/conduct/evaluation.hpp"
#include "linkage/engine.hpp"
#include "linkage/record.hpp"
#include "synth/synth.hpp"

namespace threadline::linkage::conduct {
namespace {

class SyntheticTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    refdata::RefData refdata;
    auto agencies = synth::MakeAgencies(refdata, 4242);
    ASSERT_TRUE(agencies.ok());
    synth::Config config;
    config.seed = 4242;
    config.reports = 5000;
    auto data = synth::Generate(config, refdata, *agencies);
    ASSERT_TRUE(data.ok()) << data.error().message;
    data_ = new synth::Dataset(std::move(*data));
    // Reports read from the store carry their force code; Generate leaves it
    // to the reader, so fill it here from the agencies.
    std::map<std::string, std::string> code;
    for (const auto& a : data_->agencies) code[a.id] = a.code;
    for (auto& r : data_->reports) r.force_code = code[r.force_id];
  }
  static void TearDownTestSuite() { delete data_; }

  static EntityMap Oracle() {
    EntityMap m;
    for (size_t i = 0; i < data_->persons.size(); ++i) {
      m[data_->persons[i].id] = data_->person_entity[i];
    }
    return m;
  }

  static Result<EntityMap> RealLinkage() {
    auto nicknames = NicknameTable::Default();
    if (!nicknames.ok()) return nicknames.error();
    std::vector<InputRecord> records;
    for (const auto& p : data_->persons) records.push_back(FromPerson(p));
    const Dataset data = MakeDataset(std::move(records), *nicknames);
    auto model = TrainModel(data, {}, EngineOptions{});
    if (!model.ok()) return model.error();
    auto out = LinkDataset(*model, data, {}, EngineOptions{});
    if (!out.ok()) return out.error();
    EntityMap m;
    for (size_t i = 0; i < data_->persons.size(); ++i) {
      m[data_->persons[i].id] = "L" + std::to_string(out->clusters.cluster_of[i]);
    }
    return m;
  }

  static CourseEvaluation Score(const EntityMap& entities, const char* label) {
    const Input in{data_->reports, data_->persons, &entities};
    auto g = GroupCourses(in, Options{});
    EXPECT_TRUE(g.ok());
    std::vector<std::string> force;
    for (const auto& r : data_->reports) force.push_back(r.force_code);
    const auto e = EvaluateCourses(CourseLabels(*g), data_->report_course, force);
    for (auto [name, m] : {std::pair{"all", e.all}, std::pair{"cross-force", e.cross_force}}) {
      std::printf(
          "[%s %s] courses true %zu predicted %zu | exact P %.4f R %.4f | pairwise P %.4f R "
          "%.4f\n",
          label, name, m.true_courses, m.predicted_courses, m.exact_precision, m.exact_recall,
          m.pair_precision, m.pair_recall);
    }
    return e;
  }

  static synth::Dataset* data_;
};
synth::Dataset* SyntheticTest::data_ = nullptr;

TEST_F(SyntheticTest, OracleResolutionFindsTrueCourses) {
  const auto e = Score(Oracle(), "oracle");
  EXPECT_GE(e.all.true_courses, 500u);
  EXPECT_GE(e.all.exact_recall, 0.95);
  EXPECT_GE(e.all.exact_precision, 0.95);
  EXPECT_GE(e.all.pair_recall, 0.95);
  EXPECT_GE(e.all.pair_precision, 0.95);
  EXPECT_GE(e.cross_force.true_courses, 50u);
  EXPECT_GE(e.cross_force.exact_recall, 0.95);
  EXPECT_GE(e.cross_force.exact_precision, 0.95);
}

TEST_F(SyntheticTest, RealLinkageFigures) {
  auto entities = RealLinkage();
  ASSERT_TRUE(entities.ok()) << entities.error().message;
  const auto e = Score(*entities, "linkage");
  // Floors under the measured figures, so a regression in either engine
  // shows here; the figures move with the linkage engine and are printed
  // above (seed 4242, as of this change: exact P 0.991 R 0.988, pairwise
  // P 0.999 R 0.997; cross-force exact P 1.00 R 0.973, pairwise R 0.988).
  EXPECT_GE(e.all.exact_recall, 0.95);
  EXPECT_GE(e.all.exact_precision, 0.95);
  EXPECT_GE(e.all.pair_recall, 0.95);
  EXPECT_GE(e.all.pair_precision, 0.98);
  EXPECT_GE(e.cross_force.exact_recall, 0.95);
  EXPECT_GE(e.cross_force.exact_precision, 0.95);
}

TEST_F(SyntheticTest, DefaultClassifierAgainstStalkingTruth) {
  const EntityMap entities = Oracle();
  const Input in{data_->reports, data_->persons, &entities};
  auto g = GroupCourses(in, Options{});
  ASSERT_TRUE(g.ok());
  size_t tp = 0, fp = 0, fn = 0, tn = 0;
  for (const auto& c : g->courses) {
    std::vector<const domain::Report*> reports;
    for (uint32_t r : c.reports) reports.push_back(&data_->reports[r]);
    const bool said = DefaultClassifier(reports).stalking;
    const bool truth = data_->report_is_stalking_pattern[c.reports.front()];
    (said ? (truth ? tp : fp) : (truth ? fn : tn)) += 1;
  }
  const double precision = static_cast<double>(tp) / static_cast<double>(tp + fp);
  const double recall = static_cast<double>(tp) / static_cast<double>(tp + fn);
  std::printf("[classifier] stalking courses P %.4f R %.4f (tp %zu fp %zu fn %zu tn %zu)\n",
              precision, recall, tp, fp, fn, tn);
  EXPECT_GE(recall, 0.8);
}

TEST_F(SyntheticTest, SerialPerpetratorsAgainstTruth) {
  const EntityMap entities = Oracle();
  const Input in{data_->reports, data_->persons, &entities};
  auto g = GroupCourses(in, Options{});
  ASSERT_TRUE(g.ok());
  const auto findings = FindFindings(in, *g, Options{}, DefaultClassifier);
  // Truth: suspect entities named against two or more victim entities
  // (the whole synthetic timeline is well inside three years).
  std::map<std::string, std::set<std::string>> victims_of;
  for (const auto& r : data_->reports) {
    std::string victim, suspect;
    for (const auto& p : r.parties) {
      if (p.role == "victim" && victim.empty()) victim = entities.at(p.person_id);
      if (p.role == "suspect" && suspect.empty()) suspect = entities.at(p.person_id);
    }
    if (!victim.empty() && !suspect.empty()) victims_of[suspect].insert(victim);
  }
  size_t serial = 0;
  for (const auto& [s, v] : victims_of) serial += v.size() >= 2 ? 1 : 0;
  const auto found = FilterFindings(findings, "", FindingType::kSerialPerpetrator);
  std::printf("[serial] true serial suspects %zu, findings %zu, findings total %zu\n", serial,
              found.size(), findings.size());
  EXPECT_GT(serial, 0u);
  EXPECT_EQ(found.size(), serial);
  for (const auto& f : findings) EXPECT_FALSE(f.reasons.empty()) << f.id;
}

}  // namespace
}  // namespace threadline::linkage::conduct
