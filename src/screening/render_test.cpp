// Rendering, and the `threadline screen` command end to end when the
// executable has been built.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../../tests/support/temp_dir.hpp"
#include "screening/render.hpp"
#include "screening/test_support.hpp"

namespace threadline::screening {
namespace {

using testing::Screen;

constexpr std::string_view kStalking =
    R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes",)"
    R"("four_fixated":"yes","four_obsessive":"yes","occasions":4,)"
    R"("behaviours":["following","contacting"],"fear_of_violence":"no",)"
    R"("serious_alarm_distress":"no","daily_life_changes":[])";

TEST(Render, TextNamesPrincipalClassReasonsAndActions) {
  const std::string text = ToText(Screen(kStalking));
  EXPECT_NE(text.find("PRINCIPAL: stalking_s2a [8Q]"), std::string::npos) << text;
  EXPECT_NE(text.find("stalking_acts.checklist"), std::string::npos);
  EXPECT_NE(text.find("RISK: "), std::string::npos);
  EXPECT_NE(text.find("isac_referral"), std::string::npos);
}

TEST(Render, JsonHasStableFields) {
  const auto v = ToJson(Screen(kStalking)).as_object();
  for (auto key :
       {"questionnaire_version", "rules_version", "principal", "classifications", "offences",
        "possible", "settle_questions", "counting", "risk", "actions", "overrides"}) {
    EXPECT_TRUE(v.contains(key)) << key;
  }
  EXPECT_EQ(v.at("principal").as_string(), "stalking_s2a");
  EXPECT_EQ(v.at("classifications").as_array()[0].at("ho_class").as_string(), "8Q");
}

// The stored text is written directly: it must be exactly what Boost.JSON
// would write for the same document (so rows written before still compare
// and compress alike), in the documented order, and read back whole.
TEST(Render, JsonTextIsBoostJsonsOwnFormInTheDocumentedOrder) {
  constexpr std::string_view kRisky =
      R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes",)"
      R"("four_fixated":"yes","four_obsessive":"yes","occasions":6,"relationship":"ex_partner",)"
      R"("behaviours":["following","contacting","loitering"],"fear_of_violence":"yes",)"
      R"("fear_of_violence_occasions":2,"risk_very_frightened":"yes","risk_escalation":"yes")";
  for (const auto& answers : {kStalking, kRisky, std::string_view(R"("four_unwanted":"yes")")}) {
    const ScreeningResult result = Screen(answers);
    const std::string text = ToJsonText(result);
    const boost::json::value doc = boost::json::parse(text);
    EXPECT_EQ(boost::json::serialize(doc), text) << answers;
    std::vector<std::string> keys;
    for (const auto& member : doc.as_object()) keys.emplace_back(member.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"questionnaire_version", "rules_version", "principal",
                                              "classifications", "offences", "possible",
                                              "settle_questions", "counting", "risk", "actions",
                                              "overrides"}));
    auto back = ResultFromJson(doc);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(ToJsonText(*back), text) << "not read back whole";
  }
}

TEST(Render, ResultFromJsonRejectsOtherShapes) {
  EXPECT_FALSE(ResultFromJson(boost::json::parse(R"({"x":1})")).ok());
  EXPECT_FALSE(ResultFromJson(boost::json::parse("[]")).ok());
}

const char* Binary() {
  const char* bin = std::getenv("THREADLINE_BINARY");
#ifdef THREADLINE_BINARY_PATH
  if (bin == nullptr) bin = THREADLINE_BINARY_PATH;
#endif
  return bin;
}

struct CliRun {
  int code = -1;
  std::string out;
};

CliRun RunCli(const std::string& args) {
  const char* bin = Binary();
  CliRun r;
  const std::string cmd = std::string(bin) + " screen " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = Binary();
    if (bin == nullptr || !std::filesystem::exists(bin)) GTEST_SKIP() << "threadline not built";
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_.path() / name) << content;
    return dir_.File(name);
  }
  // One folder per test and process: ctest runs these tests in parallel.
  threadline::testing::TempDir dir_;
};

TEST_F(Cli, PrintsJsonForGoodAnswers) {
  const CliRun r = RunCli("--format json --answers " + Write("a.json", testing::Input(kStalking)));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(boost::json::parse(r.out).at("principal").as_string(), "stalking_s2a");
}

TEST_F(Cli, BadInputExitsTwoWithTheFieldOnStderr) {
  const CliRun r = RunCli("--answers " + Write("b.json", R"({"questionnaire_version":"v1",)"
                                                         R"("answers":{"occasions":"many"}})"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("answers/occasions"), std::string::npos) << r.out;
  EXPECT_EQ(RunCli("--answers /no/such/file.json").code, 2);
}

}  // namespace
}  // namespace threadline::screening
