#include "services/link_chart_service.hpp"

#include <map>
#include <set>

#include "services/audit.hpp"

namespace threadline::services {
namespace {

// The records read for one chart, and what the audit must record.
class Reader {
 public:
  Reader(store::ReadTx& tx, const AccessControl& access, const Actor& actor)
      : tx_(tx), access_(access), actor_(actor) {}

  Status LoadAgencies(std::vector<domain::Agency>& forces) {
    auto agencies = tx_.ListAgencies();
    if (!agencies.ok()) return agencies.status();
    for (auto& a : *agencies) {
      code_of_[a.id] = a.code;
      if (a.kind == "police_force") forces.push_back(std::move(a));
    }
    return Status::Ok();
  }

  // The person as the viewer may see them, read once; nullptr when the
  // viewer may not see them (they are charted as a pointer).
  Result<const domain::Person*> See(const domain::Id& id) {
    if (const auto it = raw_.find(id); it != raw_.end()) return &it->second;
    if (hidden_.contains(id)) return static_cast<const domain::Person*>(nullptr);
    auto person = tx_.GetPerson(id);
    if (!person.ok() && person.error().code != ErrorCode::kNotFound) return person.error();
    std::optional<access::Disclosure> d;
    if (person.ok()) {
      auto disclosed = access_.DisclosePerson(tx_, actor_, *person);
      if (!disclosed.ok()) return disclosed.error();
      if (disclosed->visible) d = std::move(*disclosed);
    }
    chart::PersonSeen seen;
    seen.id = id;
    if (!d) {
      hidden_.insert(id);
      persons_.push_back(std::move(seen));
      return static_cast<const domain::Person*>(nullptr);
    }
    const domain::Person& kept = raw_.emplace(id, *person).first->second;
    Disclosed<domain::Person> shown = RedactPerson(std::move(*person), *d);
    seen.visible = true;
    seen.agency_code = code_of_[shown.record.agency_id];
    seen.given_name = std::move(shown.record.given_name);
    seen.family_name = std::move(shown.record.family_name);
    seen.phones = std::move(shown.record.phones);
    seen.emails = std::move(shown.record.emails);
    seen.handles = std::move(shown.record.handles);
    seen.vehicles = std::move(shown.record.vehicles);
    seen.basis = std::move(shown.basis);
    seen.withheld = std::move(shown.withheld);
    persons_.push_back(std::move(seen));
    person_ids_.push_back(id);
    person_purposes_.push_back(AuditPurpose(*d));
    return &kept;
  }

  // Adds the reports naming `person_id` that the viewer may see, and their
  // parties; false when the report limit was reached.
  Result<bool> ReportsOf(const domain::Id& person_id, std::vector<chart::ReportSeen>& out) {
    auto ids = tx_.ListReportIdsForPerson(person_id);
    if (!ids.ok()) return ids.error();
    for (const auto& id : *ids) {
      if (!reports_seen_.insert(id).second) continue;
      if (out.size() >= LinkChartService::kMaxReports) return false;
      auto report = tx_.GetReport(id);
      if (!report.ok()) return report.error();
      auto d = access_.Disclose(tx_, actor_, "report", report->id, report->force_id, false);
      if (!d.ok()) return d.error();
      if (!d->visible) continue;
      report_ids_.push_back(id);
      report_purposes_.push_back(AuditPurpose(*d));
      for (const auto& party : report->parties) {
        if (auto p = See(party.person_id); !p.ok()) return p.error();
      }
      out.push_back({report->id, report->reference, report->occurred_at, report->recorded_as,
                     report->force_code, report->parties});
    }
    return true;
  }

  std::vector<chart::PersonSeen>& persons() { return persons_; }
  const std::map<domain::Id, domain::Person>& visible() const { return raw_; }
  const std::vector<domain::Id>& person_ids() const { return person_ids_; }
  const std::vector<std::string>& person_purposes() const { return person_purposes_; }
  const std::vector<domain::Id>& report_ids() const { return report_ids_; }
  const std::vector<std::string>& report_purposes() const { return report_purposes_; }

 private:
  store::ReadTx& tx_;
  const AccessControl& access_;
  const Actor& actor_;
  std::map<domain::Id, std::string> code_of_;
  std::map<domain::Id, domain::Person> raw_;  // visible persons, unredacted, for linking
  std::set<domain::Id> hidden_;
  std::set<domain::Id> reports_seen_;
  std::vector<chart::PersonSeen> persons_;
  std::vector<domain::Id> person_ids_;
  std::vector<std::string> person_purposes_;
  std::vector<domain::Id> report_ids_;
  std::vector<std::string> report_purposes_;
};

}  // namespace

Result<LinkChart> LinkChartService::ForPerson(const Actor& actor, const domain::Id& id) {
  if (Status s = access_.Require(actor, "person.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(id)) return NotFound("no such person");
  LinkChart out;
  out.links_shown = access_.Allows(actor, "link.read");
  chart::Input input;
  input.root = id;
  std::vector<domain::Id> person_ids;
  std::vector<std::string> person_purposes;
  std::vector<domain::Id> report_ids;
  std::vector<std::string> report_purposes;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    Reader reader(tx, access_, actor);
    if (Status s = reader.LoadAgencies(input.forces); !s.ok()) return s;
    auto root = reader.See(id);
    if (!root.ok()) return root.status();
    if (*root == nullptr) return NotFound("no such person");
    std::vector<domain::Id> followed = {id};
    if (out.links_shown) {
      for (const auto& link : links_.Match(**root, kMinLinkProbability)) {
        auto other = reader.See(link.person_id);
        if (!other.ok()) return other.status();
        input.links.push_back({id, link.person_id, link.probability, link.weight});
        if (*other != nullptr) followed.push_back(link.person_id);
      }
    }
    for (const auto& person_id : followed) {
      auto complete = reader.ReportsOf(person_id, input.reports);
      if (!complete.ok()) return complete.status();
      if (!*complete) {
        out.truncated = true;
        break;
      }
    }
    if (out.links_shown) {
      // Links between the other people charted: two suspect records of
      // one individual, recorded on different reports.
      for (const auto& [person_id, person] : reader.visible()) {
        if (person_id == id) continue;
        for (const auto& link : links_.Match(person, kMinLinkProbability)) {
          input.links.push_back({person_id, link.person_id, link.probability, link.weight});
        }
      }
    }
    input.persons = std::move(reader.persons());
    person_ids = reader.person_ids();
    person_purposes = reader.person_purposes();
    report_ids = reader.report_ids();
    report_purposes = reader.report_purposes();
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  const int64_t now = access_.Now();
  if (Status s = AuditDisclosures(store_, actor, "person.chart", "person", person_ids, now,
                                  person_purposes);
      !s.ok()) {
    return s.error();
  }
  if (Status s = AuditDisclosures(store_, actor, "report.chart", "report", report_ids, now,
                                  report_purposes);
      !s.ok()) {
    return s.error();
  }
  out.chart = chart::BuildChart(input);
  return out;
}

}  // namespace threadline::services
