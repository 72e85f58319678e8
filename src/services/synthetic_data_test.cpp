#include "services/synthetic_data.hpp"

#include <gtest/gtest.h>

#include "../../tests/support/temp_dir.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

std::unique_ptr<store::Store> SeededStore(const std::string& path) {
  auto store = store::OpenSqlite({path});
  EXPECT_TRUE(store.ok());
  EXPECT_TRUE(SeedAgencies(**store, refdata::RefData()).ok());
  return std::move(*store);
}

TEST(SyntheticData, LoadsEverythingGeneratedIntoTheStore) {
  testing::TempDir dir;
  auto store = SeededStore(dir.File("a.db"));
  synth::Config config;
  config.seed = 7;
  config.reports = 300;
  auto counts = GenerateIntoStore(*store, refdata::RefData(), config);
  ASSERT_TRUE(counts.ok()) << counts.error().message << counts.error().log_detail;
  EXPECT_EQ(counts->reports, 300U);
  ASSERT_TRUE(
      store
          ->Read([&](store::ReadTx& tx) {
            EXPECT_EQ(*tx.Count(store::Table::kReports), 300);
            EXPECT_EQ(*tx.Count(store::Table::kPersons), static_cast<int64_t>(counts->persons));
            EXPECT_EQ(*tx.Count(store::Table::kOutcomes), static_cast<int64_t>(counts->outcomes));
            store::ReportFilter f;
            f.limit = 200;
            auto page = tx.ListReports(f);
            for (const auto& r : page->reports) {
              EXPECT_FALSE(r.force_code.empty());
              bool victim = false;
              for (const auto& p : r.parties) {
                EXPECT_TRUE(tx.GetPerson(p.person_id).ok());
                victim = victim || p.role == "victim";
              }
              EXPECT_TRUE(victim);
            }
            return Status::Ok();
          })
          .ok());
}

TEST(SyntheticData, EqualSeedsGiveEqualDatabases) {
  testing::TempDir dir;
  auto a = SeededStore(dir.File("a.db"));
  auto b = SeededStore(dir.File("b.db"));
  synth::Config config;
  config.seed = 11;
  config.reports = 100;
  ASSERT_TRUE(GenerateIntoStore(*a, refdata::RefData(), config).ok());
  ASSERT_TRUE(GenerateIntoStore(*b, refdata::RefData(), config).ok());
  auto first_page = [](store::Store& s) {
    std::vector<std::string> out;
    EXPECT_TRUE(s.Read([&](store::ReadTx& tx) {
                   store::ReportFilter f;
                   f.limit = 100;
                   auto page = tx.ListReports(f);
                   for (const auto& r : page->reports)
                     out.push_back(r.reference + r.occurred_at + r.summary);
                   return page.status();
                 }).ok());
    return out;
  };
  EXPECT_EQ(first_page(*a), first_page(*b));
}

}  // namespace
}  // namespace threadline::services
