#pragma once
// Screening a report: the officer's answers are classified by the screening
// engine, with the report's linked history, and stored with the result.
//
// Linked history: earlier reports that name the same suspect and the same
// victim (the same person records). When one of them, or this report, was
// screened before, the new answers re-screen the whole course of conduct and
// the stored screening records what changed and why.

#include <string>
#include <string_view>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "screening/screener.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace threadline::services {

class ScreeningService {
 public:
  ScreeningService(store::Store& store, const screening::Screener& screener,
                   const AccessControl& access, Clock clock)
      : store_(store), screener_(screener), access_(access), clock_(std::move(clock)) {}

  const screening::Screener& screener() const { return screener_; }

  // kNotFound for an unknown report; kInvalidArgument (one FieldError per bad
  // answer) for answers that do not fit the questionnaire. Nothing is stored
  // unless the whole screening is. Only the report's own force screens it.
  Result<domain::Screening> Screen(const Actor& actor, const domain::Id& report_id,
                                   std::string_view answers_json);

  // kNotFound when absent or not visible to the actor (its owner is the
  // report's force).
  Result<Disclosed<domain::Screening>> Get(const Actor& actor, const domain::Id& id);

  // Screenings of one report, oldest first (kNotFound for an unknown or
  // invisible report).
  Result<std::vector<Disclosed<domain::Screening>>> ListForReport(const Actor& actor,
                                                                  const domain::Id& report_id);

 private:
  store::Store& store_;
  const screening::Screener& screener_;
  const AccessControl& access_;
  Clock clock_;
};

}  // namespace threadline::services
