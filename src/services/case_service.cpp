// CaseService: referral, the case header, triage, closure and the timeline.
// Items on the case are in case_service_items.cpp.

#include <algorithm>
#include <map>

#include "domain/case_lifecycle.hpp"
#include "domain/datetime.hpp"
#include "domain/vocabulary.hpp"
#include "services/audit.hpp"
#include "services/case_service.hpp"
#include "services/case_support.hpp"

namespace threadline::services {

using case_support::FactsJson;
using case_support::ParseFacts;
using case_support::Record;
using case_support::RequireCode;
using case_support::RequiredVersion;
using case_support::Text;

namespace {

constexpr size_t kMaxPageSize = 200;

bool IsFindingKey(std::string_view key) {
  if (key.empty() || key.size() > 100) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '_' || c == '-';
  });
}

std::string CodeLabel(std::span<const domain::Code> codes, std::string_view code) {
  for (const auto& c : codes) {
    if (c.code == code) return std::string(c.label);
  }
  return std::string(code);
}

boost::json::array ReasonsJson(const risk::TierSuggestion& s) {
  boost::json::array out;
  for (const auto& r : s.reasons) {
    out.push_back(boost::json::object{{"rule_id", r.rule_id}, {"tier", r.tier}, {"text", r.text}});
  }
  return out;
}

}  // namespace

Result<domain::WorkingCalendar> LoadWorkingCalendar(const refdata::RefData& data) {
  const auto csv = data.Read(domain::kBankHolidaysPath);
  if (!csv) return NotFound("the bank-holiday calendar is missing");
  return domain::WorkingCalendar::FromCsv(*csv);
}

// The case's own clock, so a case walked through at other times (the demo)
// dates its events and clocks by that time; an English date, because the
// Victims' Code counts days in England and Wales.
std::string CaseService::Today() const { return domain::FormatDate(domain::LondonDate(clock_())); }

Result<CaseService::Loaded> CaseService::LoadCase(store::ReadTx& tx, const Actor& actor,
                                                  const domain::Id& id) const {
  if (!domain::IsWellFormedId(id)) return NotFound("no such case");
  auto c = tx.GetCase(id);
  if (!c.ok()) return c.error();
  auto d = access_.DiscloseShared(tx, actor, "case", id, c->owner_agency_id, false);
  if (!d.ok()) return d.error();
  if (!(*d)->visible) return NotFound("no such case");
  return Loaded{std::move(*c), std::move(*d)};
}

