// The prior is estimated on the scale of all pairs: in a population where
// many different people share each full name, a record holding nothing but a
// name must not be linked to one of its namesakes, while records that agree
// on a name and a date of birth still are.
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "linkage/engine.hpp"
#include "linkage/evaluation.hpp"

namespace threadline::linkage {
namespace {

constexpr int kPeople = 20000;
constexpr int kBare = 2000;  // name-only records, each of a person seen nowhere else

const std::vector<std::string> kGiven = {
    "Adam",  "Alice", "Amir", "Anna",  "Ben",  "Bethan", "Carl",  "Chloe", "Dan",  "Demi",
    "Ewan",  "Ella",  "Finn", "Freya", "Gary", "Grace",  "Harry", "Holly", "Ian",  "Isla",
    "Jack",  "Jade",  "Kyle", "Katie", "Liam", "Lucy",   "Mark",  "Megan", "Noah", "Nia",
    "Oscar", "Olive", "Paul", "Poppy", "Rhys", "Rosa",   "Sam",   "Sofia", "Tom",  "Tara"};
const std::vector<std::string> kFamily = {
    "Ahmed", "Baker",  "Clarke", "Davies", "Evans", "Fisher", "Green",  "Hughes", "Iqbal", "Jones",
    "Khan",  "Lewis",  "Morgan", "Nash",   "Owen",  "Patel",  "Quinn",  "Reid",   "Smith", "Taylor",
    "Usher", "Vaughn", "Walker", "Young",  "Zhang", "Bell",   "Cole",   "Dunn",   "Ellis", "Ford",
    "Grant", "Hart",   "Irwin",  "Kerr",   "Lloyd", "Mason",  "Naylor", "Oakes",  "Price", "Rowe",
    "Shaw",  "Tate",   "Upton",  "Vance",  "Webb",  "Wood",   "Yates",  "Barr",   "Cross", "Doyle"};

std::string TwoDigits(int n) {
  char text[3];
  std::snprintf(text, sizeof(text), "%02d", n);
  return text;
}

// 2,000 full names shared by about ten people each; every person has a date
// of birth, three in ten a second record.
std::vector<InputRecord> Population() {
  std::mt19937 random(7);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  std::vector<InputRecord> records;
  auto add = [&](const std::string& truth, const std::string& given, const std::string& family,
                 const std::string& dob, const std::string& postcode) {
    InputRecord r;
    r.id = "r" + std::to_string(records.size());
    r.truth = truth;
    r[Role::kGivenName] = given;
    r[Role::kFamilyName] = family;
    r[Role::kDob] = dob;
    r[Role::kPostcode] = postcode;
    records.push_back(std::move(r));
  };
  for (int p = 0; p < kPeople; ++p) {
    const std::string& given = kGiven[pick(static_cast<int>(kGiven.size()))];
    const std::string& family = kFamily[pick(static_cast<int>(kFamily.size()))];
    const std::string dob = std::to_string(1940 + pick(65)) + "-" + TwoDigits(1 + pick(12)) + "-" +
                            TwoDigits(1 + pick(28));
    const std::string postcode = "LS" + std::to_string(1 + pick(30)) + " " +
                                 std::to_string(pick(10)) + static_cast<char>('A' + pick(26)) +
                                 static_cast<char>('A' + pick(26));
    const std::string truth = "P" + std::to_string(p);
    add(truth, given, family, dob, postcode);
    if (pick(10) < 3) {
      // As a second agency types it: now and then a slip in a name, the
      // postcode missing or moved.
      std::string g = given, f = family;
      if (pick(10) == 0) g[1] = static_cast<char>('a' + pick(26));
      if (pick(10) == 0) f.back() = static_cast<char>('a' + pick(26));
      const int where = pick(4);
      add(truth, g, f, dob, where == 0 ? "" : where == 1 ? "LS40 1AA" : postcode);
    }
  }
  for (int b = 0; b < kBare; ++b) {
    add("B" + std::to_string(b), kGiven[pick(static_cast<int>(kGiven.size()))],
        kFamily[pick(static_cast<int>(kFamily.size()))], "", "");
  }
  return records;
}

TEST(PopulationPriorTest, ANameAloneDoesNotLinkNamesakesButNameAndBirthDateDo) {
  auto nicknames = NicknameTable::Default();
  ASSERT_TRUE(nicknames.ok());
  const Dataset data = MakeDataset(Population(), *nicknames);
  auto model = TrainModel(data, {}, EngineOptions{});
  ASSERT_TRUE(model.ok());
  // About 3,000 true pairs among 2.2e8: the prior is of that order, not the
  // share of matches among candidates.
  EXPECT_LT(model->prior, 1e-4);
  EXPECT_GT(model->prior, 1e-6);
  auto out = LinkDataset(*model, data, {}, EngineOptions{});
  ASSERT_TRUE(out.ok());

  size_t bare_linked = 0;
  std::vector<size_t> cluster_size(data.records.size(), 0);
  for (const auto c : out->clusters.cluster_of) ++cluster_size[c];
  for (size_t i = 0; i < data.records.size(); ++i) {
    if (data.records[i].truth[0] == 'B' && cluster_size[out->clusters.cluster_of[i]] > 1) {
      ++bare_linked;
    }
  }
  EXPECT_LT(bare_linked, kBare / 20) << "records holding only a name joined a namesake";

  const auto metrics =
      EvaluateClusters(out->clusters.cluster_of, TruthIds(data.records), data.sources, false);
  EXPECT_GE(metrics.precision, 0.95);
  EXPECT_GE(metrics.recall, 0.95);
}

}  // namespace
}  // namespace threadline::linkage
