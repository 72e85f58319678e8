#include "services/session_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace threadline::services {
namespace {

SessionCache::Entry EntryFor(const std::string& user_id, int64_t read_at) {
  SessionCache::Entry e;
  e.session.user_id = user_id;
  e.user.id = user_id;
  e.read_at = read_at;
  return e;
}

TEST(SessionCache, AnEntryIsFoundOnlyInTheSecondItWasReadIn) {
  SessionCache cache;
  cache.Put("h1", EntryFor("u1", 100), cache.generation());
  ASSERT_TRUE(cache.Find("h1", 100).has_value());
  EXPECT_EQ(cache.Find("h1", 100)->user.id, "u1");
  EXPECT_FALSE(cache.Find("h1", 101).has_value());
  EXPECT_FALSE(cache.Find("h2", 100).has_value());
}

TEST(SessionCache, ForgettingAUserDropsEachOfItsSessionsAndNoOther) {
  SessionCache cache;
  cache.Put("a", EntryFor("u1", 100), cache.generation());
  cache.Put("b", EntryFor("u1", 100), cache.generation());
  cache.Put("c", EntryFor("u2", 100), cache.generation());
  cache.ForgetUser("u1");
  EXPECT_FALSE(cache.Find("a", 100).has_value());
  EXPECT_FALSE(cache.Find("b", 100).has_value());
  EXPECT_TRUE(cache.Find("c", 100).has_value());
  cache.ForgetSession("c");
  EXPECT_FALSE(cache.Find("c", 100).has_value());
}

// A read that began before a session was ended may have read it still
// there: what it found is not kept.
TEST(SessionCache, AReadBegunBeforeAForgetIsNotKept) {
  SessionCache cache;
  const uint64_t before = cache.generation();
  cache.ForgetUser("u1");
  cache.Put("a", EntryFor("u1", 100), before);
  EXPECT_FALSE(cache.Find("a", 100).has_value());
  cache.Put("a", EntryFor("u1", 100), cache.generation());
  EXPECT_TRUE(cache.Find("a", 100).has_value());
}

TEST(SessionCache, AFullCacheStartsAfresh) {
  SessionCache cache;
  for (size_t i = 0; i < SessionCache::kMaxEntries; ++i) {
    cache.Put("h" + std::to_string(i), EntryFor("u", 100), cache.generation());
  }
  EXPECT_TRUE(cache.Find("h0", 100).has_value());
  cache.Put("new", EntryFor("u", 100), cache.generation());
  EXPECT_FALSE(cache.Find("h0", 100).has_value());
  EXPECT_TRUE(cache.Find("new", 100).has_value());
}

}  // namespace
}  // namespace threadline::services
