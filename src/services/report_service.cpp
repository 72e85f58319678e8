#include "services/report_service.hpp"

#include "domain/datetime.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

constexpr size_t kMaxPageSize = 200;

// Accepts a date ("2026-01-31", meaning its midnight UTC) or a date-time.
bool NormaliseBound(std::string& value) {
  if (value.empty()) return true;
  if (const auto date = domain::ParseDate(value)) {
    value = domain::FormatTimestamp(domain::DaysFromCivil(*date) * 86400);
    return true;
  }
  if (const auto t = domain::ParseTimestamp(value)) {
    value = domain::FormatTimestamp(*t);
    return true;
  }
  return false;
}

domain::Person PersonFromInput(const domain::NewPerson& in, const domain::Id& agency,
                               const std::string& now) {
  domain::Person p;
  p.id = domain::NewId();
  p.agency_id = agency;
  p.given_name = in.given_name;
  p.family_name = in.family_name;
  p.dob = in.dob;
  p.gender = in.gender;
  p.address = in.address;
  p.postcode = in.postcode;
  p.phones = in.phones;
  p.emails = in.emails;
  p.handles = in.handles;
  p.vehicles = in.vehicles;
  p.created_at = now;
  return p;
}

}  // namespace

Result<domain::Report> ReportService::Submit(const Actor& actor, domain::NewReport input) {
  if (Status s = access_.Require(actor, "report.create"); !s.ok()) return s.error();
  auto normalised = domain::NormaliseNewReport(std::move(input));
  if (!normalised.ok()) return normalised.error();
  const domain::NewReport& in = *normalised;
  const int64_t now = clock_();
  const std::string now_text = domain::FormatTimestamp(now);

  domain::Report report;
  std::vector<domain::Person> created;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    std::vector<FieldError> errors;
    auto force = tx.GetAgencyByCode(in.force);
    if (!force.ok() && force.error().code != ErrorCode::kNotFound) return force.status();
    if (!force.ok() || force->kind != "police_force") {
      errors.push_back({"force", "is not the code of a police force"});
    } else if (!actor.is_system() && force->id != actor.agency_id) {
      return PermissionDenied("reports can be recorded for your own force only");
    }
    for (size_t i = 0; i < in.parties.size(); ++i) {
      if (!in.parties[i].person_id) continue;
      auto person = access_.VisiblePerson(tx, actor, *in.parties[i].person_id);
      if (!person.ok()) return person.status();
      if (!person->has_value()) {
        errors.push_back({"parties/" + std::to_string(i) + "/person_id", "no such person"});
      }
    }
    if (!errors.empty()) return InvalidArgument("the report is not valid", std::move(errors));

    report.id = domain::NewId();
    report.force_id = force->id;
    report.force_code = force->code;
    report.reference = in.reference;
    report.occurred_at = in.occurred_at;
    report.reported_at = in.reported_at.empty() ? now_text : in.reported_at;
    report.summary = in.summary;
    report.recorded_as = in.recorded_as;
    report.behaviours = in.behaviours;
    report.created_at = now_text;
    report.created_by = actor.user_id;
    for (const auto& party : in.parties) {
      if (party.person_id) {
        report.parties.push_back({party.role, *party.person_id});
        continue;
      }
      const domain::Person person = PersonFromInput(*party.person, force->id, now_text);
      if (Status s = tx.InsertPerson(person); !s.ok()) return s;
      created.push_back(person);
      if (auto a = tx.AppendAudit(MakeAuditEntry(actor, "person.create", "person", person.id, now));
          !a.ok()) {
        return a.status();
      }
      report.parties.push_back({party.role, person.id});
    }
    if (Status s = tx.InsertReport(report); !s.ok()) return s;
    return tx.AppendAudit(MakeAuditEntry(actor, "report.create", "report", report.id, now))
        .status();
  });
  if (!written.ok()) return written.error();
  if (on_new_persons_) on_new_persons_(created);
  return report;
}

Result<Disclosed<domain::Report>> ReportService::Get(const Actor& actor, const domain::Id& id) {
  if (Status s = access_.Require(actor, "report.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(id)) return NotFound("no such report");
  Disclosed<domain::Report> shown;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto r = tx.GetReport(id);
    if (!r.ok()) return r.status();
    auto shared = access_.DiscloseShared(tx, actor, "report", id, r->force_id, false);
    if (!shared.ok()) return shared.status();
    const access::Disclosure& d = **shared;
    if (!d.visible) return NotFound("no such report");
    purpose = AuditPurpose(d);
    shown = RedactReport(std::move(*r), d);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "report.read", "report", id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return shown;
}

Result<ReportService::Page> ReportService::List(const Actor& actor, const ReportQuery& query) {
  if (Status s = access_.Require(actor, "report.list"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  store::ReportFilter filter;
  filter.from = query.from;
  filter.to = query.to;
  filter.cursor = query.cursor;
  filter.limit = query.limit;
  if (!NormaliseBound(filter.from)) errors.push_back({"from", "must be a date or date-time"});
  if (!NormaliseBound(filter.to)) errors.push_back({"to", "must be a date or date-time"});
  if (filter.limit == 0 || filter.limit > kMaxPageSize) {
    errors.push_back({"limit", "must be between 1 and " + std::to_string(kMaxPageSize)});
  }
  Page page;
  std::vector<domain::Id> disclosed;
  std::vector<std::string> purposes;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    if (!query.force.empty()) {
      auto force = tx.GetAgencyByCode(query.force);
      if (!force.ok() && force.error().code != ErrorCode::kNotFound) return force.status();
      if (!force.ok()) {
        errors.push_back({"force", "is not a known agency code"});
      } else {
        filter.force_id = force->id;
      }
    }
    if (!errors.empty()) return InvalidArgument("the query is not valid", errors);
    if (!actor.is_system()) {
      auto owners = access_.VisibleOwners(tx, actor, "report");
      if (!owners.ok()) return owners.status();
      filter.force_scope = std::move(*owners);
    }
    auto p = tx.ListReports(filter);
    if (!p.ok()) return p.status();
    page.next_cursor = p->next_cursor;
    for (auto& report : p->reports) {
      auto shared = access_.DiscloseShared(tx, actor, "report", report.id, report.force_id, false);
      if (!shared.ok()) return shared.status();
      const access::Disclosure& d = **shared;
      if (!d.visible) continue;  // an agreement ended between the two reads
      disclosed.push_back(report.id);
      purposes.push_back(AuditPurpose(d));
      page.reports.push_back(RedactReport(std::move(report), d));
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  const Status audited =
      AuditDisclosures(store_, actor, "report.list", "report", disclosed, clock_(), purposes);
  if (!audited.ok()) return audited.error();
  return page;
}

Result<Disclosed<domain::Person>> ReportService::GetPerson(const Actor& actor,
                                                           const domain::Id& id) {
  if (Status s = access_.Require(actor, "person.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(id)) return NotFound("no such person");
  Disclosed<domain::Person> shown;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto p = tx.GetPerson(id);
    if (!p.ok()) return p.status();
    auto d = access_.DisclosePerson(tx, actor, *p);
    if (!d.ok()) return d.status();
    if (!d->visible) return NotFound("no such person");
    purpose = AuditPurpose(*d);
    shown = RedactPerson(std::move(*p), *d);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "person.read", "person", id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return shown;
}

}  // namespace threadline::services
