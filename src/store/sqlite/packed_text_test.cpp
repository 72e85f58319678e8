// Packed text (packed_text.hpp) and the SQLite screenings stored with it: a
// result reads back exactly as written, sits in the file compressed against
// the dictionary, rows written before packing or before the dictionary still
// read, and a damaged frame or unknown dictionary is an error that names the
// screening rather than a crash or different text.
#include "store/sqlite/packed_text.hpp"

#include <gtest/gtest.h>
#include <zstd.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>

#include "../../../tests/support/sqlite_file.hpp"
#include "../../../tests/support/temp_dir.hpp"
#include "domain/report_facts.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::store::sqlite {
namespace {

// Text shaped like a screening result: repeated keys and sentences with
// varying values.
std::string ResultLike(int reasons) {
  std::string out = R"({"principal":"stalking_s4a","classifications":[)";
  for (int i = 0; i < reasons; ++i) {
    if (i > 0) out += ',';
    out += R"x({"rule_id":"rule.)x" + std::to_string(i) +
           R"x(","text":"The victim reports alarm or distress on occasion )x" + std::to_string(i) +
           R"x(. (alarm_distress = yes)","questions":["alarm_distress"]})x";
  }
  return out + "]}";
}

TEST(PackedTextTest, RoundTripsWhatever) {
  std::mt19937 rng(7);
  std::string random_bytes(5000, '\0');
  for (auto& c : random_bytes) c = static_cast<char>(rng());
  for (const std::string& text :
       {std::string(), std::string("{}"), ResultLike(60), std::string("Zoë — 北京 ✓"), random_bytes,
        std::string(1 << 20, 'x')}) {
    const std::string packed = PackText(text);
    auto back = UnpackText(packed, "test text");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, text);
  }
}

TEST(PackedTextTest, ResultsShrinkToAFractionOfTheirSize) {
  const std::string text = ResultLike(60);
  ASSERT_GT(text.size(), 6000U);
  EXPECT_LT(PackText(text).size() * 3, text.size());
}

TEST(PackedTextTest, DamagedFramesAreErrorsNamingWhatWasRead) {
  const std::string packed = PackText(ResultLike(60));
  std::vector<std::string> damaged = {
      "", "not a frame at all", packed.substr(0, packed.size() / 2),  // truncated
      packed.substr(0, packed.size() - 1),  // missing its checksum's last byte
  };
  // A flipped byte in the middle: caught by the frame's checksum if not
  // by the decoder.
  std::string flipped = packed;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5a);
  damaged.push_back(flipped);
  for (const auto& bytes : damaged) {
    auto back = UnpackText(bytes, "result of screening S-1");
    ASSERT_FALSE(back.ok()) << bytes.size();
    EXPECT_EQ(back.error().code, ErrorCode::kInternal);
    EXPECT_NE(back.error().log_detail.find("result of screening S-1"), std::string::npos);
  }
}

TEST(PackedTextTest, AFrameLargerThanAnyDocumentIsRefused) {
  // A whole, valid frame of more than any stored document holds.
  const std::string text(kMaxUnpackedText + 1, 'a');
  const std::string packed = PackText(text);
  auto back = UnpackText(packed, "result");
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.error().log_detail.find("damaged"), std::string::npos);
}

// A result like those the dictionary was made from, but not one of them:
// its second line with other answers and other words.
std::string ResultNotInTheDictionary() {
  const std::string_view dictionary = ResultDictionary1();
  const size_t first = dictionary.find('\n') + 1;
  std::string text(dictionary.substr(first, dictionary.find('\n', first) - first));
  for (auto [from, to] : {std::pair<std::string, std::string>{"yes", "unknown"},
                          {"victim", "person harmed"},
                          {"suspect", "person reported"},
                          {"ex_partner", "acquaintance"}}) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + 1)) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

TEST(PackedTextTest, AResultPacksAgainstTheDictionaryToAFractionOfWhatItPacksToAlone) {
  const std::string text = ResultNotInTheDictionary();
  ASSERT_GT(text.size(), 6000U);
  std::string alone(ZSTD_compressBound(text.size()), '\0');
  alone.resize(ZSTD_compress(alone.data(), alone.size(), text.data(), text.size(), 1));
  const std::string packed = PackText(text);
  EXPECT_LT(packed.size() * 3, alone.size()) << packed.size() << " against " << alone.size();
  auto back = UnpackText(packed, "result");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, text);
}

TEST(PackedTextTest, BareFramesPackedBeforeTheDictionaryStillRead) {
  const std::string text = ResultNotInTheDictionary();
  std::string bare(ZSTD_compressBound(text.size()), '\0');
  bare.resize(ZSTD_compress(bare.data(), bare.size(), text.data(), text.size(), 1));
  auto back = UnpackText(bare, "result");
  ASSERT_TRUE(back.ok()) << back.error().log_detail;
  EXPECT_EQ(*back, text);
}

TEST(PackedTextTest, ADictionaryThisVersionDoesNotHoldIsAnErrorNamingIt) {
  std::string packed = PackText(ResultLike(10));
  packed[8] = 7;  // the dictionary's number, little-endian
  auto back = UnpackText(packed, "result of screening S-1");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().code, ErrorCode::kInternal);
  EXPECT_NE(back.error().log_detail.find("dictionary 7"), std::string::npos)
      << back.error().log_detail;
  EXPECT_NE(back.error().log_detail.find("result of screening S-1"), std::string::npos);
}