Result<Disclosed<domain::Case>> CaseService::Refer(const Actor& actor,
                                                   const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.refer"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  domain::Case c;
  RequireCode(in, "source", domain::ReferralSources(), true, c.source, errors);
  const std::string to = Text(in, "to");
  const std::string screening_id = Text(in, "screening_id");
  for (const auto& [key, value] : in) {
    static const std::vector<std::string_view> known = {"source",           "to",
                                                        "report_ids",       "finding_keys",
                                                        "victim_person_id", "suspect_person_id",
                                                        "reason",           "screening_id"};
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      errors.push_back({std::string(key), "is not a field of a referral"});
    }
  }
  FieldSpec reason_spec{"reason", FieldType::kLongText, true};
  boost::json::value reason;
  if (const auto* r = in.if_contains("reason")) {
    if (Status s = ValidateField(reason_spec, *r, reason); !s.ok()) {
      errors.push_back(s.error().fields.front());
    } else {
      c.referral_reason = std::string(reason.as_string());
    }
  }
  const FieldSpec ids_spec{"report_ids", FieldType::kIdList};
  if (const auto* r = in.if_contains("report_ids")) {
    boost::json::value ids;
    if (Status s = ValidateField(ids_spec, *r, ids); !s.ok()) {
      errors.push_back(s.error().fields.front());
    } else {
      for (const auto& id : ids.as_array()) c.report_ids.emplace_back(id.as_string());
    }
  }
  if (const auto* f = in.if_contains("finding_keys")) {
    if (!f->is_array() || f->as_array().size() > 100) {
      errors.push_back({"finding_keys", "must be a list of finding keys"});
    } else {
      for (const auto& k : f->as_array()) {
        if (!k.is_string() || !IsFindingKey(k.as_string())) {
          errors.push_back({"finding_keys", "must be a list of finding keys"});
          break;
        }
        c.finding_keys.emplace_back(k.as_string());
      }
    }
  }
  for (const char* name : {"victim_person_id", "suspect_person_id", "screening_id"}) {
    const auto* v = in.if_contains(name);
    if (v != nullptr && (!v->is_string() || !domain::IsWellFormedId(v->as_string()))) {
      errors.push_back({name, "must be a record id"});
    }
  }
  c.victim_person_id = Text(in, "victim_person_id");
  c.suspect_person_id = Text(in, "suspect_person_id");
  if (!errors.empty()) return InvalidArgument("the referral is not valid", std::move(errors));

  const int64_t now = clock_();
  const std::string now_text = domain::FormatTimestamp(now);
  Disclosed<domain::Case> shown;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    std::vector<FieldError> bad;
    // The hub: a police force; by default the referrer's own.
    domain::Agency hub;
    if (!to.empty()) {
      auto a = tx.GetAgencyByCode(to);
      if (!a.ok() && a.error().code != ErrorCode::kNotFound) return a.status();
      if (!a.ok() || a->kind != "police_force") {
        bad.push_back({"to", "must be the code of the police force running the programme"});
      } else {
        hub = *a;
      }
    } else {
      auto a = tx.GetAgency(actor.agency_id);
      if (!a.ok() || a->kind != "police_force") {
        bad.push_back({"to", "is required: name the police force running the programme"});
      } else {
        hub = *a;
      }
    }
    if (!screening_id.empty()) {
      auto sc = tx.GetScreening(screening_id);
      if (!sc.ok() && sc.error().code != ErrorCode::kNotFound) return sc.status();
      Result<std::optional<domain::Report>> r = std::optional<domain::Report>();
      if (sc.ok()) r = access_.VisibleReport(tx, actor, sc->report_id);
      if (!r.ok()) return r.status();
      if (!r->has_value()) {
        bad.push_back({"screening_id", "no such screening"});
      } else {
        const domain::Report& report = **r;
        if (std::find(c.report_ids.begin(), c.report_ids.end(), report.id) == c.report_ids.end()) {
          c.report_ids.insert(c.report_ids.begin(), report.id);
        }
        for (const auto& p : report.parties) {
          if (p.role == "victim" && c.victim_person_id.empty()) c.victim_person_id = p.person_id;
          if (p.role == "suspect" && c.suspect_person_id.empty()) {
            c.suspect_person_id = p.person_id;
          }
        }
        c.risk_level = sc->risk_level;
        if (c.referral_reason.empty()) {
          c.referral_reason = "Screened as " + sc->principal + ", risk " + sc->risk_level;
        }
      }
    }
    if (c.referral_reason.empty()) bad.push_back({"reason", "is required"});
    if (c.source == "police_report" && c.report_ids.empty()) {
      bad.push_back({"report_ids", "a referral from a police report names the report"});
    }
    for (size_t i = 0; i < c.report_ids.size(); ++i) {
      auto r = access_.VisibleReport(tx, actor, c.report_ids[i]);
      if (!r.ok()) return r.status();
      if (!r->has_value()) bad.push_back({"report_ids/" + std::to_string(i), "no such report"});
    }
    for (const auto* person : {&c.victim_person_id, &c.suspect_person_id}) {
      if (person->empty()) continue;
      auto p = access_.VisiblePerson(tx, actor, *person);
      if (!p.ok()) return p.status();
      if (!p->has_value()) {
        bad.push_back({person == &c.victim_person_id ? "victim_person_id" : "suspect_person_id",
                       "no such person"});
      }
    }
    if (!bad.empty()) return InvalidArgument("the referral is not valid", std::move(bad));

    auto count = tx.Count(store::Table::kCases);
    if (!count.ok()) return count.status();
    c.id = domain::NewId();
    c.reference = case_support::CaseReference(*count + 1, now_text);
    c.owner_agency_id = hub.id;
    c.referred_by_agency_id = actor.agency_id.empty() ? hub.id : actor.agency_id;
    c.status = std::string(domain::FindLifecycle("case")->initial());
    c.created_at = now_text;
    c.created_by = actor.user_id;
    c.updated_at = now_text;
    c.version = 1;
    if (Status s = tx.InsertCase(c); !s.ok()) return s;
    std::string from = actor.agency_id;
    if (auto a = tx.GetAgency(c.referred_by_agency_id); a.ok()) from = a->code;
    const std::string summary =
        "Referred by " + from + " (" + CodeLabel(domain::ReferralSources(), c.source) + ")" +
        (c.report_ids.empty() ? "" : ", " + std::to_string(c.report_ids.size()) + " report(s)");
    if (Status s = Record(tx, actor, c.id, "case.referred", "", "core", summary, now, "case.refer",
                          "case", c.id);
        !s.ok()) {
      return s;
    }
    auto d = access_.Disclose(tx, actor, "case", c.id, c.owner_agency_id, false);
    if (!d.ok()) return d.status();
    // A referrer whose agency receives nothing of the hub's cases still
    // gets the reference of what they sent.
    if (!d->visible) {
      shown.record.id = c.id;
      shown.record.reference = c.reference;
      shown.record.status = c.status;
      shown.basis = "referrer";
      return Status::Ok();
    }
    shown = case_support::RedactCase(c, *d);
    return Status::Ok();
  });
  if (!written.ok()) return written.error();
  return shown;
}

