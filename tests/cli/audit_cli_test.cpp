// `threadline audit verify` and `audit fill`, run as the real executable on a
// real database file, before and after someone edits the file directly.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fcntl.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../support/server_process.hpp"
#include "../support/sqlite_file.hpp"
#include "../support/temp_dir.hpp"

namespace threadline {
namespace {

using testing::BinaryPath;
using testing::TempDir;

using testing::CliRun;

CliRun Threadline(const TempDir& dir, std::vector<std::string> args) {
  return testing::RunThreadline(std::move(args), dir.File("cli.log"));
}

void Tamper(const std::string& db_path, const std::string& sql) {
  testing::ExecuteOnFile(db_path, sql);
}

constexpr const char* kLiftTriggers =
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const CliRun fill = Threadline(dir_, {"audit", "fill", "--db", db_, "--entries", "300"});
    ASSERT_EQ(fill.exit_code, 0) << fill.output;
  }
  CliRun Verify(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"audit", "verify", "--db", db_};
    args.insert(args.end(), extra.begin(), extra.end());
    return Threadline(dir_, args);
  }

  TempDir dir_;
  std::string db_ = dir_.File("audit.db");
};

TEST_F(AuditCliTest, IntactChainExitsZeroAndPrintsTheHead) {
  const CliRun run = Verify();
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("audit chain intact: 300 entries, last seq 300, head hash "),
            std::string::npos)
      << run.output;
}

TEST_F(AuditCliTest, AlteredEntryExitsThreeNamingTheEntry) {
  Tamper(db_, std::string(kLiftTriggers) +
                  "UPDATE audit_log SET action = 'report.list' "
                  "WHERE seq = 123;");
  const CliRun run = Verify();
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("entry seq 123 altered"), std::string::npos) << run.output;
}

TEST_F(AuditCliTest, DeletedEntriesExitThreeNamingTheGap) {
  Tamper(db_, std::string(kLiftTriggers) + "DELETE FROM audit_log WHERE seq BETWEEN 50 AND 52;");
  const CliRun run = Verify();
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("entries missing after seq 49"), std::string::npos) << run.output;
}

TEST_F(AuditCliTest, RecordedHeadCatchesACutTail) {
  const CliRun before = Verify();
  const std::string marker = "head hash ";
  const size_t at = before.output.find(marker);
  ASSERT_NE(at, std::string::npos) << before.output;
  const std::string head = before.output.substr(at + marker.size(), 64);
  EXPECT_EQ(Verify({"--expect", "300:" + head}).exit_code, 0);
  Tamper(db_, std::string(kLiftTriggers) + "DELETE FROM audit_log WHERE seq > 290;");
  EXPECT_EQ(Verify().exit_code, 0) << "a cut tail alone leaves a valid chain";
  const CliRun run = Verify({"--expect", "300:" + head});
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("entries missing after seq 290"), std::string::npos) << run.output;
  EXPECT_EQ(Verify({"--expect", "nonsense"}).exit_code, 2);
}

TEST_F(AuditCliTest, MissingDatabaseIsAnErrorNotANewFile) {
  const std::string absent = dir_.File("absent.db");
  const CliRun run = Threadline(dir_, {"audit", "verify", "--db", absent});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_FALSE(std::filesystem::exists(absent));
}

TEST_F(AuditCliTest, FillRefusesAnExistingDatabase) {
  const CliRun run = Threadline(dir_, {"audit", "fill", "--db", db_, "--entries", "5"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(Verify().output.find("300 entries"), std::string::npos);
}

}  // namespace
}  // namespace threadline
