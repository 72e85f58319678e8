#include "services/access_control.hpp"

#include <algorithm>
#include <limits>

#include "domain/datetime.hpp"

namespace threadline::services {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void Withhold(std::vector<Withheld>& out, const access::Disclosure& d, std::string_view field_class,
              std::initializer_list<const char*> fields) {
  static const std::string kWithheld = "withheld";
  const auto it = d.withheld.find(field_class);
  const std::string& reason = it != d.withheld.end() ? it->second : kWithheld;
  out.reserve(out.size() + fields.size());
  for (const char* f : fields) out.push_back({f, reason});
}

}  // namespace

Result<AccessControl> AccessControl::Load(const refdata::RefData& data, Clock clock) {
  const auto table = data.Read("access/roles.csv");
  if (!table) return Internal("the roles table access/roles.csv is missing");
  auto policy = access::Policy::FromTable(refdata::ParseSimpleTable(*table));
  if (!policy.ok()) return policy.error();
  for (const auto& role : access::AllRoles()) {
    if (policy->ActionsOf(role).empty()) {
      return InvalidArgument("the roles table is not valid",
                             {{role, "is a role with no actions in access/roles.csv"}});
    }
  }
  return AccessControl(std::move(*policy), std::move(clock));
}

bool AccessControl::Allows(const Actor& actor, std::string_view action) const {
  if (actor.is_system()) return true;
  if (actor.role == "service") return Contains(actor.scoped_actions, action);
  return policy_.Allows(actor.role, action);
}

Status AccessControl::Require(const Actor& actor, std::string_view action) const {
  if (actor.is_anonymous()) return Unauthenticated("sign in to do this");
  if (Allows(actor, action)) return Status::Ok();
  return PermissionDenied("your role does not allow this (" + std::string(action) + ")");
}

Result<AccessControl::AgreementList> AccessControl::AgreementsTo(
    store::ReadTx& tx, const domain::Id& agency_id) const {
  const int64_t now = clock_();
  {
    std::lock_guard lock(cache_->mutex);
    const auto it = cache_->by_agency.find(agency_id);
    if (it != cache_->by_agency.end() && now - it->second.first < kAgreementCacheSeconds) {
      return it->second.second;
    }
  }
  auto fresh = tx.ListAgreementsTo(agency_id);
  if (!fresh.ok()) return fresh.error();
  auto list = std::make_shared<const std::vector<domain::SharingAgreement>>(std::move(*fresh));
  std::lock_guard lock(cache_->mutex);
  cache_->by_agency[agency_id] = {now, list};
  return list;
}

void AccessControl::InvalidateAgreements() const {
  std::lock_guard lock(cache_->mutex);
  cache_->by_agency.clear();
}

std::string AccessControl::Today() const {
  // Every read of another agency's record needs the date: worked out once a
  // day on each thread. A day number always names the same date, so the
  // cache holds whichever clock asks.
  constexpr int64_t kDay = 86400;
  const int64_t now = clock_();
  const int64_t day = now >= 0 ? now / kDay : (now - (kDay - 1)) / kDay;
  thread_local int64_t cached_day = std::numeric_limits<int64_t>::min();
  thread_local std::string cached;
  if (day != cached_day) {
    cached = domain::FormatTimestamp(now).substr(0, 10);
    cached_day = day;
  }
  return cached;
}

namespace {

// A decision that lives as long as the process, handed out without a
// reference count (an aliasing pointer that owns nothing).
AccessControl::SharedDisclosure Unowned(const access::Disclosure& immortal) {
  return {std::shared_ptr<const void>(), &immortal};
}

const access::Disclosure& SystemDisclosure() {
  static const access::Disclosure kSystem = [] {
    access::Disclosure d;
    d.visible = true;
    d.basis = "system";
    d.granted = access::AllFieldClasses();
    std::sort(d.granted.begin(), d.granted.end());
    return d;
  }();
  return kSystem;
}

// Decisions under an agreement, kept on each reading thread. An agreement
// decision depends on the agreements received (a list that is replaced,
// never changed, when they change), the record's owner and type, the
// viewer's role, whether the person is a victim and the date; the entry
// holds its list, so the list's address cannot name another while it is
// kept.
struct AgreementDecision {
  AccessControl::AgreementList agreements;
  domain::Id owner;
  std::string role;
  std::string record_type;
  std::string today;
  bool is_victim = false;
  AccessControl::SharedDisclosure decision;
};
constexpr size_t kAgreementDecisionsKept = 64;

std::vector<AgreementDecision>& AgreementDecisions() {
  thread_local std::vector<AgreementDecision> kept;
  return kept;
}

}  // namespace

