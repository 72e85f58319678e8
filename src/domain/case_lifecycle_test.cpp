#include "domain/case_lifecycle.hpp"

#include <gtest/gtest.h>

namespace threadline::domain {
namespace {

TEST(CaseLifecycle, FullOrderBeforeApplicationIsRefusedWithTheLegalMoves) {
  const Lifecycle* order = FindLifecycle("order");
  ASSERT_NE(order, nullptr);
  auto refused = order->Apply("considered", "grant_interim");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().allowed,
            (std::vector<std::string>{"decide_not_to_apply", "apply", "grant_full"}));
  EXPECT_NE(refused.error().message.find("allowed now: decide_not_to_apply"), std::string::npos);
}

TEST(CaseLifecycle, SpoWalksApplicationInterimFullExpiry) {
  const Lifecycle* order = FindLifecycle("order");
  std::string status(order->initial());
  for (const char* event : {"apply", "grant_interim", "serve", "grant_full", "vary", "expire"}) {
    auto t = order->Apply(status, event);
    ASSERT_TRUE(t.ok()) << event << " from " << status;
    if (!(*t)->to.empty()) status = std::string((*t)->to);
  }
  EXPECT_EQ(status, "expired");
  EXPECT_TRUE(order->AllowedEvents("expired").empty());
  auto after = order->Apply("expired", "renew");
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.error().message.find("nothing more can happen"), std::string::npos);
}

TEST(CaseLifecycle, UnknownEventIsABadRequestNotAConflict) {
  auto r = FindLifecycle("action")->Apply("open", "explode");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(CaseLifecycle, EveryLifecycleKnowsItsStatuses) {
  for (const char* name :
       {"case", "action", "order", "intervention", "advocacy", "decision", "consent", "evidence"}) {
    const Lifecycle* l = FindLifecycle(name);
    ASSERT_NE(l, nullptr) << name;
    EXPECT_TRUE(l->IsStatus(l->initial())) << name;
    EXPECT_FALSE(l->IsStatus("no_such_status")) << name;
  }
  EXPECT_EQ(FindLifecycle("panel"), nullptr);
  EXPECT_TRUE(FindLifecycle("case")->IsStatus("closed"));
}

TEST(CaseLifecycle, ReferralClosesWithAdviceOnlyBeforeTriage) {
  const Lifecycle* c = FindLifecycle("case");
  EXPECT_TRUE(c->Apply("referred", "close_with_advice").ok());
  EXPECT_FALSE(c->Apply("open", "close_with_advice").ok());
  EXPECT_TRUE(c->Apply("open", "triage").ok());  // re-triage
}

}  // namespace
}  // namespace threadline::domain
