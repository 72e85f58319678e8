// The same figures computed two ways must agree exactly on a synthetic year
// of 100,000 reports: the store's aggregation (facts kept on each report,
// grouped in SQL) and a straightforward recount over the generated records.
// The recount below shares no code with src/reporting: it reads the
// definitions as docs/measures.md writes them.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "../../tests/support/temp_dir.hpp"
#include "reporting/stats.hpp"
#include "services/dataset_loader.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "synth/synth.hpp"

namespace threadline::reporting {
namespace {

struct Truth {
  int64_t reports = 0, recorded = 0, suspect = 0, charged = 0, trial = 0, convicted = 0;
  int64_t screened = 0, screened_stalking = 0, not_recorded = 0, included = 0, rescreened = 0;
  std::map<std::string, int64_t> family;
};

bool Stalking(const std::string& code) { return code == "stalking_s2a" || code == "stalking_s4a"; }

std::string Family(const std::string& code) {
  if (Stalking(code)) return "Stalking (s2A or s4A)";
  if (code == "harassment_s2" || code == "harassment_s4") return "Harassment (s2 or s4)";
  if (code == "malicious_communications") return "Malicious communications";
  if (code == "coercive_control") return "Controlling or coercive behaviour";
  if (code == "neighbour_dispute" || code == "not_recorded") return "Not recorded as a crime";
  return "Another crime";
}

class TwoWaysTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto opened = store::OpenSqlite({dir_->File("year.db")});
    ASSERT_TRUE(opened.ok());
    store_ = opened->release();
    const refdata::RefData data;
    ASSERT_TRUE(services::SeedAgencies(*store_, data).ok());
    ASSERT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      auto a = tx.ListAgencies();
                      if (a.ok()) agencies_ = *a;
                      return a.status();
                    })
                    .ok());
    synth::Config config;
    config.seed = 20260401;
    config.reports = 100'000;
    auto generated = synth::Generate(config, data, agencies_);
    ASSERT_TRUE(generated.ok()) << generated.error().message;
    dataset_ = new synth::Dataset(std::move(*generated));
    ASSERT_TRUE(
        services::LoadDataset(*store_, dataset_->persons, dataset_->reports, dataset_->outcomes)
            .ok());
    // The synthetic data has no screenings: screen every ninth report, some
    // finding stalking as principal, some as included, some twice.
    screenings_ = new std::vector<domain::Screening>();
    for (size_t i = 0; i < dataset_->reports.size(); i += 9) {
      static const std::vector<std::vector<std::string>> kResults = {
          {"stalking_s2a", "harassment_s2"},
          {"harassment_s2", "stalking_s4a"},
          {"malicious_communications"},
          {"stalking_s4a"}};
      domain::Screening s;
      s.id = domain::NewId();
      s.report_id = dataset_->reports[i].id;
      s.questionnaire_version = "v1";
      s.answers_json = s.result_json = "{}";
      s.classifications = kResults[(i / 9) % kResults.size()];
      s.principal = s.classifications.front();
      s.risk_level = "standard";
      s.created_at = dataset_->reports[i].occurred_at;
      screenings_->push_back(s);
      if ((i / 9) % 5 == 0) {
        domain::Screening again = s;
        again.id = domain::NewId();
        again.previous_id = s.id;
        again.classifications = {"stalking_s2a"};
        again.principal = "stalking_s2a";
        screenings_->push_back(again);
      }
    }
    ASSERT_TRUE(store_
                    ->Write([&](store::WriteTx& tx) -> Status {
                      for (const auto& s : *screenings_) {
                        if (Status st = tx.InsertScreening(s); !st.ok()) return st;
                      }
                      return Status::Ok();
                    })
                    .ok());
  }
  static void TearDownTestSuite() {
    delete screenings_;
    delete dataset_;
    delete store_;
    delete dir_;
  }

  // The recount: every report of the forces (empty: all) in [from, to].
  static Truth Recount(const std::set<domain::Id>& forces, const Period& p) {
    std::unordered_set<domain::Id> named;
    for (const auto& person : dataset_->persons) {
      if (!person.family_name.empty()) named.insert(person.id);
    }
    std::unordered_map<domain::Id, std::set<std::string>> outcomes;
    for (const auto& o : dataset_->outcomes) outcomes[o.report_id].insert(o.kind);
    std::unordered_map<domain::Id, std::vector<const domain::Screening*>> screened;
    for (const auto& s : *screenings_) screened[s.report_id].push_back(&s);
    const std::string from = p.from + "T00:00:00Z";
    const std::string to = p.to + "T23:59:59Z";
    Truth t;
    for (const auto& r : dataset_->reports) {
      if (!forces.empty() && forces.count(r.force_id) == 0) continue;
      if (r.occurred_at < from || r.occurred_at > to) continue;
      ++t.reports;
      ++t.family[Family(r.recorded_as)];
      bool found = false, included = false, again = false;
      for (const auto* s : screened[r.id]) {
        if (Stalking(s->principal)) found = true;
        for (const auto& c : s->classifications) {
          if (c != s->principal && Stalking(c)) included = true;
        }
        if (!s->previous_id.empty()) again = true;
      }
      found = found || included;
      if (!screened[r.id].empty()) ++t.screened;
      if (found) ++t.screened_stalking;
      if (found && !Stalking(r.recorded_as)) ++t.not_recorded;
      if (included) ++t.included;
      if (again) ++t.rescreened;
      if (!Stalking(r.recorded_as) && !found) continue;
      ++t.recorded;
      const auto& o = outcomes[r.id];
      bool identified = false;
      for (const auto& party : r.parties) {
        if (party.role == "suspect" && named.count(party.person_id) != 0) identified = true;
      }
      for (const char* k : {"suspect_identified", "arrested", "charged", "cautioned", "trial",
                            "convicted", "acquitted"}) {
        if (o.count(k) != 0) identified = true;
      }
      if (!identified) continue;
      ++t.suspect;
      if (o.count("charged") == 0) continue;
      ++t.charged;
      if (o.count("trial") == 0 && o.count("convicted") == 0 && o.count("acquitted") == 0) continue;
      ++t.trial;
      if (o.count("convicted") != 0) ++t.convicted;
    }
    return t;
  }

  static Measure Sql(const std::string& measure, const std::set<domain::Id>& forces,
                     const Period& p) {
    StatsRequest req;
    req.measure = measure;
    req.period = p;
    req.force_ids.assign(forces.begin(), forces.end());
    req.today = "2026-01-01";
    auto ref = Reference::Load(refdata::RefData());
    Measure m;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) -> Status {
                      auto got = Compute(tx, req, *ref);
                      if (got.ok()) m = std::move(*got);
                      return got.status();
                    })
                    .ok());
    return m;
  }

  static int64_t Value(const Measure& m, const std::string& series, const std::string& row,
                       const std::string& key = "count") {
    for (const auto& s : m.series) {
      if (s.id != series) continue;
      size_t column = 0;
      while (column < s.columns.size() && s.columns[column].key != key) ++column;
      for (const auto& r : s.rows) {
        if (std::get<std::string>(r.cells[0]) == row && column < r.cells.size()) {
          return std::get<int64_t>(r.cells[column]);
        }
      }
    }
    ADD_FAILURE() << series << "/" << row << " not found";
    return -1;
  }

  domain::Id Force(const std::string& code) {
    for (const auto& a : agencies_) {
      if (a.code == code) return a.id;
    }
    return {};
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline store::Store* store_ = nullptr;
  static inline std::vector<domain::Agency> agencies_;
  static inline synth::Dataset* dataset_ = nullptr;
  static inline std::vector<domain::Screening>* screenings_ = nullptr;
};

