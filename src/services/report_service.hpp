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
  // Called with the person records a stored report created (online linking).
  using NewPersonsHook = std::function<void(const std::vector<domain::Person>&)>;

  ReportService(store::Store& store, Clock clock, NewPersonsHook on_new_persons = {})
      : store_(store), clock_(std::move(clock)), on_new_persons_(std::move(on_new_persons)) {}

  // Validates, stores and audits a new report. kInvalidArgument lists every
  // bad field (including an unknown force or person id); nothing is stored.
  Result<domain::Report> Submit(const Actor& actor, domain::NewReport input);

  // kNotFound when there is no such report.
  Result<domain::Report> Get(const Actor& actor, const domain::Id& id);

  // A page of reports, newest first.
  Result<store::ReportPage> List(const Actor& actor, const ReportQuery& query);

  Result<domain::Person> GetPerson(const Actor& actor, const domain::Id& id);

 private:
  store::Store& store_;
  Clock clock_;
  NewPersonsHook on_new_persons_;
};

}  // namespace threadline::services
