#include "access/field_crypto.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace threadline::access {
namespace {

namespace fs = std::filesystem;

// Two fixed test keys (32 bytes each, base64).
constexpr const char* kKeyA = "alpha AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kKeyB = "beta  ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

std::shared_ptr<KeyRing> Ring(const std::string& text) {
  auto ring = KeyRing::FromText(text);
  EXPECT_TRUE(ring.ok()) << (ring.ok() ? "" : ring.error().message);
  return ring.ok() ? *ring : nullptr;
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("threadline_field_crypto_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
    std::ofstream(path) << text;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }
  fs::path dir_;
};

TEST(FieldCrypto, SealOpensUnderTheSameAssociatedData) {
  auto ring = Ring(std::string(kKeyA));
  const auto sealed = ring->Seal("14 Acacia Avenue, Leeds", "persons.address:P1");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->rfind("tl1.alpha.", 0), 0U) << *sealed;
  EXPECT_EQ(sealed->find("Acacia"), std::string::npos);
  EXPECT_EQ(SealedKeyId(*sealed), "alpha");
  const auto opened = ring->Open(*sealed, "persons.address:P1");
  ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
  EXPECT_EQ(*opened, "14 Acacia Avenue, Leeds");
}

TEST(FieldCrypto, RoundTripsEveryLengthAndByte) {
  auto ring = Ring(std::string(kKeyA));
  std::string plain;
  for (int n = 0; n < 70; ++n) {
    const auto sealed = ring->Seal(plain, "ad");
    ASSERT_TRUE(sealed.ok());
    const auto opened = ring->Open(*sealed, "ad");
    ASSERT_TRUE(opened.ok()) << n << " " << opened.error().log_detail;
    EXPECT_EQ(*opened, plain);
    plain += static_cast<char>(n * 37);  // every residue of the length mod 3, any byte value
  }
}

TEST(FieldCrypto, EachSealUsesAFreshNonce) {
  auto ring = Ring(std::string(kKeyA));
  EXPECT_NE(*ring->Seal("same", "ad"), *ring->Seal("same", "ad"));
}

TEST(FieldCrypto, EmptyStaysEmptyAndUnsealedValuesPassThrough) {
  auto ring = Ring(std::string(kKeyA));
  EXPECT_EQ(*ring->Seal("", "ad"), "");
  EXPECT_EQ(*ring->Open("", "ad"), "");
  EXPECT_EQ(*ring->Open("written before encryption", "ad"), "written before encryption");
  EXPECT_FALSE(IsSealed("tl1"));
  EXPECT_TRUE(IsSealed("tl1.x.y"));
}

TEST(FieldCrypto, AValueMovedToAnotherRowDoesNotOpen) {
  auto ring = Ring(std::string(kKeyA));
  const auto sealed = ring->Seal("07700 900123", "person_identifiers.value:P1:phone");
  const auto moved = ring->Open(*sealed, "person_identifiers.value:P2:phone");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, ErrorCode::kInternal);
  EXPECT_NE(moved.error().log_detail.find("authentication failed"), std::string::npos);
}

TEST(FieldCrypto, TamperedValueDoesNotOpen) {
  auto ring = Ring(std::string(kKeyA));
  std::string sealed = *ring->Seal("a long enough narrative", "reports.summary:R1");
  char& c = sealed[sealed.size() - 5];
  c = c == 'A' ? 'B' : 'A';
  const auto opened = ring->Open(sealed, "reports.summary:R1");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().log_detail.find("authentication failed"), std::string::npos);
}

TEST(FieldCrypto, MalformedValuesAreClearErrors) {
  auto ring = Ring(std::string(kKeyA));
  const std::string good = *ring->Seal("x", "ad");  // 41 bytes: 55 characters
  for (const std::string& bad :
       {std::string("tl1."), std::string("tl1.alpha"), std::string("tl1.al pha.AAAA"),
        std::string("tl1.alpha.!!!!"), std::string("tl1.alpha.AAAA"), good + "=",
        good + "AA" /* 57 characters: no encoder makes that length */,
        good.substr(0, good.size() - 1) + "B" /* stray low bits in the last character */}) {
    const auto opened = ring->Open(bad, "ad");
    ASSERT_FALSE(opened.ok()) << bad;
    EXPECT_NE(opened.error().log_detail.find("malformed"), std::string::npos) << bad;
  }
}

TEST(FieldCrypto, UnknownKeyIdIsNamed) {
  auto a = Ring(std::string(kKeyA));
  auto b = Ring(std::string(kKeyB));
  const auto opened = a->Open(*b->Seal("secret", "ad"), "ad");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().log_detail.find("unknown key id 'beta'"), std::string::npos)
      << opened.error().log_detail;
}

