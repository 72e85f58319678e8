// RFGV harm ranking: the shipped bands and weights, the look-back window,
// the serial flag, ordering, and refusal of bad reference data.
#include "risk/harm_ranking.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "domain/vocabulary.hpp"

namespace threadline::risk {
namespace {

const RfgvModel& Shipped() {
  static const Result<RfgvModel> m = RfgvModel::Load(refdata::RefData());
  if (!m.ok()) ADD_FAILURE() << m.error().message;
  return m.value();
}

uint16_t Offence(std::string_view code) {
  const auto i = Shipped().weights.Index(code);
  EXPECT_TRUE(i) << code;
  return i.value_or(0);
}

constexpr int32_t kToday = 20600;  // days since 1970-01-01

HarmIncident At(uint64_t perp, uint64_t victim, int age, std::string_view offence) {
  return HarmIncident{perp, victim, kToday - age, Offence(offence)};
}

bool HasError(const Error& e, std::string_view field, std::string_view text) {
  for (const auto& f : e.fields) {
    if (f.field == field && f.message.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string ErrorList(const Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += "\n  " + f.field + ": " + f.message;
  return out;
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

std::string ShippedBands() { return *refdata::RefData().Read("risk/rfgv-v1.json"); }

// A minimal valid weight table: every recorded-as code weighs one day.
std::string MinimalWeights(std::string_view skip = "") {
  std::string csv = "code,weight_days,basis\n";
  for (const auto& c : domain::RecordedAsCodes()) {
    if (c.code != skip) csv += std::string(c.code) + ",1,test\n";
  }
  return csv;
}

std::vector<uint64_t> Order(const std::vector<RfgvScore>& scores) {
  std::vector<uint64_t> out;
  out.reserve(scores.size());
  for (const auto& s : scores) out.push_back(s.perpetrator);
  return out;
}

TEST(HarmRanking, ShippedModelLoadsWithBothVersions) {
  const RfgvModel& m = Shipped();
  EXPECT_EQ(m.version(), "rfgv-v1+harm-weights-v1");
  EXPECT_EQ(m.config.lookback_days, 1095);
  EXPECT_EQ(m.config.serial_min_victims, 2);
  for (const auto& c : domain::RecordedAsCodes()) EXPECT_TRUE(m.weights.Index(c.code)) << c.code;
  EXPECT_EQ(m.weights.size(), domain::RecordedAsCodes().size());
}

TEST(HarmRanking, ShippedWeightsFollowTheSeriousnessOfTheOffences) {
  const HarmWeights& w = Shipped().weights;
  auto weight = [&](std::string_view code) { return w.Weight(Offence(code)); };
  EXPECT_EQ(weight("stalking_s4a"), 365);
  EXPECT_GT(weight("stalking_s4a"), weight("harassment_s4"));
  EXPECT_GT(weight("harassment_s4"), weight("stalking_s2a"));
  EXPECT_GT(weight("stalking_s2a"), weight("harassment_s2"));
  EXPECT_GT(weight("harassment_s2"), weight("malicious_communications"));
  EXPECT_GT(weight("malicious_communications"), weight("not_recorded"));
  EXPECT_GT(weight("not_recorded"), 0);
  EXPECT_FALSE(w.Index("burglary"));
  EXPECT_EQ(w.Weight(60000), 0.0);
}

TEST(HarmRanking, ShippedBandsGivePointsAtTheirEdges) {
  const RfgvConfig& c = Shipped().config;
  EXPECT_EQ(c.RecencyPoints(0), 10);
  EXPECT_EQ(c.RecencyPoints(28), 10);
  EXPECT_EQ(c.RecencyPoints(29), 8);
  EXPECT_EQ(c.RecencyPoints(365), 4);
  EXPECT_EQ(c.RecencyPoints(1094), 1);
  EXPECT_EQ(c.RecencyPoints(1095), 0);
  EXPECT_EQ(c.FrequencyPoints(0), 0);
  EXPECT_EQ(c.FrequencyPoints(1), 1);
  EXPECT_EQ(c.FrequencyPoints(4), 4);
  EXPECT_EQ(c.FrequencyPoints(11), 8);
  EXPECT_EQ(c.FrequencyPoints(500), 10);
  EXPECT_EQ(c.GravityPoints(0.5), 0);
  EXPECT_EQ(c.GravityPoints(1), 1);
  EXPECT_EQ(c.GravityPoints(729.9), 8);
  EXPECT_EQ(c.GravityPoints(730), 10);
  EXPECT_EQ(c.VictimPoints(1), 1);
  EXPECT_EQ(c.VictimPoints(2), 5);
  EXPECT_EQ(c.VictimPoints(4), 8);
  EXPECT_EQ(c.VictimPoints(5), 10);
}

TEST(HarmRanking, ScoresAPerpetratorByHandOverTheWindow) {
  const std::vector<HarmIncident> in = {
      At(7, 100, 12, "stalking_s4a"),               // 365
      At(7, 100, 40, "harassment_s2"),              // 28
      At(7, 200, 300, "malicious_communications"),  // 14
      At(7, 100, 1000, "stalking_s2a"),             // 84
      At(7, 300, 1095, "criminal_damage"),          // just outside the window
      At(7, 300, -1, "assault"),                    // after today
  };
  const auto scores = RankPerpetrators(in, Shipped(), kToday, 0);
  ASSERT_EQ(scores.size(), 1U);
  const RfgvScore& s = scores[0];
  EXPECT_EQ(s.perpetrator, 7U);
  EXPECT_EQ(s.days_since_last, 12);
  EXPECT_EQ(s.incidents, 4);
  EXPECT_EQ(s.gravity, 491.0);
  EXPECT_EQ(s.victims, 2);
  EXPECT_EQ(s.recency_points, 10);
  EXPECT_EQ(s.frequency_points, 4);
  EXPECT_EQ(s.gravity_points, 8);
  EXPECT_EQ(s.victim_points, 5);
  EXPECT_EQ(s.score, 27);
  EXPECT_TRUE(s.serial);
  EXPECT_EQ(ExplainScore(s, Shipped()),
            "R 10 (last incident 12 days ago) + F 4 (4 incidents) + G 8 (harm 491 days) + V 5 "
            "(2 victims) = 27; serial perpetrator [rfgv-v1+harm-weights-v1]");
}

TEST(HarmRanking, LookBackWindowIsTodayAndTheDaysBeforeIt) {
  const std::vector<HarmIncident> in = {
      At(1, 10, 1094, "stalking_s2a"),  // the oldest day in the window
      At(2, 20, 1095, "stalking_s2a"),  // one day too old
      At(3, 30, -1, "stalking_s2a"),    // tomorrow
      At(4, 40, 0, "not_recorded"),     // today
  };
  const auto scores = RankPerpetrators(in, Shipped(), kToday, 0);
  EXPECT_EQ(Order(scores), (std::vector<uint64_t>{4, 1}));
  EXPECT_EQ(scores[1].days_since_last, 1094);
  EXPECT_EQ(scores[1].recency_points, 1);
  EXPECT_EQ(ExplainScore(scores[0], Shipped()),
            "R 10 (last incident today) + F 1 (1 incident) + G 1 (harm 1 day) + V 1 (1 victim) = "
            "13 [rfgv-v1+harm-weights-v1]");
}

TEST(HarmRanking, SerialMeansTwoVictimsInsideTheWindow) {
  const std::vector<HarmIncident> in = {
      At(1, 10, 5, "harassment_s2"), At(1, 10, 50, "harassment_s2"),    // one victim, twice
      At(2, 20, 5, "harassment_s2"), At(2, 21, 50, "harassment_s2"),    // two victims
      At(3, 30, 5, "harassment_s2"), At(3, 31, 1200, "harassment_s2"),  // second one too old
  };
  std::map<uint64_t, RfgvScore> by_id;
  for (const auto& s : RankPerpetrators(in, Shipped(), kToday, 0)) by_id[s.perpetrator] = s;
  EXPECT_FALSE(by_id.at(1).serial);
  EXPECT_EQ(by_id.at(1).victims, 1);
  EXPECT_EQ(by_id.at(1).incidents, 2);
  EXPECT_TRUE(by_id.at(2).serial);
  EXPECT_EQ(by_id.at(2).victims, 2);
  EXPECT_FALSE(by_id.at(3).serial);
  EXPECT_EQ(by_id.at(3).incidents, 1);
}

TEST(HarmRanking, TiesGoToTheMostRecentThenTheLowerId) {
  // Same offences, victims and counts: the same score. 5 and 20 days both
  // earn full recency points, so only the tie-breaks separate them.
  const std::vector<HarmIncident> in = {
      At(5, 1, 20, "stalking_s2a"), At(3, 2, 20, "stalking_s2a"), At(9, 3, 5, "stalking_s2a"),
      At(8, 4, 400, "harassment_s2"),  // lower score
  };
  const auto all = RankPerpetrators(in, Shipped(), kToday, 0);
  ASSERT_EQ(all.size(), 4U);
  EXPECT_EQ(all[0].score, all[1].score);
  EXPECT_EQ(all[1].score, all[2].score);
  EXPECT_GT(all[2].score, all[3].score);
  EXPECT_EQ(Order(all), (std::vector<uint64_t>{9, 3, 5, 8}));

  EXPECT_EQ(Order(RankPerpetrators(in, Shipped(), kToday, 2)), (std::vector<uint64_t>{9, 3}));
  EXPECT_EQ(Order(RankPerpetrators(in, Shipped(), kToday, 1)), (std::vector<uint64_t>{9}));
  EXPECT_EQ(Order(RankPerpetrators(in, Shipped(), kToday, 10)), Order(all));
  EXPECT_TRUE(RankPerpetrators({}, Shipped(), kToday, 3).empty());
}

TEST(HarmRanking, AnIndexOutsideTheTableWeighsNothing) {
  const std::vector<HarmIncident> in = {HarmIncident{1, 1, kToday, 60000}};
  const auto scores = RankPerpetrators(in, Shipped(), kToday, 0);
  ASSERT_EQ(scores.size(), 1U);
  EXPECT_EQ(scores[0].gravity, 0.0);
  EXPECT_EQ(scores[0].gravity_points, 0);
}

// The sort-based ranking against the obvious map-of-sets one, on random
// data with many ties, and independent of the input order.
TEST(HarmRanking, AgreesWithANaiveRankingOnRandomIncidents) {
  const RfgvModel& m = Shipped();
  std::mt19937_64 rng(12345);
  std::vector<HarmIncident> in;
  in.reserve(20000);
  for (int i = 0; i < 20000; ++i) {
    in.push_back(HarmIncident{rng() % 3000, rng() % 50,
                              kToday + 30 - static_cast<int32_t>(rng() % 1300),
                              static_cast<uint16_t>(rng() % m.weights.size())});
  }
  struct Acc {
    std::set<uint64_t> victims;
    int incidents = 0;
    int32_t last = INT32_MIN;
    double gravity = 0;
  };
  std::map<uint64_t, Acc> naive;
  for (const auto& i : in) {
    if (i.day > kToday || kToday - i.day >= m.config.lookback_days) continue;
    Acc& a = naive[i.perpetrator];
    a.victims.insert(i.victim);
    ++a.incidents;
    a.last = std::max(a.last, i.day);
    a.gravity += m.weights.Weight(i.offence);
  }
  const auto fast = RankPerpetrators(in, m, kToday, 0);
  ASSERT_EQ(fast.size(), naive.size());
  for (size_t k = 0; k < fast.size(); ++k) {
    const RfgvScore& s = fast[k];
    const Acc& a = naive.at(s.perpetrator);
    ASSERT_EQ(s.incidents, a.incidents);
    ASSERT_EQ(s.victims, static_cast<int>(a.victims.size()));
    ASSERT_EQ(s.days_since_last, kToday - a.last);
    ASSERT_DOUBLE_EQ(s.gravity, a.gravity);
    ASSERT_EQ(s.score, m.config.RecencyPoints(kToday - a.last) +
                           m.config.FrequencyPoints(a.incidents) +
                           m.config.GravityPoints(a.gravity) +
                           m.config.VictimPoints(static_cast<int>(a.victims.size())));
    if (k > 0) {
      const RfgvScore& p = fast[k - 1];
      ASSERT_TRUE(p.score > s.score ||
                  (p.score == s.score &&
                   (p.days_since_last < s.days_since_last ||
                    (p.days_since_last == s.days_since_last && p.perpetrator < s.perpetrator))));
    }
  }
  std::shuffle(in.begin(), in.end(), rng);
  const auto shuffled = RankPerpetrators(in, m, kToday, 0);
  ASSERT_EQ(Order(shuffled), Order(fast));
  for (size_t k = 0; k < fast.size(); ++k) ASSERT_EQ(shuffled[k].gravity, fast[k].gravity);

  const auto top = RankPerpetrators(in, m, kToday, 100);
  ASSERT_EQ(top.size(), 100U);
  EXPECT_TRUE(std::equal(top.begin(), top.end(), fast.begin(), [](const auto& a, const auto& b) {
    return a.perpetrator == b.perpetrator && a.score == b.score;
  }));
}

TEST(HarmRanking, WeightTableAcceptsExtraCodesAndQuotedText) {
  const auto w = HarmWeights::FromCsv(
      "# local table\n" + MinimalWeights() + "hocr_8q,2.5,\"stalking, any\"\n", "local-v3");
  ASSERT_TRUE(w.ok()) << ErrorList(w.error());
  EXPECT_EQ(w->version(), "local-v3");
  EXPECT_EQ(w->Weight(*w->Index("hocr_8q")), 2.5);
  EXPECT_EQ(w->code(*w->Index("hocr_8q")), "hocr_8q");
}

TEST(HarmWeightsErrors, BadWeightNamesTheLine) {
  auto w = HarmWeights::FromCsv("code,weight_days,basis\n# note\nstalking_s2a,abc,x\n", "t");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasError(w.error(), "line 3", "the weight of 'stalking_s2a' must be a number"))
      << ErrorList(w.error());
  EXPECT_NE(w.error().message.find("line 3"), std::string::npos) << w.error().message;

  w = HarmWeights::FromCsv("code,weight_days,basis\ntheft,-1,x\n", "t");
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(HasError(w.error(), "line 2", "from 0 to 100000")) << ErrorList(w.error());
}

TEST(HarmWeightsErrors, RefusesDuplicatesBadCodesMissingHeaderAndMissingCodes) {
  const std::string minimal = MinimalWeights();
  const std::string next_line =
      "line " + std::to_string(std::count(minimal.begin(), minimal.end(), '\n') + 1);
  auto w = HarmWeights::FromCsv(MinimalWeights() + "theft,3,again\n", "t");
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(HasError(w.error(), next_line, "'theft' is listed twice")) << ErrorList(w.error());

  w = HarmWeights::FromCsv(MinimalWeights() + "Stalking S2A,3,x\n", "t");
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(HasError(w.error(), next_line, "'Stalking S2A' is not a code"))
      << ErrorList(w.error());

  w = HarmWeights::FromCsv("theft,3,x\n", "t");
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(HasError(w.error(), "line 1", "header code,weight_days,basis"))
      << ErrorList(w.error());

  w = HarmWeights::FromCsv(MinimalWeights("theft"), "t");
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(HasError(w.error(), "code", "'theft' (a report \"recorded as\" code) has no weight"))
      << ErrorList(w.error());

  w = HarmWeights::FromCsv("# nothing\n", "t");
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(HasError(w.error(), "header", "the table is empty")) << ErrorList(w.error());
}

TEST(RfgvConfigErrors, BandsMustBeInOrderAndMonotone) {
  auto c = RfgvConfig::FromJson(Replace(ShippedBands(), R"({"within_days": 91, "points": 8})",
                                        R"({"within_days": 20, "points": 8})"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "recency/1/within_days", "must be above the band before it"))
      << ErrorList(c.error());

  c = RfgvConfig::FromJson(Replace(ShippedBands(), R"({"within_days": 91, "points": 8})",
                                   R"({"within_days": 91, "points": 12})"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "recency/1/points", "must not be more than the more recent"))
      << ErrorList(c.error());

  c = RfgvConfig::FromJson(Replace(ShippedBands(), R"({"at_least": 30, "points": 2})",
                                   R"({"at_least": 30, "points": 0})"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "gravity/1/points", "must not be less than the band before"))
      << ErrorList(c.error());

  c = RfgvConfig::FromJson(Replace(ShippedBands(), R"("victims": [)", R"("victims": 3, "x": [)"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "victims", "must be a non-empty array")) << ErrorList(c.error());
  EXPECT_TRUE(HasError(c.error(), "x", "is not a known field")) << ErrorList(c.error());
}

TEST(RfgvConfigErrors, RecencyBandsMustFitTheWindow) {
  auto c = RfgvConfig::FromJson(
      Replace(ShippedBands(), R"("lookback_days": 1095)", R"("lookback_days": 365)"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "recency/3/within_days", "must be from 0 to 364"))
      << ErrorList(c.error());

  c = RfgvConfig::FromJson(
      Replace(ShippedBands(), R"("lookback_days": 1095)", R"("lookback_days": 0)"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "lookback_days", "from 1 to 36500")) << ErrorList(c.error());
}

TEST(RfgvConfigErrors, NamesTheWeightTableAndRefusesBrokenJson) {
  auto c =
      RfgvConfig::FromJson(Replace(ShippedBands(), R"("harm_weights": "harm-weights-v1",)", ""));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "harm_weights", "is required")) << ErrorList(c.error());
  EXPECT_EQ(c.error().message, "RFGV bands are not valid: harm_weights: is required");

  c = RfgvConfig::FromJson(Replace(ShippedBands(), R"("harm-weights-v1")", R"("../secrets")"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "harm_weights", "must name a weight table"));

  c = RfgvConfig::FromJson("{\"version\": ");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(HasError(c.error(), "rfgv", "is not valid JSON")) << ErrorList(c.error());
}

TEST(RfgvModelLoad, UsesTheWeightTableTheBandsName) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("threadline_risk_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "risk");
  std::ofstream(dir / "risk" / "rfgv-v1.json")
      << Replace(ShippedBands(), R"("harm-weights-v1")", R"("harm-weights-v9")");
  auto m = RfgvModel::Load(refdata::RefData(dir.string()));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(m.error().message, "no harm weights (risk/harm-weights-v9.csv)");

  std::ofstream(dir / "risk" / "harm-weights-v9.csv") << MinimalWeights();
  m = RfgvModel::Load(refdata::RefData(dir.string()));
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->version(), "rfgv-v1+harm-weights-v9");
  EXPECT_EQ(m->weights.Weight(*m->weights.Index("stalking_s4a")), 1.0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace threadline::risk
