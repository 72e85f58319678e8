#pragma once
// Use cases for incident reports and the persons in them.
//
// Each call writes through the store in one transaction and appends audit:
// a report is stored with its new person records, behaviours and parties, or
// not at all.

#include <functional>
#include <string>
#include <vector>

#include "domain/records.hpp"
#include "domain/report_validation.hpp"
#include "domain/result.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct ReportQuery {
  std::string force;  // agency code, empty = all
  std::string from;   // ISO 8601 date or date-time, inclusive
  std::string to;     // exclusive
  std::string cursor;
  size_t limit = 50;
};

class ReportService {
 public:
  // Called after each report is stored, with the person records it created
  // (none when it named existing ones): online linking, fresh findings.
  using NewPersonsHook = std::function<void(const std::vector<domain::Person>&)>;

  struct Page {
    std::vector<Disclosed<domain::Report>> reports;
    std::string next_cursor;
  };

  ReportService(store::Store& store, const AccessControl& access, Clock clock,
                NewPersonsHook on_new_persons = {})
      : store_(store),
        access_(access),
        clock_(std::move(clock)),
        on_new_persons_(std::move(on_new_persons)) {}

  // Validates, stores and audits a new report. kInvalidArgument lists every
  // bad field (including an unknown force or person id); nothing is stored.
  // A user records reports for their own force only, and may name existing
  // persons only when they may see them.
  Result<domain::Report> Submit(const Actor& actor, domain::NewReport input);

  // kNotFound when there is no such report or the actor may not see it.
  Result<Disclosed<domain::Report>> Get(const Actor& actor, const domain::Id& id);

  // A page of the reports the actor may see, newest first.
  Result<Page> List(const Actor& actor, const ReportQuery& query);

  // kNotFound when there is no such person or the actor may not see them.
  Result<Disclosed<domain::Person>> GetPerson(const Actor& actor, const domain::Id& id);

 private:
  store::Store& store_;
  const AccessControl& access_;
  Clock clock_;
  NewPersonsHook on_new_persons_;
};

}  // namespace threadline::services