Result<Disclosed<domain::Case>> CaseService::Get(const Actor& actor, const domain::Id& id) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  Disclosed<domain::Case> shown;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, id);
    if (!loaded.ok()) return loaded.status();
    purpose = AuditPurpose(*loaded->disclosure);
    shown = case_support::RedactCase(std::move(loaded->kase), *loaded->disclosure);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "case.read", "case", id, clock_(), purpose); !s.ok()) {
    return s.error();
  }
  return shown;
}

Result<CaseListPage> CaseService::List(const Actor& actor, const CaseQuery& query) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  const domain::Lifecycle* lifecycle = domain::FindLifecycle("case");
  if (!query.status.empty() && !lifecycle->IsStatus(query.status)) {
    errors.push_back({"status", "must be one of: referred, open, closed"});
  }
  if (query.tier < 0 || query.tier > 4) errors.push_back({"tier", "must be 1 to 4"});
  if (query.limit == 0 || query.limit > kMaxPageSize) {
    errors.push_back({"limit", "must be between 1 and " + std::to_string(kMaxPageSize)});
  }
  if (!query.source.empty() && !domain::IsCode(domain::ReferralSources(), query.source)) {
    errors.push_back({"source", "must be one of the referral sources"});
  }
  if (!query.person_id.empty() && !domain::IsWellFormedId(query.person_id)) {
    errors.push_back({"person_id", "must be a record id"});
  }
  if (!errors.empty()) return InvalidArgument("the query is not valid", std::move(errors));
  CaseListPage page;
  std::vector<domain::Id> disclosed;
  std::vector<std::string> purposes;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    store::CaseFilter filter;
    filter.status = query.status;
    filter.tier = query.tier;
    filter.person_id = query.person_id;
    filter.source = query.source;
    filter.cursor = query.cursor;
    filter.limit = query.limit;
    if (!actor.is_system()) {
      auto owners = access_.VisibleOwners(tx, actor, "case");
      if (!owners.ok()) return owners.status();
      filter.owner_scope = std::move(*owners);
    }
    auto p = tx.ListCases(filter);
    if (!p.ok()) return p.status();
    page.next_cursor = p->next_cursor;
    for (auto& c : p->cases) {
      auto shared = access_.DiscloseShared(tx, actor, "case", c.id, c.owner_agency_id, false);
      if (!shared.ok()) return shared.status();
      const access::Disclosure& d = **shared;
      if (!d.visible) continue;
      disclosed.push_back(c.id);
      purposes.push_back(AuditPurpose(d));
      page.cases.push_back(case_support::RedactCase(std::move(c), d));
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s =
          AuditDisclosures(store_, actor, "case.list", "case", disclosed, clock_(), purposes);
      !s.ok()) {
    return s.error();
  }
  return page;
}