// Rows packed against dictionary 1 need its very bytes: a change to the file
// would make them unreadable, so it fails here first.
TEST(PackedTextTest, DictionaryOneIsStillTheBytesRowsWerePackedWith) {
  const std::string_view dictionary = ResultDictionary1();
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (const char c : dictionary) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  EXPECT_EQ(dictionary.size(), 40512U);
  EXPECT_EQ(hash, 0x8b24eb2570164b0dULL);
}

class PackedScreeningTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    auto opened = OpenSqlite(SqliteOptions{path_});
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
  }

  // One agency, one report, and a screening of it with `result` (or none).
  void AddReport() {
    domain::Agency agency{"A-1", "f1", "Force one", "police_force", "Somewhere"};
    domain::Report report;
    report.id = "R-1";
    report.force_id = agency.id;
    report.occurred_at = report.created_at = "2026-01-01T00:00:00Z";
    report.recorded_as = "harassment_s2";
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) -> Status {
                      if (Status s = tx.InsertAgency(agency); !s.ok()) return s;
                      return tx.InsertReport(report);
                    })
                    .ok());
  }

  domain::Screening ScreeningOf(const std::string& id, const std::string& result) {
    domain::Screening sc;
    sc.id = id;
    sc.report_id = "R-1";
    sc.questionnaire_version = "v1";
    sc.answers_json = "{}";
    sc.result_json = result;
    sc.classifications = {"stalking_s2a"};
    sc.principal = "stalking_s2a";
    sc.risk_level = "standard";
    sc.created_at = "2026-02-01T00:00:00Z";
    return sc;
  }

  Result<domain::Screening> Get(const std::string& id) {
    Result<domain::Screening> out = Internal("not read");
    const Status read = store_->Read([&](ReadTx& tx) {
      out = tx.GetScreening(id);
      return Status::Ok();
    });
    EXPECT_TRUE(read.ok());
    return out;
  }

  testing::TempDir dir_;
  std::string path_ = dir_.File("packed.db");
  std::unique_ptr<Store> store_;
};

TEST_F(PackedScreeningTest, AResultIsStoredPackedAndReadsBackAsWritten) {
  AddReport();
  const std::string result = ResultLike(60);
  ASSERT_TRUE(
      store_->Write([&](WriteTx& tx) { return tx.InsertScreening(ScreeningOf("S-1", result)); })
          .ok());
  auto got = Get("S-1");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->result_json, result);
  store_.reset();
  const auto rows = testing::QueryFile(
      path_, "SELECT result, length(result_packed) FROM screenings WHERE id = 'S-1'");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0][0], "");
  EXPECT_LT(std::stoul(rows[0][1]) * 3, result.size());
}

TEST_F(PackedScreeningTest, RowsWrittenBeforePackingReadAsTheyDid) {
  AddReport();
  store_.reset();
  testing::ExecuteOnFile(path_,
                         "INSERT INTO screenings (id, report_id, questionnaire_version, answers, "
                         "result, principal, risk_level, created_at) VALUES ('S-OLD', 'R-1', "
                         "'v1', '{}', '{\"principal\":\"harassment_s2\"}', 'harassment_s2', "
                         "'standard', '2026-01-02T00:00:00Z')");
  Open();
  auto got = Get("S-OLD");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->result_json, R"({"principal":"harassment_s2"})");
}

TEST_F(PackedScreeningTest, ADamagedResultIsAnErrorNamingTheScreening) {
  AddReport();
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) {
                    return tx.InsertScreening(ScreeningOf("S-1", ResultLike(60)));
                  })
                  .ok());
  store_.reset();
  testing::ExecuteOnFile(path_,
                         "UPDATE screenings SET result_packed = substr(result_packed, 1, 40)");
  Open();
  auto got = Get("S-1");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kInternal);
  EXPECT_NE(got.error().log_detail.find("S-1"), std::string::npos);
  // The report's other reads are untouched by it.
  ASSERT_TRUE(store_->Read([](ReadTx& tx) { return tx.GetReport("R-1").status(); }).ok());
}

// A screening that adds no fact the report lacks leaves the report's row
// (and its two statistics indexes) unwritten.
TEST_F(PackedScreeningTest, FactsAlreadySetAreNotWrittenAgain) {
  AddReport();
  store_.reset();
  testing::ExecuteOnFile(path_,
                         "CREATE TABLE report_writes (n INTEGER); "
                         "CREATE TRIGGER count_report_writes AFTER UPDATE ON reports "
                         "BEGIN INSERT INTO report_writes VALUES (1); END;");
  Open();
  for (const char* id : {"S-1", "S-2", "S-3"}) {
    ASSERT_TRUE(
        store_->Write([&](WriteTx& tx) { return tx.InsertScreening(ScreeningOf(id, "{}")); }).ok());
  }
  store_.reset();
  EXPECT_EQ(testing::QueryFile(path_, "SELECT count(*) FROM report_writes")[0][0], "1");
  const auto facts = testing::QueryFile(path_, "SELECT facts FROM reports WHERE id = 'R-1'");
  EXPECT_NE(std::stoll(facts[0][0]) & domain::report_facts::kScreenedStalking, 0);
}

}  // namespace
}  // namespace threadline::store::sqlite
