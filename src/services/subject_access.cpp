#include "services/subject_access.hpp"

#include <boost/json.hpp>

#include "domain/datetime.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

boost::json::array Strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

boost::json::object PersonRecord(const domain::Person& p, const std::string& agency_code) {
  return {{"id", p.id},
          {"agency", agency_code},
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

}  // namespace

Result<std::string> ExportSubject(store::Store& store, const Actor& actor,
                                  const domain::Id& person_id, int64_t now_seconds) {
  if (!domain::IsWellFormedId(person_id)) return NotFound("no such person");
  // The export lists who consulted the record: reads audited a moment ago
  // may still be queued, so they are written first.
  if (Status s = store.FlushAudit(); !s.ok()) return s.error();
  boost::json::object out;
  const Status read = store.Read([&](store::ReadTx& tx) -> Status {
    auto person = tx.GetPerson(person_id);
    if (!person.ok()) return person.status();
    auto agency = tx.GetAgency(person->agency_id);
    if (!agency.ok()) return agency.status();
    out["person"] = PersonRecord(*person, agency->code);

    auto report_ids = tx.ListReportIdsForPerson(person_id);
    if (!report_ids.ok()) return report_ids.status();
    boost::json::array reports;
    for (const auto& id : *report_ids) {
      auto r = tx.GetReport(id);
      if (!r.ok()) return r.status();
      boost::json::array parties;
      std::string role;
      for (const auto& party : r->parties) {
        if (party.person_id == person_id) {
          role = party.role;
          parties.push_back(boost::json::object{{"role", party.role}, {"who", "the subject"}});
        } else {
          parties.push_back(boost::json::object{{"role", party.role}, {"who", "third party"}});
        }
      }
      auto screenings = tx.ListScreenings(id);
      if (!screenings.ok()) return screenings.status();
      boost::json::array screened;
      for (const auto& s : *screenings) {
        screened.push_back(boost::json::object{
            {"id", s.id},
            {"created_at", s.created_at},
            {"principal", s.principal},
            {"classifications", Strings(s.classifications)},
            {"risk_level", s.risk_level},
            {"answers", boost::json::parse(s.answers_json.empty() ? "null" : s.answers_json)},
            {"review", "answers may describe third parties: check before disclosure"}});
      }
      reports.push_back(boost::json::object{
          {"id", r->id},
          {"force", r->force_code},
          {"reference", r->reference},
          {"subject_role", role},
          {"occurred_at", r->occurred_at},
          {"reported_at", r->reported_at},
          {"recorded_as", r->recorded_as},
          {"behaviours", Strings(r->behaviours)},
          {"summary", r->summary},
          {"summary_review", "the narrative may name third parties: check before disclosure"},
          {"parties", std::move(parties)},
          {"screenings", std::move(screened)}});
    }
    out["reports"] = std::move(reports);

    store::AuditFilter filter;
    filter.record_type = "person";
    filter.record_id = person_id;
    filter.limit = 10000;
    auto audit = tx.ListAudit(filter);
    if (!audit.ok()) return audit.status();
    boost::json::array consulted;
    for (const auto& e : *audit) {
      consulted.push_back(boost::json::object{
          {"at", e.at}, {"agency_id", e.agency_id}, {"action", e.action}, {"purpose", e.purpose}});
    }
    out["record_consulted"] = std::move(consulted);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  out["exported_at"] = domain::FormatTimestamp(now_seconds);
  if (Status s = AuditRead(store, actor, "person.subject_export", "person", person_id, now_seconds,
                           "subject access request");
      !s.ok()) {
    return s.error();
  }
  return boost::json::serialize(out);
}

}  // namespace threadline::services