Result<Disclosed<domain::Case>> CaseService::ChangeCase(const Actor& actor, const domain::Id& id,
                                                        int64_t version, std::string_view event,
                                                        const std::string& event_kind,
                                                        const std::string& audit_action,
                                                        const CaseChange& change) {
  const int64_t now = clock_();
  Disclosed<domain::Case> shown;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, id);
    if (!loaded.ok()) return loaded.status();
    domain::Case c = loaded->kase;
    if (!event.empty()) {
      auto transition = domain::FindLifecycle("case")->Apply(c.status, event);
      if (!transition.ok()) return transition.error();
      c.status = std::string((*transition)->to);
    }
    if (loaded->kase.version != version) {
      return case_support::ChangedSince(tx, c.id, "", version, loaded->kase.version, "case");
    }
    auto summary = change(tx, c);
    if (!summary.ok()) return summary.status();
    c.version += 1;
    c.updated_at = domain::FormatTimestamp(now);
    if (Status s = tx.UpdateCase(c, version); !s.ok()) return s;
    if (Status s = Record(tx, actor, c.id, event_kind, "", "core", *summary, now, audit_action,
                          "case", c.id);
        !s.ok()) {
      return s;
    }
    shown = case_support::RedactCase(std::move(c), *loaded->disclosure);
    return Status::Ok();
  });
  if (!written.ok()) return written.error();
  return shown;
}

Result<Disclosed<domain::Case>> CaseService::Update(const Actor& actor, const domain::Id& id,
                                                    const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.triage"); !s.ok()) return s.error();
  auto version = RequiredVersion(in);
  if (!version.ok()) return version.error();
  std::vector<FieldError> errors;
  for (const auto& [key, value] : in) {
    if (key != "version" && key != "lead_user_id" && key != "enhanced_rights" &&
        key != "not_enhanced_reason") {
      errors.push_back({std::string(key), "cannot be changed here"});
    }
  }
  const auto* enhanced = in.if_contains("enhanced_rights");
  if (enhanced != nullptr && !enhanced->is_bool()) {
    errors.push_back({"enhanced_rights", "must be true or false"});
  }
  const std::string reason = Text(in, "not_enhanced_reason");
  if (enhanced != nullptr && enhanced->is_bool() && !enhanced->as_bool() && reason.size() < 10) {
    errors.push_back({"not_enhanced_reason",
                      "is required (at least 10 characters): stalking victims are entitled to "
                      "enhanced rights unless an assessor records why not"});
  }
  const std::string lead = Text(in, "lead_user_id");
  if (in.contains("lead_user_id") && !domain::IsWellFormedId(lead)) {
    errors.push_back({"lead_user_id", "must be a user id"});
  }
  if (!errors.empty()) return InvalidArgument("the change is not valid", std::move(errors));
  return ChangeCase(
      actor, id, *version, "", "case.updated", "case.update",
      [&](store::WriteTx& tx, domain::Case& c) -> Result<std::string> {
        std::string summary;
        if (!lead.empty()) {
          auto user = tx.GetUser(lead);
          if (!user.ok()) {
            return InvalidArgument("the change is not valid", {{"lead_user_id", "no such user"}});
          }
          c.lead_user_id = lead;
          summary = "Case lead changed";
        }
        if (enhanced != nullptr) {
          c.enhanced_rights = enhanced->as_bool();
          c.not_enhanced_reason = c.enhanced_rights ? "" : reason;
          summary += std::string(summary.empty() ? "" : "; ") +
                     (c.enhanced_rights ? "Victims' Code: enhanced rights"
                                        : "Victims' Code: standard rights (reason recorded)");
        }
        return summary.empty() ? std::string("Case reviewed without change") : summary;
      });
}

