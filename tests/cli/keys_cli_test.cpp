// `threadline keys` and the key configuration of every command that opens a
// database, run as the real executable on a real database file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/server_process.hpp"
#include "../support/temp_dir.hpp"

namespace threadline {
namespace {

using testing::BinaryPath;
using testing::TempDir;

using testing::CliRun;

CliRun Threadline(const TempDir& dir, std::vector<std::string> args) {
  return testing::RunThreadline(std::move(args), dir.File("keys-cli.log"));
}

// The key id of every stored value of every sealed column ("" = not sealed).
std::multiset<std::string> StoredKeyIds(const std::string& db_path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::multiset<std::string> ids;
  for (const char* sql : {"SELECT address FROM persons", "SELECT postcode FROM persons",
                          "SELECT value FROM person_identifiers", "SELECT summary FROM reports",
                          "SELECT answers FROM screenings"}) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const std::string v = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      if (v.empty()) continue;
      if (v.rfind("tl1.", 0) != 0) {
        ids.insert("");
        continue;
      }
      ids.insert(v.substr(4, v.find('.', 4) - 4));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return ids;
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Sets an environment variable for the spawned commands of one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }

 private:
  const char* name_;
};

TEST(KeysCli, GenerateMakesAPrivateFileAndNeverOverwrites) {
  TempDir dir;
  const std::string file = dir.File("field.key");
  const CliRun made = Threadline(dir, {"keys", "generate", "--key-file", file});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  const std::string before = FileText(file);
  const CliRun again = Threadline(dir, {"keys", "generate", "--key-file", file});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
  EXPECT_EQ(FileText(file), before);
}

TEST(KeysCli, AFirstRunCreatesAKeyBesideTheDatabaseAndSealsWithIt) {
  TempDir dir;
  const std::string db = dir.File("d.db");
  const CliRun synth = Threadline(dir, {"synth", "--db", db, "--reports", "40"});
  ASSERT_EQ(synth.exit_code, 0) << synth.output;
  EXPECT_NE(synth.output.find("created the field-encryption key file " + db + ".key"),
            std::string::npos)
      << synth.output;
  const auto ids = StoredKeyIds(db);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.count(""), 0U) << "a value was stored unsealed";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1U);
}

TEST(KeysCli, RotateLeavesOnlyTheNewKeyAndRunningItAgainIsHarmless) {
  TempDir dir;
  const std::string db = dir.File("d.db");
  ASSERT_EQ(Threadline(dir, {"synth", "--db", db, "--reports", "40"}).exit_code, 0);
  const std::string old_id = *StoredKeyIds(db).begin();

  const CliRun rotate =
      Threadline(dir, {"keys", "rotate", "--db", db, "--batch", "7", "--settle-seconds", "0"});
  ASSERT_EQ(rotate.exit_code, 0) << rotate.output;
  EXPECT_NE(rotate.output.find("Done"), std::string::npos) << rotate.output;
  const auto ids = StoredKeyIds(db);
  const std::set<std::string> distinct(ids.begin(), ids.end());
  ASSERT_EQ(distinct.size(), 1U);
  const std::string new_id = *distinct.begin();
  EXPECT_NE(new_id, old_id);
  const std::string keys = FileText(db + ".key");
  EXPECT_NE(keys.find(old_id), std::string::npos);  // kept: backups still need it
  EXPECT_NE(keys.find(new_id), std::string::npos);

  const CliRun resume = Threadline(dir, {"keys", "rotate", "--db", db, "--resume"});
  ASSERT_EQ(resume.exit_code, 0) << resume.output;
  EXPECT_EQ(StoredKeyIds(db), ids);

  const CliRun status = Threadline(dir, {"keys", "status", "--db", db});
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find(new_id + " "), std::string::npos) << status.output;
  EXPECT_EQ(status.output.find("NOT IN THE KEY FILE"), std::string::npos);

  // Opening the database again after rotation works (migrate opens and seeds).
  const CliRun migrate = Threadline(dir, {"migrate", "--db", db});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.output;
}

TEST(KeysCli, AMissingKeyIsNeverReplacedByANewOne) {
  TempDir dir;
  const std::string db = dir.File("d.db");
  ASSERT_EQ(Threadline(dir, {"synth", "--db", db, "--reports", "10"}).exit_code, 0);
  std::filesystem::rename(db + ".key", dir.File("elsewhere.key"));
  const CliRun open = Threadline(dir, {"migrate", "--db", db});
  EXPECT_EQ(open.exit_code, 1);
  EXPECT_NE(open.output.find("holds encrypted fields"), std::string::npos) << open.output;
  EXPECT_FALSE(std::filesystem::exists(db + ".key"));

  const CliRun with_flag =
      Threadline(dir, {"migrate", "--db", db, "--key-file", dir.File("elsewhere.key")});
  EXPECT_EQ(with_flag.exit_code, 0) << with_flag.output;

  const CliRun status =
      Threadline(dir, {"keys", "status", "--db", db, "--key-file", dir.File("x")});
  EXPECT_EQ(status.exit_code, 1);
}

TEST(KeysCli, AKeyFileOthersCanReadIsRefused) {
  TempDir dir;
  const std::string db = dir.File("d.db");
  ASSERT_EQ(Threadline(dir, {"synth", "--db", db, "--reports", "10"}).exit_code, 0);
  ASSERT_EQ(::chmod((db + ".key").c_str(), 0644), 0);
  const CliRun open = Threadline(dir, {"migrate", "--db", db});
  EXPECT_EQ(open.exit_code, 1);
  EXPECT_NE(open.output.find("chmod 600"), std::string::npos) << open.output;
}

TEST(KeysCli, KeysCanComeFromTheEnvironment) {
  TempDir dir;
  const std::string db = dir.File("d.db");
  ScopedEnv keys("THREADLINE_KEYS", "envkey AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  const CliRun synth = Threadline(dir, {"synth", "--db", db, "--reports", "10"});
  ASSERT_EQ(synth.exit_code, 0) << synth.output;
  EXPECT_FALSE(std::filesystem::exists(db + ".key"));
  const auto ids = StoredKeyIds(db);
  EXPECT_EQ(ids.count("envkey"), ids.size());

  // No file to add a key to: the administrator changes the variable instead.
  const CliRun rotate = Threadline(dir, {"keys", "rotate", "--db", db});
  EXPECT_EQ(rotate.exit_code, 2);
  EXPECT_NE(rotate.output.find("THREADLINE_KEYS"), std::string::npos) << rotate.output;
  const CliRun resume = Threadline(dir, {"keys", "rotate", "--db", db, "--resume"});
  EXPECT_EQ(resume.exit_code, 0) << resume.output;
}

}  // namespace
}  // namespace threadline
