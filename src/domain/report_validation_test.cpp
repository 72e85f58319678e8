#include "domain/report_validation.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace threadline::domain {
namespace {

NewReport ValidReport() {
  NewReport r;
  r.force = "met";
  r.occurred_at = "2026-03-01T21:30:00+00:00";
  r.recorded_as = "harassment_s2";
  r.behaviours = {"following", "contacting", "following"};
  NewPerson victim;
  victim.given_name = "Ada";
  victim.family_name = "Lovelace";
  r.parties.push_back({"victim", std::nullopt, victim});
  return r;
}

bool HasError(const Error& e, const std::string& field) {
  return std::any_of(e.fields.begin(), e.fields.end(),
                     [&](const FieldError& f) { return f.field == field; });
}

TEST(ReportValidation, NormalisesAValidReport) {
  const auto r = NormaliseNewReport(ValidReport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->occurred_at, "2026-03-01T21:30:00Z");
  EXPECT_EQ(r->behaviours, (std::vector<std::string>{"contacting", "following"}));
}

TEST(ReportValidation, ListsEveryBadFieldAtOnce) {
  NewReport r = ValidReport();
  r.force.clear();
  r.occurred_at = "last tuesday";
  r.recorded_as = "burglary_of_the_heart";
  r.behaviours.emplace_back("telepathy");
  r.parties[0].role = "bystander";
  r.parties[0].person->dob = "1980-02-30";
  const auto result = NormaliseNewReport(r);
  ASSERT_FALSE(result.ok());
  const Error& e = result.error();
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasError(e, "force"));
  EXPECT_TRUE(HasError(e, "occurred_at"));
  EXPECT_TRUE(HasError(e, "recorded_as"));
  EXPECT_TRUE(HasError(e, "behaviours/3"));
  EXPECT_TRUE(HasError(e, "parties/0/role"));
  EXPECT_TRUE(HasError(e, "parties/0/person/dob"));
  EXPECT_TRUE(HasError(e, "parties"));  // no victim left
}

TEST(ReportValidation, APartyNeedsExactlyOneOfIdOrPerson) {
  NewReport r = ValidReport();
  r.parties[0].person_id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  EXPECT_TRUE(HasError(NormaliseNewReport(r).error(), "parties/0"));
  r.parties[0].person.reset();
  r.parties[0].person_id = "not-an-id";
  EXPECT_TRUE(HasError(NormaliseNewReport(r).error(), "parties/0/person_id"));
}

TEST(ReportValidation, RefusesOversizedAndControlText) {
  NewReport r = ValidReport();
  r.summary = std::string(kMaxSummaryLength + 1, 'x');
  EXPECT_TRUE(HasError(NormaliseNewReport(r).error(), "summary"));
  r.summary = "a\x01b";
  EXPECT_TRUE(HasError(NormaliseNewReport(r).error(), "summary"));
}

TEST(ReportValidation, ReportedBeforeOccurredIsRefused) {
  NewReport r = ValidReport();
  r.reported_at = "2026-02-01T00:00:00Z";
  EXPECT_TRUE(HasError(NormaliseNewReport(r).error(), "reported_at"));
}

TEST(ReportValidation, APersonWithNothingToIdentifyThemIsRefused) {
  NewReport r = ValidReport();
  r.parties[0].person = NewPerson{};
  EXPECT_TRUE(HasError(NormaliseNewReport(r).error(), "parties/0/person"));
}

}  // namespace
}  // namespace threadline::domain