Result<risk::TierSuggestion> CaseService::SuggestTier(const Actor& actor, const domain::Id& id,
                                                      const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.triage"); !s.ok()) return s.error();
  risk::TriageFacts facts;
  std::string risk_level;
  std::string case_type;
  std::vector<FieldError> errors;
  RequireCode(in, "risk_level", domain::RiskLevels(), true, risk_level, errors);
  RequireCode(in, "case_type", domain::CaseTypes(), false, case_type, errors);
  for (const auto& [key, value] : in) {
    if (key != "risk_level" && key != "case_type" && key != "facts") {
      errors.push_back({std::string(key), "is not a field of a tier suggestion"});
    }
  }
  if (const auto* f = in.if_contains("facts")) {
    if (!f->is_object()) {
      errors.push_back({"facts", "must be an object"});
    } else if (Status s = ParseFacts(f->as_object(), facts); !s.ok()) {
      for (const auto& e : s.error().fields) errors.push_back(e);
    }
  }
  if (!errors.empty()) return InvalidArgument("the request is not valid", std::move(errors));
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, id);
    if (!loaded.ok()) return loaded.status();
    if (case_type.empty()) case_type = loaded->kase.case_type;
    purpose = AuditPurpose(*loaded->disclosure);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  facts.risk_level = risk_level;
  facts.domestic = domain::IsDomesticCaseType(case_type);
  if (Status s = AuditRead(store_, actor, "case.tier_suggestion", "case", id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return tiers_.Suggest(facts);
}

Result<TriageResult> CaseService::Triage(const Actor& actor, const domain::Id& id,
                                         const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.triage"); !s.ok()) return s.error();
  auto version = RequiredVersion(in);
  if (!version.ok()) return version.error();
  std::vector<FieldError> errors;
  static const std::vector<std::string_view> known = {
      "version", "participants", "case_type",       "motivation",  "risk_level",        "facts",
      "tier",    "rationale",    "override_reason", "action_plan", "safeguarding_plan", "advice"};
  for (const auto& [key, value] : in) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      errors.push_back({std::string(key), "is not a field of a triage"});
    }
  }
  std::string case_type;
  std::string motivation;
  std::string risk_level;
  RequireCode(in, "case_type", domain::CaseTypes(), true, case_type, errors);
  RequireCode(in, "motivation", domain::Motivations(), false, motivation, errors);
  RequireCode(in, "risk_level", domain::RiskLevels(), true, risk_level, errors);
  risk::TriageFacts facts;
  if (const auto* f = in.if_contains("facts")) {
    if (!f->is_object()) {
      errors.push_back({"facts", "must be an object"});
    } else if (Status s = ParseFacts(f->as_object(), facts); !s.ok()) {
      for (const auto& e : s.error().fields) errors.push_back(e);
    }
  }
  facts.risk_level = risk_level;
  facts.domestic = domain::IsDomesticCaseType(case_type);
  boost::json::value participants;
  const FieldSpec participants_spec{"participants", FieldType::kParticipants, true};
  if (const auto* p = in.if_contains("participants")) {
    if (Status s = ValidateField(participants_spec, *p, participants); !s.ok()) {
      errors.push_back(s.error().fields.front());
    } else if (participants.as_array().empty()) {
      errors.push_back({"participants", "must name who took part"});
    }
  } else {
    errors.push_back({"participants", "is required: who took part (agency and role)"});
  }
  const FieldSpec text_spec{"text", FieldType::kLongText, false};
  auto text_field = [&](const char* name) {
    std::string out;
    if (const auto* v = in.if_contains(name)) {
      boost::json::value n;
      if (Status s = ValidateField(text_spec, *v, n); !s.ok()) {
        errors.push_back({name, s.error().fields.front().message});
      } else {
        out = std::string(n.as_string());
      }
    }
    return out;
  };
  const std::string rationale = text_field("rationale");
  const std::string override_reason = text_field("override_reason");
  const std::string safeguarding = text_field("safeguarding_plan");
  const std::string advice = text_field("advice");
  std::string action_plan;
  if (const auto* ap = in.if_contains("action_plan")) {
    if (!ap->is_object()) {
      errors.push_back({"action_plan", "must be an object"});
    } else {
      static const std::pair<const char*, const char*> parts[] = {
          {"investigation", "Investigation"},
          {"crime_recording", "Crime recording"},
          {"interview_perpetrator", "Interviewing the perpetrator"},
          {"risk_management", "Risk management"}};
      for (const auto& [key, value] : ap->as_object()) {
        const auto* part = std::find_if(std::begin(parts), std::end(parts),
                                        [&](const auto& p) { return key == p.first; });
        boost::json::value n;
        if (part == std::end(parts)) {
          errors.push_back({"action_plan/" + std::string(key), "is not a part of an action plan"});
        } else if (Status s = ValidateField(text_spec, value, n); !s.ok()) {
          errors.push_back({"action_plan/" + std::string(key), s.error().fields.front().message});
        } else if (!n.as_string().empty()) {
          action_plan += std::string(part->second) + ": " + std::string(n.as_string()) + "\n";
        }
      }
    }
  }
  const risk::TierSuggestion suggestion = tiers_.Suggest(facts);
  int tier = 0;
  if (facts.is_stalking) {
    if (rationale.empty()) errors.push_back({"rationale", "is required: why this tier"});
    const auto* t = in.if_contains("tier");
    if (t == nullptr) {
      errors.push_back(
          {"tier", "is required (suggested: " + std::to_string(suggestion.tier) + ")"});
    } else if (!t->is_int64()) {
      errors.push_back({"tier", "must be a whole number from 1 to 4"});
    } else {
      tier = static_cast<int>(std::clamp<int64_t>(t->as_int64(), -1, 99));
      if (tier < 1 || tier > 4) {
        Error e = Conflict("tier " + std::to_string(t->as_int64()) +
                           " is not one of the four tiers; allowed: 1, 2, 3, 4");
        e.allowed = {"1", "2", "3", "4"};
        return e;
      }
      if (tier != suggestion.tier && override_reason.size() < 10) {
        errors.push_back({"override_reason",
                          "is required when the tier differs from the "
                          "suggested tier " +
                              std::to_string(suggestion.tier) + " (at least 10 characters)"});
      }
    }
  } else if (advice.empty()) {
    errors.push_back({"advice",
                      "is required when the conduct is not stalking: the written "
                      "advice to the referrer"});
  }
  if (!errors.empty()) return InvalidArgument("the triage is not valid", std::move(errors));

  const int64_t now = clock_();
  const std::string now_text = domain::FormatTimestamp(now);
  TriageResult result;
  result.suggestion = suggestion;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, id);
    if (!loaded.ok()) return loaded.status();
    domain::Case c = loaded->kase;
    const char* event = facts.is_stalking ? "triage" : "close_with_advice";
    auto transition = domain::FindLifecycle("case")->Apply(c.status, event);
    if (!transition.ok()) return transition.error();
    if (c.version != *version) {
      return case_support::ChangedSince(tx, c.id, "", *version, c.version, "case");
    }
    for (const auto& p : participants.as_array()) {
      const std::string code(p.as_object().at("agency").as_string());
      auto a = tx.GetAgencyByCode(code);
      if (!a.ok()) {
        return InvalidArgument("the triage is not valid",
                               {{"participants", "\"" + code + "\" is not an agency code"}});
      }
    }
    boost::json::object body{{"participants", participants},
                             {"case_type", case_type},
                             {"motivation", motivation},
                             {"risk_level", risk_level},
                             {"facts", FactsJson(facts)},
                             {"suggested_tier", suggestion.tier},
                             {"suggestion_reasons", ReasonsJson(suggestion)},
                             {"rules_version", suggestion.rules_version},
                             {"tier", tier},
                             {"rationale", rationale},
                             {"override_reason", override_reason},
                             {"advice", advice}};
    domain::CaseItem item;
    item.id = domain::NewId();
    item.case_id = c.id;
    item.kind = "triage";
    item.subtype = facts.is_stalking ? "tier_" + std::to_string(tier) : "advice";
    item.agency_id = actor.agency_id.empty() ? c.owner_agency_id : actor.agency_id;
    item.field_class = "core";
    item.body_json = boost::json::serialize(body);
    item.created_at = item.updated_at = now_text;
    item.created_by = item.updated_by = actor.user_id;
    if (Status s = tx.InsertCaseItem(item); !s.ok()) return s;

    const int previous_tier = c.tier;
    c.status = std::string((*transition)->to);
    c.tier = tier;
    c.case_type = case_type;
    if (!motivation.empty()) c.motivation = motivation;
    c.risk_level = risk_level;
    if (!facts.is_stalking) c.closure_reason = "Not stalking: written advice given to the referrer";
    c.version += 1;
    c.updated_at = now_text;
    if (Status s = tx.UpdateCase(c, *version); !s.ok()) return s;
    std::string summary;
    if (facts.is_stalking) {
      summary = (previous_tier == 0 ? "Triaged: tier " : "Re-triaged: tier ") +
                std::to_string(tier) + " (rules suggested tier " + std::to_string(suggestion.tier) +
                (tier != suggestion.tier ? ", overridden" : "") + "), risk " + risk_level;
      if (previous_tier != 0 && previous_tier != tier) {
        summary += ", was tier " + std::to_string(previous_tier);
      }
    } else {
      summary = "Not stalking: closed with written advice to the referrer";
    }
    if (Status s = Record(tx, actor, c.id, facts.is_stalking ? "case.triaged" : "case.closed",
                          item.id, "core", summary, now, "case.triage", "case", c.id);
        !s.ok()) {
      return s;
    }
    // The plans the consultation agreed, each its own editable record.
    const std::pair<const char*, const std::string*> plans[] = {
        {"action_plan", &action_plan}, {"safeguarding_plan", &safeguarding}};
    for (const auto& [type, text] : plans) {
      if (text->empty()) continue;
      domain::CaseItem plan;
      plan.id = domain::NewId();
      plan.case_id = c.id;
      plan.kind = "plan";
      plan.subtype = type;
      plan.agency_id = item.agency_id;
      plan.field_class = "narrative";
      plan.body_json =
          boost::json::serialize(boost::json::object{{"plan_type", type}, {"text", *text}});
      plan.created_at = plan.updated_at = now_text;
      plan.created_by = plan.updated_by = actor.user_id;
      if (Status s = tx.InsertCaseItem(plan); !s.ok()) return s;
      if (Status s = Record(tx, actor, c.id, "plan.recorded", plan.id, "narrative",
                            std::string("Plan agreed at triage (") + type + ")", now,
                            "case.plan.create", "case_item", plan.id);
          !s.ok()) {
        return s;
      }
    }
    result.triage = ViewItem(item, *loaded->disclosure, c, actor);
    result.kase = case_support::RedactCase(std::move(c), *loaded->disclosure);
    return Status::Ok();
  });
  if (!written.ok()) return written.error();
  return result;
}

