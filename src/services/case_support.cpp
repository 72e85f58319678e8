#include "services/case_support.hpp"

#include <cstdio>

#include "domain/datetime.hpp"
#include "domain/vocabulary.hpp"
#include "services/audit.hpp"

namespace threadline::services::case_support {

domain::CaseEvent MakeEvent(const domain::Id& case_id, const std::string& kind,
                            const domain::Id& item_id, const domain::Id& agency_id,
                            const domain::Id& user_id, const std::string& field_class,
                            const std::string& summary, int64_t now) {
  domain::CaseEvent e;
  e.case_id = case_id;
  e.at = domain::FormatTimestamp(now);
  e.kind = kind;
  e.item_id = item_id;
  e.agency_id = agency_id;
  e.user_id = user_id;
  e.field_class = field_class;
  e.summary = summary;
  return e;
}

Status Record(store::WriteTx& tx, const Actor& actor, const domain::Id& case_id,
              const std::string& event_kind, const domain::Id& item_id,
              const std::string& field_class, const std::string& summary, int64_t now,
              const std::string& audit_action, const std::string& record_type,
              const domain::Id& record_id) {
  const domain::CaseEvent e = MakeEvent(case_id, event_kind, item_id, actor.agency_id,
                                        actor.user_id, field_class, summary, now);
  if (auto s = tx.AppendCaseEvent(e); !s.ok()) return s.status();
  return tx.AppendAudit(MakeAuditEntry(actor, audit_action, record_type, record_id, now)).status();
}

Result<int64_t> RequiredVersion(const boost::json::object& input) {
  const auto* v = input.if_contains("version");
  if (v == nullptr) {
    return InvalidArgument("the request is not valid",
                           {{"version", "is required: the version you last read"}});
  }
  if (!v->is_int64() || v->as_int64() < 1) {
    return InvalidArgument("the request is not valid",
                           {{"version", "must be a positive whole number"}});
  }
  return v->as_int64();
}

Error ChangedSince(store::ReadTx& tx, const domain::Id& case_id, const domain::Id& item_id,
                   int64_t expected, int64_t current, const char* what) {
  std::string message = std::string("the ") + what + " was changed since version " +
                        std::to_string(expected) + " (it is now version " +
                        std::to_string(current) + ")";
  auto events = tx.ListCaseEvents(case_id);
  if (events.ok()) {
    for (auto it = events->rbegin(); it != events->rend(); ++it) {
      if (!item_id.empty() && it->item_id != item_id) continue;
      std::string who = it->agency_id;
      if (auto agency = tx.GetAgency(it->agency_id); agency.ok()) who = agency->code;
      if (!it->user_id.empty()) {
        if (auto user = tx.GetUser(it->user_id); user.ok())
          who.insert(0, user->display_name + ", ");
      }
      message.append(": last change by ").append(who).append(" at ").append(it->at);
      message.append(" (").append(it->summary).append(")");
      break;
    }
  }
  return Conflict(message + "; read it again and reapply your change");
}

Disclosed<domain::Case> RedactCase(domain::Case c, const access::Disclosure& d) {
  Disclosed<domain::Case> out;
  out.basis = d.basis;
  if (!d.Grants(access::kFieldNarrative)) {
    c.referral_reason.clear();
    auto why = d.withheld.find(std::string(access::kFieldNarrative));
    out.withheld.push_back({"referral_reason", why != d.withheld.end()
                                                   ? why->second
                                                   : "withheld: not shared with your agency"});
  }
  out.record = std::move(c);
  return out;
}

bool FieldClassGranted(const access::Disclosure& d, const std::string& field_class,
                       const std::string& role) {
  if (!d.Grants(field_class)) return false;
  if (field_class == access::kFieldVictimContact && access::WorksWithPerpetrator(role)) {
    return !d.agreement_id.empty();  // only a named agreement gives it to them
  }
  return true;
}

Result<const access::Disclosure*> DisclosureCache::For(store::ReadTx& tx,
                                                       const domain::Id& agency_id) {
  auto it = cache_.find(agency_id);
  if (it == cache_.end()) {
    auto d = access_.DiscloseShared(tx, actor_, "case", case_id_, agency_id, false);
    if (!d.ok()) return d.error();
    it = cache_.emplace(agency_id, std::move(*d)).first;
  }
  return it->second.get();
}

std::string Text(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return {};
  return std::string(v->as_string());
}

std::string CaseReference(int64_t number, std::string_view now_text) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "STK-%.4s-%06lld", now_text.data(),
                static_cast<long long>(number));
  return buf;
}

// Reads a facts object into the engine's facts; unknown members refused.
Status ParseFacts(const boost::json::object& in, risk::TriageFacts& facts) {
  std::vector<FieldError> errors;
  const std::pair<const char*, bool*> flags[] = {
      {"is_stalking", &facts.is_stalking},
      {"fear_of_violence", &facts.fear_of_violence},
      {"threats_or_violence", &facts.threats_or_violence},
      {"weapons", &facts.weapons},
      {"sexual_violence", &facts.sexual_violence},
      {"escalating", &facts.escalating},
      {"breach_of_order", &facts.breach_of_order},
      {"mental_health_concern", &facts.mental_health_concern},
      {"mappa_managed", &facts.mappa_managed},
      {"online_only", &facts.online_only}};
  const std::pair<const char*, int*> counts[] = {{"other_victims", &facts.other_victims},
                                                 {"incidents", &facts.incidents}};
  for (const auto& [key, value] : in) {
    bool known = false;
    for (const auto& [name, target] : flags) {
      if (key != name) continue;
      known = true;
      if (!value.is_bool()) {
        errors.push_back({"facts/" + std::string(key), "must be true or false"});
      } else {
        *target = value.as_bool();
      }
    }
    for (const auto& [name, target] : counts) {
      if (key != name) continue;
      known = true;
      if (!value.is_int64() || value.as_int64() < 0 || value.as_int64() > 10000) {
        errors.push_back({"facts/" + std::string(key), "must be a whole number from 0"});
      } else {
        *target = static_cast<int>(value.as_int64());
      }
    }
    if (!known) errors.push_back({"facts/" + std::string(key), "is not a triage fact"});
  }
  if (!errors.empty()) return InvalidArgument("the triage facts are not valid", std::move(errors));
  return Status::Ok();
}

boost::json::object FactsJson(const risk::TriageFacts& f) {
  return {{"is_stalking", f.is_stalking},
          {"fear_of_violence", f.fear_of_violence},
          {"threats_or_violence", f.threats_or_violence},
          {"weapons", f.weapons},
          {"sexual_violence", f.sexual_violence},
          {"other_victims", f.other_victims},
          {"incidents", f.incidents},
          {"escalating", f.escalating},
          {"breach_of_order", f.breach_of_order},
          {"mental_health_concern", f.mental_health_concern},
          {"mappa_managed", f.mappa_managed},
          {"online_only", f.online_only}};
}

void RequireCode(const boost::json::object& in, const char* name,
                 std::span<const domain::Code> codes, bool required, std::string& out,
                 std::vector<FieldError>& errors) {
  const auto* v = in.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (required) errors.push_back({name, "is required"});
    return;
  }
  if (!v->is_string() || !domain::IsCode(codes, v->as_string())) {
    std::string list;
    for (const auto& c : codes) list += (list.empty() ? "" : ", ") + std::string(c.code);
    errors.push_back({name, "must be one of: " + list});
    return;
  }
  out = std::string(v->as_string());
}

}  // namespace threadline::services::case_support