TEST_F(TwoWaysTest, FunnelAndQualityAgreeForEveryScopeAndPeriod) {
  std::set<domain::Id> north_west;
  for (const auto& a : agencies_) {
    if (a.kind == "police_force" && a.region == "North West") north_west.insert(a.id);
  }
  const std::vector<std::set<domain::Id>> scopes = {{}, {Force("met")}, north_west};
  const std::vector<Period> periods = {
      {"2024-04-01", "2025-03-31"}, {"2024-07-01", "2024-09-30"}, {"2024-12-25", "2024-12-25"}};
  int64_t seen = 0;
  for (const auto& scope : scopes) {
    for (const auto& period : periods) {
      SCOPED_TRACE(period.from + ".." + period.to + " forces " + std::to_string(scope.size()));
      const Truth t = Recount(scope, period);
      const Measure f = Sql("funnel", scope, period);
      EXPECT_EQ(Value(f, "funnel", "Reports"), t.reports);
      EXPECT_EQ(Value(f, "funnel", "Recorded as stalking"), t.recorded);
      EXPECT_EQ(Value(f, "funnel", "Suspect identified"), t.suspect);
      EXPECT_EQ(Value(f, "funnel", "Charged"), t.charged);
      EXPECT_EQ(Value(f, "funnel", "Reached trial"), t.trial);
      EXPECT_EQ(Value(f, "funnel", "Convicted"), t.convicted);
      const Measure q = Sql("quality", scope, period);
      EXPECT_EQ(Value(q, "screening", "Screened"), t.screened);
      EXPECT_EQ(Value(q, "hidden_stalking",
                      "Screened as stalking, recorded as something else (reclassify)"),
                t.not_recorded);
      EXPECT_EQ(Value(q, "hidden_stalking", "Stalking included under another principal crime"),
                t.included);
      EXPECT_EQ(Value(q, "hidden_stalking", "Screened again after new information"), t.rescreened);
      int64_t families = 0;
      for (const auto& [family, n] : t.family) {
        EXPECT_EQ(Value(q, "recorded_as", family), n) << family;
        families += n;
      }
      EXPECT_EQ(families, t.reports);
      seen += t.reports;
    }
  }
  // The year must be a real one: most of the 100,000 reports fall in it.
  const Truth year = Recount({}, periods[0]);
  EXPECT_GT(year.reports, 90'000);
  EXPECT_GT(year.charged, 100);
  EXPECT_GT(year.included, 1000);
  EXPECT_GT(seen, year.reports);
}

}  // namespace
}  // namespace threadline::reporting