TEST(FieldCrypto, LastKeyIsCurrentAndOlderKeysStillOpen) {
  auto a = Ring(std::string(kKeyA));
  auto ab = Ring(std::string("# comment\n") + kKeyA + " ; " + kKeyB + "  # trailing comment");
  EXPECT_EQ(ab->current_key_id(), "beta");
  EXPECT_EQ(ab->key_ids(), (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_EQ(*ab->Open(*a->Seal("old", "ad"), "ad"), "old");
  EXPECT_EQ(SealedKeyId(*ab->Seal("new", "ad")), "beta");
}

TEST(FieldCrypto, BadKeyTextIsRefusedWithoutEchoingKeys) {
  const auto empty = KeyRing::FromText("  # only a comment ");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("holds no key"), std::string::npos);

  const auto short_key = KeyRing::FromText("k1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd");
  ASSERT_FALSE(short_key.ok());
  EXPECT_NE(short_key.error().message.find("32 bytes"), std::string::npos);
  EXPECT_EQ(short_key.error().message.find("AAEC"), std::string::npos);

  const auto twice = KeyRing::FromText(std::string(kKeyA) + ";" + kKeyA);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("appears twice"), std::string::npos);

  EXPECT_FALSE(KeyRing::FromText("bad.id AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").ok());
  EXPECT_FALSE(KeyRing::FromText("onlyanid").ok());
}

TEST(FieldCrypto, NewKeyIdsAreValidAndDistinct) {
  const std::string a = NewKeyId();
  EXPECT_TRUE(IsValidKeyId(a)) << a;
  EXPECT_EQ(a[0], 'k');
  EXPECT_NE(a, NewKeyId());
}

TEST_F(KeyFileTest, RefusesAFileOthersCanRead) {
  const std::string path = Path("keys");
  WriteFile(path, std::string(kKeyA) + "\n", 0644);
  const auto ring = KeyRing::FromFile(path);
  ASSERT_FALSE(ring.ok());
  EXPECT_NE(ring.error().message.find("chmod 600"), std::string::npos) << ring.error().message;
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  EXPECT_TRUE(KeyRing::FromFile(path).ok());
}

TEST_F(KeyFileTest, MissingFileIsNotFound) {
  const auto ring = KeyRing::FromFile(Path("absent"));
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().code, ErrorCode::kNotFound);
}

TEST_F(KeyFileTest, CreateMakesAPrivateFileAndNeverOverwrites) {
  const std::string path = Path("new.key");
  const auto id = CreateKeyFile(path);
  ASSERT_TRUE(id.ok()) << id.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  const auto ring = KeyRing::FromFile(path);
  ASSERT_TRUE(ring.ok());
  EXPECT_EQ((*ring)->current_key_id(), *id);
  const auto again = CreateKeyFile(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*KeyRing::FromFile(path).value()->key_ids().begin(), *id);
}

TEST_F(KeyFileTest, AppendAddsACurrentKeyAndKeepsTheOldOnes) {
  const std::string path = Path("k");
  const auto first = CreateKeyFile(path);
  auto before = *KeyRing::FromFile(path);
  const std::string old_value = *before->Seal("value", "ad");
  const auto second = AppendKeyToFile(path);
  ASSERT_TRUE(second.ok()) << second.error().message;
  auto after = *KeyRing::FromFile(path);
  EXPECT_EQ(after->current_key_id(), *second);
  EXPECT_EQ(after->key_ids(), (std::vector<std::string>{*first, *second}));
  EXPECT_EQ(*after->Open(old_value, "ad"), "value");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(KeyFileTest, ARingPicksUpARotatedKeyWithoutRestart) {
  const std::string path = Path("k");
  ASSERT_TRUE(CreateKeyFile(path).ok());
  auto server = *KeyRing::FromFile(path);
  server->set_reload_interval(std::chrono::milliseconds(0));
  const std::string old_id = server->current_key_id();

  const auto rotated = AppendKeyToFile(path);
  ASSERT_TRUE(rotated.ok());
  auto rotator = *KeyRing::FromFile(path);
  // Meeting the new key id makes the server re-read the file.
  EXPECT_EQ(*server->Open(*rotator->Seal("x", "ad"), "ad"), "x");
  EXPECT_EQ(server->current_key_id(), *rotated);
  EXPECT_NE(server->current_key_id(), old_id);
}

TEST_F(KeyFileTest, SealFollowsAChangedFile) {
  const std::string path = Path("k");
  ASSERT_TRUE(CreateKeyFile(path).ok());
  auto server = *KeyRing::FromFile(path);
  server->set_reload_interval(std::chrono::milliseconds(0));
  const auto rotated = AppendKeyToFile(path);
  EXPECT_EQ(SealedKeyId(*server->Seal("x", "ad")), *rotated);
}

TEST_F(KeyFileTest, ReloadIsRateLimited) {
  const std::string path = Path("k");
  ASSERT_TRUE(CreateKeyFile(path).ok());
  auto server = *KeyRing::FromFile(path);
  server->set_reload_interval(std::chrono::hours(1));
  const auto rotated = AppendKeyToFile(path);
  auto rotator = *KeyRing::FromFile(path);
  EXPECT_FALSE(server->Open(*rotator->Seal("x", "ad"), "ad").ok());
  EXPECT_TRUE(server->Reload().ok());  // an explicit request is always honoured
  EXPECT_EQ(*server->Open(*rotator->Seal("x", "ad"), "ad"), "x");
}

TEST_F(KeyFileTest, ABrokenFileKeepsTheKeysAlreadyHeld) {
  const std::string path = Path("k");
  ASSERT_TRUE(CreateKeyFile(path).ok());
  auto ring = *KeyRing::FromFile(path);
  const std::string sealed = *ring->Seal("x", "ad");
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_FALSE(ring->Reload().ok());
  EXPECT_EQ(*ring->Open(sealed, "ad"), "x");
}

}  // namespace
}  // namespace threadline::access
