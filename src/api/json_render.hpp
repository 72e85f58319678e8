#pragma once
// Domain values as the JSON the API returns. One function per record type so
// every endpoint shows a record the same way.

#include <boost/json.hpp>

#include "domain/records.hpp"
#include "services/access_control.hpp"

namespace threadline::api {

// A list of texts as a JSON array.
boost::json::array Strings(const std::vector<std::string>& values);
// Empty text as null: "not recorded" rather than "".
boost::json::value TextOrNull(const std::string& text);

boost::json::object AgencyJson(const domain::Agency& agency);
boost::json::object PersonJson(const domain::Person& person);
boost::json::object ReportJson(const domain::Report& report);

// A record as disclosed to the caller: each withheld field is null, and an
// "access" member says on what basis the record is shown and lists every
// withheld field with its reason ("withheld under agreement X"), so nothing
// is ever silently missing.
boost::json::object PersonJson(const services::Disclosed<domain::Person>& person);
boost::json::object ReportJson(const services::Disclosed<domain::Report>& report);
boost::json::object AccessJson(const std::string& basis,
                               const std::vector<services::Withheld>& withheld);
// Sets each withheld field of `record` to null and adds "access".
void ApplyDisclosure(boost::json::object& record, const std::string& basis,
                     const std::vector<services::Withheld>& withheld);

}  // namespace threadline::api
