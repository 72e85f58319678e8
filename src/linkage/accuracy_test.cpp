// Accuracy regression on the labelled Splink demo data (fake_1000): the
// default configuration must keep pairwise F1 at or above 0.93.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "linkage/column_map.hpp"
#include "linkage/engine.hpp"
#include "linkage/evaluation.hpp"

namespace threadline::linkage {
namespace {

std::string SharedData(const std::string& relative) {
  const char* source = std::getenv("THREADLINE_SOURCE_DIR");
  if (source == nullptr) source = THREADLINE_TEST_SOURCE_DIR;
  const auto path = std::filesystem::path(source) / ".." / "shared" / "data" / "linkage" / relative;
  return std::filesystem::exists(path) ? path.string() : std::string();
}

TEST(AccuracyTest, Fake1000F1AtLeast093) {
  const std::string path = SharedData("splink/fake_1000.csv");
  if (path.empty()) GTEST_SKIP() << "shared linkage data not found";
  auto table = ReadCsvFile(path);
  ASSERT_TRUE(table.ok());
  ColumnMapping mapping;
  mapping.columns = {{"first_name", Role::kGivenName},
                     {"surname", Role::kFamilyName},
                     {"dob", Role::kDob},
                     {"city", Role::kCity},
                     {"email", Role::kEmail}};
  mapping.id_column = "unique_id";
  mapping.truth_column = "cluster";
  auto mapped = MapRecords(*table, mapping);
  ASSERT_TRUE(mapped.ok());
  auto nicknames = NicknameTable::Default();
  ASSERT_TRUE(nicknames.ok());
  const Dataset data = MakeDataset(std::move(mapped->records), *nicknames);
  auto model = TrainModel(data, {}, EngineOptions{});
  ASSERT_TRUE(model.ok());
  auto out = LinkDataset(*model, data, {}, EngineOptions{});
  ASSERT_TRUE(out.ok());
  const auto truth = TruthIds(data.records);
  const auto metrics = EvaluateClusters(out->clusters.cluster_of, truth, data.sources, false);
  EXPECT_EQ(metrics.true_pairs, 2031u);
  EXPECT_GE(metrics.f1, 0.93) << "precision " << metrics.precision << " recall " << metrics.recall;
}

}  // namespace
}  // namespace threadline::linkage
