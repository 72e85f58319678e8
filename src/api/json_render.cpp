#include "api/json_render.hpp"

namespace threadline::api {

boost::json::array Strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

boost::json::value TextOrNull(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

boost::json::object AgencyJson(const domain::Agency& a) {
  return {{"id", a.id}, {"code", a.code}, {"name", a.name}, {"kind", a.kind}, {"region", a.region}};
}

boost::json::object PersonJson(const domain::Person& p) {
  return {{"id", p.id},
          {"agency_id", p.agency_id},
          {"given_name", p.given_name},
          {"family_name", p.family_name},
          {"dob", p.dob},
          {"gender", p.gender},
          {"address", p.address},
          {"postcode", p.postcode},
          {"phones", Strings(p.phones)},
          {"emails", Strings(p.emails)},
          {"handles", Strings(p.handles)},
          {"vehicles", Strings(p.vehicles)},
          {"created_at", p.created_at}};
}

boost::json::object ReportJson(const domain::Report& r) {
  boost::json::array parties;
  for (const auto& p : r.parties) {
    parties.push_back(boost::json::object{{"role", p.role}, {"person_id", p.person_id}});
  }
  return {{"id", r.id},
          {"force", r.force_code},
          {"force_id", r.force_id},
          {"reference", r.reference},
          {"occurred_at", r.occurred_at},
          {"reported_at", r.reported_at},
          {"summary", r.summary},
          {"recorded_as", r.recorded_as},
          {"behaviours", Strings(r.behaviours)},
          {"parties", std::move(parties)},
          {"created_at", r.created_at}};
}

boost::json::object AccessJson(const std::string& basis,
                               const std::vector<services::Withheld>& withheld) {
  boost::json::array items;
  for (const auto& w : withheld) {
    items.push_back(boost::json::object{{"field", w.field}, {"reason", w.reason}});
  }
  return {{"basis", basis}, {"withheld", std::move(items)}};
}

void ApplyDisclosure(boost::json::object& record, const std::string& basis,
                     const std::vector<services::Withheld>& withheld) {
  for (const auto& w : withheld) record[w.field] = nullptr;
  record["access"] = AccessJson(basis, withheld);
}

boost::json::object PersonJson(const services::Disclosed<domain::Person>& person) {
  boost::json::object out = PersonJson(person.record);
  ApplyDisclosure(out, person.basis, person.withheld);
  return out;
}

boost::json::object ReportJson(const services::Disclosed<domain::Report>& report) {
  boost::json::object out = ReportJson(report.record);
  ApplyDisclosure(out, report.basis, report.withheld);
  return out;
}

}  // namespace threadline::api