Result<Disclosed<domain::Case>> CaseService::Close(const Actor& actor, const domain::Id& id,
                                                   const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.triage"); !s.ok()) return s.error();
  auto version = RequiredVersion(in);
  if (!version.ok()) return version.error();
  std::vector<FieldError> errors;
  for (const auto& [key, value] : in) {
    if (key != "version" && key != "reason") {
      errors.push_back({std::string(key), "is not a field of a closure"});
    }
  }
  const auto* r = in.if_contains("reason");
  if (r != nullptr && !r->is_string()) errors.push_back({"reason", "must be a string"});
  if (!errors.empty()) return InvalidArgument("the closure is not valid", std::move(errors));
  const std::string reason = Text(in, "reason");
  return ChangeCase(
      actor, id, *version, "close", "case.closed", "case.close",
      [&](store::WriteTx& tx, domain::Case& c) -> Result<std::string> {
        auto actions = tx.ListCaseItems(c.id, "action");
        if (!actions.ok()) return actions.error();
        const auto open =
            std::count_if(actions->begin(), actions->end(),
                          [](const domain::CaseItem& a) { return a.status == "open"; });
        if (open > 0 && reason.size() < 10) {
          Error e = Conflict(std::to_string(open) +
                             " action(s) are still open: complete or cancel them, or give a "
                             "reason (at least 10 characters) for closing with them open");
          e.allowed = {"complete the open actions", "cancel the open actions",
                       "close with a reason"};
          return e;
        }
        c.closure_reason = reason;
        return open > 0
                   ? "Closed with " + std::to_string(open) + " action(s) open (reason recorded)"
                   : std::string("Closed");
      });
}

