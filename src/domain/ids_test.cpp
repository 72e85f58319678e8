#include "domain/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace threadline::domain {
namespace {

TEST(Ids, AreWellFormedAndSortByTime) {
  std::mt19937_64 engine(42);
  const Id early = NextId(1'700'000'000'000, engine);
  const Id late = NextId(1'700'000'000'001, engine);
  EXPECT_TRUE(IsWellFormedId(early));
  EXPECT_TRUE(IsWellFormedId(late));
  EXPECT_LT(early, late);
}

TEST(Ids, SeededEnginesAreDeterministic) {
  std::mt19937_64 a(7);
  std::mt19937_64 b(7);
  EXPECT_EQ(NextId(1000, a), NextId(1000, b));
}

TEST(Ids, FreshIdsAreUnique) {
  std::set<Id> seen;
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(seen.insert(NewId()).second);
}

TEST(Ids, MalformedIdsAreRejected) {
  EXPECT_FALSE(IsWellFormedId(""));
  EXPECT_FALSE(IsWellFormedId("01ARZ3NDEKTSV4RRFFQ69G5FA"));   // 25 characters
  EXPECT_FALSE(IsWellFormedId("01ARZ3NDEKTSV4RRFFQ69G5FAU"));  // U is not Crockford
  EXPECT_FALSE(IsWellFormedId("81ARZ3NDEKTSV4RRFFQ69G5FAV"));  // overflows 128 bits
  EXPECT_FALSE(IsWellFormedId("01arz3ndektsv4rrffq69g5fav"));  // lower case
  EXPECT_FALSE(IsWellFormedId(std::string("01ARZ3NDEKTSV4RRFFQ69G5FA\0", 26)));  // NUL
  EXPECT_FALSE(IsWellFormedId("01ARZ3NDEKTSV4RRFFQ69G5FA\xC3"));                 // not ASCII
  EXPECT_TRUE(IsWellFormedId("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
}

}  // namespace
}  // namespace threadline::domain