Result<AccessControl::SharedDisclosure> AccessControl::DiscloseShared(
    store::ReadTx& tx, const Actor& actor, std::string_view record_type,
    const domain::Id& record_id, const domain::Id& owner_agency_id, bool is_victim) const {
  if (actor.is_system()) return Unowned(SystemDisclosure());
  const access::Viewer viewer{actor.user_id, actor.agency_id, actor.role};
  if (!actor.agency_id.empty() && actor.agency_id == owner_agency_id) {
    if (const auto* own = access::OwnAgencyDecision(actor.role, is_victim)) return Unowned(*own);
    return std::make_shared<const access::Disclosure>(
        access::Decide(viewer, owner_agency_id, record_type, is_victim, "", {}, {}));
  }
  // Another agency's record: agreements run from one day to another.
  const std::string& today = Today();
  auto received = AgreementsTo(tx, actor.agency_id);
  if (!received.ok()) return received.error();
  const std::vector<domain::SharingAgreement>& agreements = **received;
  const bool shared = std::any_of(agreements.begin(), agreements.end(), [&](const auto& a) {
    return access::AgreementApplies(a, owner_agency_id, actor.agency_id, record_type, today);
  });
  if (shared) {
    // Emergency grants are not consulted when an agreement applies, so the
    // decision is the same for every record it covers.
    auto& kept = AgreementDecisions();
    for (const auto& k : kept) {
      if (k.agreements == *received && k.is_victim == is_victim && k.owner == owner_agency_id &&
          k.role == actor.role && k.record_type == record_type && k.today == today) {
        return k.decision;
      }
    }
    auto decision = std::make_shared<const access::Disclosure>(
        access::Decide(viewer, owner_agency_id, record_type, is_victim, today, agreements, {}));
    if (kept.size() >= kAgreementDecisionsKept) kept.clear();
    kept.push_back({*received, owner_agency_id, actor.role, std::string(record_type), today,
                    is_victim, decision});
    return decision;
  }
  std::vector<domain::EmergencyGrant> grants;
  if (!actor.user_id.empty()) {
    store::EmergencyGrantFilter filter;
    filter.user_id = actor.user_id;
    filter.limit = 1000;
    auto g = tx.ListEmergencyGrants(filter);
    if (!g.ok()) return g.error();
    const std::string now = domain::FormatTimestamp(clock_());
    for (auto& grant : *g) {
      if (grant.record_type == record_type && grant.record_id == record_id &&
          grant.expires_at > now) {
        grants.push_back(std::move(grant));
      }
    }
  }
  return std::make_shared<const access::Disclosure>(
      access::Decide(viewer, owner_agency_id, record_type, is_victim, today, agreements, grants));
}

Result<access::Disclosure> AccessControl::Disclose(store::ReadTx& tx, const Actor& actor,
                                                   std::string_view record_type,
                                                   const domain::Id& record_id,
                                                   const domain::Id& owner_agency_id,
                                                   bool is_victim) const {
  auto shared = DiscloseShared(tx, actor, record_type, record_id, owner_agency_id, is_victim);
  if (!shared.ok()) return shared.error();
  return access::Disclosure(**shared);
}