Result<Disclosed<domain::Case>> CaseService::Reopen(const Actor& actor, const domain::Id& id,
                                                    const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.triage"); !s.ok()) return s.error();
  auto version = RequiredVersion(in);
  if (!version.ok()) return version.error();
  const std::string reason = Text(in, "reason");
  if (reason.size() < 10 || in.size() != 2) {
    return InvalidArgument("the request is not valid",
                           {{"reason", "is required (at least 10 characters): why reopen"}});
  }
  return ChangeCase(actor, id, *version, "reopen", "case.reopened", "case.reopen",
                    [](store::WriteTx&, domain::Case& c) -> Result<std::string> {
                      c.closure_reason.clear();
                      return std::string("Reopened");
                    });
}

Result<Timeline> CaseService::GetTimeline(const Actor& actor, const domain::Id& case_id) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  Timeline timeline;
  timeline.case_id = case_id;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, case_id);
    if (!loaded.ok()) return loaded.status();
    purpose = AuditPurpose(*loaded->disclosure);
    auto events = tx.ListCaseEvents(case_id);
    if (!events.ok()) return events.status();
    auto agencies = tx.ListAgencies();
    if (!agencies.ok()) return agencies.status();
    std::map<domain::Id, std::string> codes;
    for (const auto& a : *agencies) codes[a.id] = a.code;
    case_support::DisclosureCache disclosures(access_, actor, case_id);
    timeline.entries.reserve(events->size());
    for (auto& e : *events) {
      TimelineEntry entry;
      entry.agency_code = codes[e.agency_id];
      if (e.agency_id != actor.agency_id) {
        auto d = disclosures.For(tx, e.agency_id);
        if (!d.ok()) return d.status();
        if (!(*d)->visible) {
          ++timeline.withheld_events;
          continue;
        }
        if (!case_support::FieldClassGranted(**d, e.field_class, actor.role)) {
          e.summary.clear();
          auto why = (*d)->withheld.find(e.field_class);
          entry.withheld_reason = why != (*d)->withheld.end()
                                      ? why->second
                                      : "withheld: " + e.field_class + " is not shared with you";
        }
      }
      entry.event = std::move(e);
      timeline.entries.push_back(std::move(entry));
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "case.timeline.read", "case", case_id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return timeline;
}

}  // namespace threadline::services
