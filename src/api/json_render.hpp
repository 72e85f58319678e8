#pragma once
// Domain values as the JSON the API returns. One function per record type so
// every endpoint shows a record the same way.

#include <boost/json.hpp>

#include "domain/records.hpp"

namespace threadline::api {

boost::json::object AgencyJson(const domain::Agency& agency);
boost::json::object PersonJson(const domain::Person& person);
boost::json::object ReportJson(const domain::Report& report);

}  // namespace threadline::api