Result<std::vector<domain::Id>> AccessControl::VisibleOwners(store::ReadTx& tx, const Actor& actor,
                                                             std::string_view record_type) const {
  std::vector<domain::Id> owners;
  if (actor.is_system()) return owners;
  owners.push_back(actor.agency_id);
  auto agreements = AgreementsTo(tx, actor.agency_id);
  if (!agreements.ok()) return agreements.error();
  const std::string today = Today();
  for (const auto& a : **agreements) {
    if (access::AgreementApplies(a, a.from_agency_id, actor.agency_id, record_type, today) &&
        std::find(owners.begin(), owners.end(), a.from_agency_id) == owners.end()) {
      owners.push_back(a.from_agency_id);
    }
  }
  return owners;
}

Result<access::Disclosure> AccessControl::DisclosePerson(store::ReadTx& tx, const Actor& actor,
                                                         const domain::Person& person) const {
  auto victim = PersonIsVictim(tx, person.id);
  if (!victim.ok()) return victim.error();
  return Disclose(tx, actor, "person", person.id, person.agency_id, *victim);
}

Result<std::optional<domain::Report>> AccessControl::VisibleReport(store::ReadTx& tx,
                                                                   const Actor& actor,
                                                                   const domain::Id& id) const {
  auto report = tx.GetReport(id);
  if (!report.ok()) {
    if (report.error().code == ErrorCode::kNotFound) return std::optional<domain::Report>();
    return report.error();
  }
  auto d = Disclose(tx, actor, "report", report->id, report->force_id, false);
  if (!d.ok()) return d.error();
  if (!d->visible) return std::optional<domain::Report>();
  return std::optional<domain::Report>(std::move(*report));
}

Result<std::optional<domain::Person>> AccessControl::VisiblePerson(store::ReadTx& tx,
                                                                   const Actor& actor,
                                                                   const domain::Id& id) const {
  auto person = tx.GetPerson(id);
  if (!person.ok()) {
    if (person.error().code == ErrorCode::kNotFound) return std::optional<domain::Person>();
    return person.error();
  }
  // Whether a person is a victim changes which fields are withheld, never
  // whether the record is visible, so that extra query is not needed here.
  auto d = Disclose(tx, actor, "person", person->id, person->agency_id, false);
  if (!d.ok()) return d.error();
  if (!d->visible) return std::optional<domain::Person>();
  return std::optional<domain::Person>(std::move(*person));
}

Result<bool> PersonIsVictim(store::ReadTx& tx, const domain::Id& person_id) {
  auto ids = tx.ListReportIdsForPerson(person_id);
  if (!ids.ok()) return ids.error();
  for (const auto& id : *ids) {
    auto report = tx.GetReport(id);
    if (!report.ok()) return report.error();
    for (const auto& party : report->parties) {
      if (party.person_id == person_id && party.role == "victim") return true;
    }
  }
  return false;
}

std::string AuditPurpose(const access::Disclosure& d) {
  return d.purpose.empty() ? d.basis : d.basis + ": " + d.purpose;
}

Disclosed<domain::Person> RedactPerson(domain::Person p, const access::Disclosure& d) {
  Disclosed<domain::Person> out;
  out.basis = d.basis;
  if (!d.Grants(access::kFieldContact)) {
    p.address.clear();
    p.postcode.clear();
    p.phones.clear();
    p.emails.clear();
    p.handles.clear();
    p.vehicles.clear();
    Withhold(out.withheld, d, access::kFieldContact,
             {"address", "postcode", "phones", "emails", "handles", "vehicles"});
  }
  out.record = std::move(p);
  return out;
}

Disclosed<domain::Report> RedactReport(domain::Report r, const access::Disclosure& d) {
  Disclosed<domain::Report> out;
  out.basis = d.basis;
  if (!d.Grants(access::kFieldNarrative)) {
    r.summary.clear();
    Withhold(out.withheld, d, access::kFieldNarrative, {"summary"});
  }
  out.record = std::move(r);
  return out;
}

Disclosed<domain::Screening> RedactScreening(domain::Screening s, const access::Disclosure& d) {
  Disclosed<domain::Screening> out;
  out.basis = d.basis;
  if (!d.Grants(access::kFieldNarrative)) {
    s.answers_json.clear();
    Withhold(out.withheld, d, access::kFieldNarrative, {"answers"});
  }
  out.record = std::move(s);
  return out;
}

}  // namespace threadline::services
