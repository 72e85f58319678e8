#pragma once
// Rendering courses and findings: JSON (boost::json) for the API and a
// readable text form for the command line and case notes. Pure; never fails.
//
// JSON shapes (field names are the API contract):
//   course:  {"id","suspect","victim","occasions","first","last",
//             "reports":[ReportRef...],"links":[Link...]}
//   finding: {"id","type","course_id","suspect","victims":[...],"forces":[...],
//             "reports":[{"id","force","reference","occurred_at","recorded_as"}],
//             "links":[{"kind","report_a","report_b","person_a","person_b","detail",
//                       "strength"}],
//             "reasons":[{"rule_id","text"}],
//             "recommendations":[{"action","reference","from","to","text"}]}
//   ToJson(grouping, findings, input): {"courses":[...],"one_offs":[report ids],
//             "skipped":[{"report","reason"}],"findings":[...]}

#include <string>

#include <boost/json.hpp>

#include "linkage/conduct/conduct.hpp"

namespace threadline::linkage::conduct {

boost::json::object ToJson(const Finding& finding);
boost::json::object ToJson(const Course& course, const Input& input);
boost::json::object ToJson(const Grouping& grouping, std::span<const Finding> findings,
                           const Input& input);

// "ESCALATION (course:...)\n  reports: ...\n  - reason ...\n  -> recommendation".
std::string ToText(const Finding& finding);

}  // namespace threadline::linkage::conduct
