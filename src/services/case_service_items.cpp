// CaseService: the things recorded on a case and their lifecycles, criminal
// justice outcomes, Victims' Code clocks and due work.

#include <algorithm>
#include <map>

#include "domain/case_lifecycle.hpp"
#include "domain/datetime.hpp"
#include "domain/text.hpp"
#include "domain/vocabulary.hpp"
#include "services/audit.hpp"
#include "services/case_service.hpp"
#include "services/case_support.hpp"

namespace threadline::services {

using case_support::Record;
using case_support::RequiredVersion;
using case_support::Text;

namespace {

constexpr int kSpoMinimumYears = 2;
constexpr int kNotificationDays = 3;  // the subject of an SPO notifies within three days

int RiskRank(std::string_view level) {
  if (level == "high") return 3;
  if (level == "medium") return 2;
  if (level == "standard") return 1;
  return 0;
}

std::string AddDays(const std::string& date, int days) {
  const auto d = domain::ParseDate(date);
  if (!d) return date;
  return domain::FormatDate(domain::CivilFromDays(domain::DaysFromCivil(*d) + days));
}

// The line on the timeline: coded fields only, never free text.
std::string Summary(const KindSpec& spec, const boost::json::object& body) {
  const auto s = [&](const char* name) { return Text(body, name); };
  if (spec.kind == "action") {
    return "Action (" + s("category") + ") for " + s("owner_agency") + ", due " + s("due_on");
  }
  if (spec.kind == "decision") {
    return "Decision: " + s("decision") + "; victim to be told by " + s("due_on");
  }
  if (spec.kind == "contact") return "Contact with " + s("with") + " by " + s("channel");
  if (spec.kind == "consent") {
    const auto* given = body.if_contains("given");
    return "Consent for " + s("purpose") + " to " + s("receiving_agency") + ": " +
           (given != nullptr && given->is_bool() && given->as_bool() ? "given" : "refused");
  }
  if (spec.kind == "order") return "Protection order (" + s("order_type") + ") considered";
  if (spec.kind == "breach") {
    return "Breach of an order on " + s("occurred_on") + ", outcome " + s("outcome");
  }
  if (spec.kind == "risk_assessment") {
    return "Risk assessment (" + s("tool") + "): " + s("risk_level");
  }
  if (spec.kind == "advocacy") return "Advocacy offered by " + s("advocate_agency");
  if (spec.kind == "mappa") {
    return "MAPPA category " + std::to_string(body.at("category").as_int64()) + ", level " +
           std::to_string(body.at("level").as_int64());
  }
  std::string out(spec.label);
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  const std::string sub = spec.subtype_field.empty() ? "" : s(spec.subtype_field.data());
  return out + " recorded" + (sub.empty() ? "" : " (" + sub + ")");
}

Result<domain::Agency> AgencyByCode(store::ReadTx& tx, const std::string& code, const char* field,
                                    const char* what) {
  auto a = tx.GetAgencyByCode(code);
  if (a.ok()) return a;
  if (a.error().code != ErrorCode::kNotFound) return a.error();
  return InvalidArgument("the request is not valid", {{field, std::string("is not ") + what}});
}

Error ClosedCase() {
  Error e = Conflict("the case is closed; reopen it before recording more");
  e.allowed = {"reopen"};
  return e;
}

}  // namespace

std::optional<VictimsCodeClock> CaseService::ClockOf(const domain::CaseItem& item) const {
  if (item.kind != "decision") return std::nullopt;
  VictimsCodeClock clock;
  clock.due_on = item.due_on;
  boost::system::error_code ec;
  const auto body = boost::json::parse(item.body_json, ec);
  if (!ec && body.is_object()) {
    if (const auto* wd = body.as_object().if_contains("working_days"); wd && wd->is_int64()) {
      clock.working_days = static_cast<int>(wd->as_int64());
    }
  }
  if (item.status == "informed") {
    const std::string informed = ec ? "" : Text(body.as_object(), "informed_on");
    clock.state = informed <= item.due_on ? "met" : "breached";
  } else {
    clock.state = Today() > item.due_on ? "overdue" : "awaiting";
  }
  return clock;
}

CaseItemView CaseService::ViewItem(const domain::CaseItem& item, const access::Disclosure& d,
                                   const domain::Case&, const Actor& actor) const {
  CaseItemView view;
  view.item = item;
  view.basis = item.agency_id == actor.agency_id ? "own agency" : d.basis;
  if (item.agency_id != actor.agency_id &&
      !case_support::FieldClassGranted(d, item.field_class, actor.role)) {
    view.item.body_json = "null";
    auto why = d.withheld.find(item.field_class);
    view.withheld.push_back({"body", why != d.withheld.end()
                                         ? why->second
                                         : "withheld: " + item.field_class +
                                               " information is not shared with your agency"});
  }
  if (const KindSpec* spec = FindKind(item.kind); spec && !spec->lifecycle.empty()) {
    view.allowed_events = domain::FindLifecycle(spec->lifecycle)->AllowedEvents(item.status);
  }
  view.clock = ClockOf(item);
  return view;
}

Result<CaseItemView> CaseService::DiscloseItem(store::ReadTx& tx, const Actor& actor,
                                               const domain::CaseItem& item,
                                               const domain::Case& kase) const {
  auto d = access_.Disclose(tx, actor, "case", kase.id, item.agency_id, false);
  if (!d.ok()) return d.error();
  if (item.agency_id != actor.agency_id && !d->visible) return NotFound("no such case item");
  return ViewItem(item, *d, kase, actor);
}

Result<CaseItemView> CaseService::AddItem(const Actor& actor, const domain::Id& case_id,
                                          const KindSpec& spec, const boost::json::object& in) {
  if (Status s = access_.Require(actor, spec.action); !s.ok()) return s.error();
  if (spec.dedicated) {
    return InvalidArgument("a " + std::string(spec.label) + " is recorded through its own request");
  }
  auto validated = ValidateBody(spec, in, false);
  if (!validated.ok()) return validated.error();
  boost::json::object body = std::move(*validated);
  const int64_t now = clock_();
  const std::string now_text = domain::FormatTimestamp(now);
  const std::string today = Today();
  CaseItemView view;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, case_id);
    if (!loaded.ok()) return loaded.status();
    domain::Case& c = loaded->kase;
    if (c.status == "closed") return ClosedCase();
    for (const auto& f : spec.fields) {
      if (f.type != FieldType::kAgencyCode || !body.contains(f.name)) continue;
      auto a = AgencyByCode(tx, Text(body, f.name.data()), f.name.data(), "an agency code");
      if (!a.ok()) return a.status();
    }
    domain::CaseItem item;
    item.id = domain::NewId();
    item.case_id = c.id;
    item.kind = std::string(spec.kind);
    item.agency_id = actor.agency_id.empty() ? c.owner_agency_id : actor.agency_id;
    item.field_class = std::string(spec.field_class);
    if (!spec.lifecycle.empty()) {
      item.status = std::string(domain::FindLifecycle(spec.lifecycle)->initial());
    }
    bool case_changed = false;
    std::optional<risk::TriageFacts> retriage;  // facts after this item, when they changed

    // What each kind must satisfy beyond its field types.
    if (spec.kind == "action" && body.contains("owner_user_id")) {
      auto user = tx.GetUser(Text(body, "owner_user_id"));
      auto agency = tx.GetAgencyByCode(Text(body, "owner_agency"));
      if (!user.ok() || !agency.ok() || user->agency_id != agency->id) {
        return InvalidArgument("the action is not valid",
                               {{"owner_user_id", "is not a user of the owning agency"}});
      }
    } else if (spec.kind == "consent") {
      const bool given = body.at("given").as_bool();
      if (!given && Text(body, "lawful_basis").size() < 5) {
        return InvalidArgument("the consent is not valid",
                               {{"lawful_basis",
                                 "is required when consent is refused: information is then shared "
                                 "only on a lawful basis, which must be recorded"}});
      }
      if (!given) item.status = "refused";
    } else if (spec.kind == "contact" && Text(body, "with") == "victim") {
      auto prefs = tx.ListCaseItems(c.id, "safe_contact");
      if (!prefs.ok()) return prefs.status();
      if (!prefs->empty() && Text(body, "override_reason").size() < 10) {
        boost::system::error_code ec;
        auto p = boost::json::parse(prefs->back().body_json, ec);
        if (!ec && p.is_object()) {
          const auto& channels = p.as_object().at("channels").as_array();
          const std::string channel = Text(body, "channel");
          if (std::find(channels.begin(), channels.end(), boost::json::value(channel)) ==
              channels.end()) {
            Error e = Conflict("the victim's safe-contact preferences do not allow contact by " +
                               channel +
                               "; use an allowed channel or record an override_reason (at least "
                               "10 characters)");
            for (const auto& ch : channels) e.allowed.emplace_back(ch.as_string());
            return e;
          }
        }
      }
    } else if (spec.kind == "advocacy") {
      auto consent = tx.GetCaseItem(Text(body, "consent_id"));
      if (!consent.ok() || consent->case_id != c.id || consent->kind != "consent") {
        return InvalidArgument("the advocacy referral is not valid",
                               {{"consent_id", "is not a consent recorded on this case"}});
      }
      boost::system::error_code ec;
      auto cb = boost::json::parse(consent->body_json, ec);
      const bool right_purpose =
          !ec && cb.is_object() && Text(cb.as_object(), "purpose") == "advocacy_referral" &&
          Text(cb.as_object(), "receiving_agency") == Text(body, "advocate_agency");
      if (!right_purpose || consent->status != "given") {
        Error e = Conflict(
            "a referral to an advocate needs the victim's consent, given and not withdrawn, for "
            "an advocacy referral to that service");
        e.allowed = {"record consent for advocacy_referral to " + Text(body, "advocate_agency")};
        return e;
      }
      body.erase("advocate_user_id");  // allocation is its own step
    } else if (spec.kind == "evidence") {
      if (const auto* ids = body.if_contains("report_ids")) {
        for (const auto& r : ids->as_array()) {
          if (std::find(c.report_ids.begin(), c.report_ids.end(), r.as_string()) ==
              c.report_ids.end()) {
            return InvalidArgument("the evidence item is not valid",
                                   {{"report_ids", "must name reports of this case"}});
          }
        }
      }
      body["history"] = boost::json::array{boost::json::object{
          {"event", "received"}, {"on", today}, {"by", actor.user_id}, {"note", ""}}};
    } else if (spec.kind == "decision") {
      const std::string report_id = Text(body, "report_id");
      if (!report_id.empty() &&
          std::find(c.report_ids.begin(), c.report_ids.end(), report_id) == c.report_ids.end()) {
        return InvalidArgument("the decision is not valid",
                               {{"report_id", "must name a report of this case"}});
      }
      const int days = c.enhanced_rights ? 1 : 5;
      // The clock starts on the English date of the decision.
      const auto decided = domain::ParseTimestamp(Text(body, "decided_at"));
      body["working_days"] = days;
      body["due_on"] =
          domain::FormatDate(calendar_.AddWorkingDays(domain::LondonDate(*decided), days));
    } else if (spec.kind == "marac" && !domain::IsDomesticCaseType(c.case_type)) {
      Error e = Conflict("MARAC is for domestic abuse and this case is " +
                         (c.case_type.empty() ? std::string("not yet triaged") : c.case_type) +
                         "; non-domestic stalking goes to the stalking clinic");
      e.allowed = {"nominate the case to a stalking clinic"};
      return e;
    } else if (spec.kind == "breach") {
      auto order = tx.GetCaseItem(Text(body, "order_id"));
      if (!order.ok() || order->case_id != c.id || order->kind != "order") {
        return InvalidArgument("the breach is not valid",
                               {{"order_id", "is not an order recorded on this case"}});
      }
      if (order->status != "interim_granted" && order->status != "full_granted") {
        Error e = Conflict("an order can be breached only while it is in force; this one is " +
                           order->status);
        e.allowed = {"record the order as granted first"};
        return e;
      }
      risk::TriageFacts f;
      f.breach_of_order = true;
      retriage = f;
    } else if (spec.kind == "minutes") {
      auto panel = tx.GetPanel(Text(body, "panel_id"));
      if (!panel.ok()) {
        return InvalidArgument("the minutes are not valid", {{"panel_id", "no such panel"}});
      }
    } else if (spec.kind == "risk_assessment") {
      const std::string level = Text(body, "risk_level");
      if (RiskRank(level) != RiskRank(c.risk_level)) {
        if (RiskRank(level) > RiskRank(c.risk_level)) {
          risk::TriageFacts f;
          f.risk_level = level;
          retriage = f;
        }
        c.risk_level = level;
        case_changed = true;
      }
    }
    if (!spec.subtype_field.empty()) item.subtype = Text(body, spec.subtype_field.data());
    if (!spec.due_field.empty()) item.due_on = Text(body, spec.due_field.data());
    if (spec.kind == "decision") item.due_on = Text(body, "due_on");
    if (!spec.owner_field.empty()) item.owner_user_id = Text(body, spec.owner_field.data());
    item.body_json = boost::json::serialize(body);
    item.created_at = item.updated_at = now_text;
    item.created_by = item.updated_by = actor.user_id;
    if (Status s = tx.InsertCaseItem(item); !s.ok()) return s;
    if (Status s =
            Record(tx, actor, c.id, item.kind + ".recorded", item.id, item.field_class,
                   Summary(spec, body), now, "case." + item.kind + ".create", "case_item", item.id);
        !s.ok()) {
      return s;
    }
    if (case_changed) {
      const int64_t expected = c.version;
      c.version += 1;
      c.updated_at = now_text;
      if (Status s = tx.UpdateCase(c, expected); !s.ok()) return s;
    }
    if (retriage) {
      const risk::TriageFacts changed = *retriage;
      if (Status st = SuggestRetriage(tx, actor, c, item.id, now,
                                      [&](risk::TriageFacts& f) {
                                        f.breach_of_order =
                                            f.breach_of_order || changed.breach_of_order;
                                      });
          !st.ok()) {
        return st;
      }
    }
    view = ViewItem(item, *loaded->disclosure, c, actor);
    return Status::Ok();
  });
  if (!written.ok()) return written.error();
  return view;
}

Status CaseService::SuggestRetriage(store::WriteTx& tx, const Actor& actor, const domain::Case& c,
                                    const domain::Id& item_id, int64_t now,
                                    const std::function<void(risk::TriageFacts&)>& change) const {
  if (c.status != "open") return Status::Ok();
  // The facts of the last triage, with what just changed.
  auto triages = tx.ListCaseItems(c.id, "triage");
  if (!triages.ok()) return triages.status();
  risk::TriageFacts facts;
  if (!triages->empty()) {
    boost::system::error_code ec;
    auto tb = boost::json::parse(triages->back().body_json, ec);
    if (!ec && tb.is_object()) {
      if (const auto* stored = tb.as_object().if_contains("facts"); stored && stored->is_object()) {
        (void)case_support::ParseFacts(stored->as_object(), facts);  // written by FactsJson
      }
    }
  }
  facts.risk_level = c.risk_level;
  facts.domestic = domain::IsDomesticCaseType(c.case_type);
  change(facts);
  const risk::TierSuggestion s = tiers_.Suggest(facts);
  if (s.tier <= c.tier) return Status::Ok();
  std::string rules;
  for (const auto& r : s.reasons) {
    if (r.tier == s.tier) rules += (rules.empty() ? "" : ", ") + r.rule_id;
  }
  return Record(tx, actor, c.id, "case.retriage_suggested", item_id, "core",
                "Re-triage suggested: tier " + std::to_string(c.tier) +
                    " now, the rules suggest tier " + std::to_string(s.tier) + " (" + rules + ")",
                now, "case.retriage_suggested", "case", c.id);
}

Result<Disclosed<domain::Case>> CaseService::AddReport(const Actor& actor, const domain::Id& id,
                                                       const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.write"); !s.ok()) return s.error();
  auto version = RequiredVersion(in);
  if (!version.ok()) return version.error();
  const std::string report_id = Text(in, "report_id");
  if (!domain::IsWellFormedId(report_id) || in.size() != 2) {
    return InvalidArgument("the request is not valid",
                           {{"report_id", "is required: the id of the new incident's report"}});
  }
  const int64_t now = clock_();
  return ChangeCase(
      actor, id, *version, "", "case.report_added", "case.report_add",
      [&](store::WriteTx& tx, domain::Case& c) -> Result<std::string> {
        if (c.status == "closed") return ClosedCase();
        auto visible = access_.VisibleReport(tx, actor, report_id);
        if (!visible.ok()) return visible.error();
        if (!visible->has_value()) {
          return InvalidArgument("the request is not valid", {{"report_id", "no such report"}});
        }
        const domain::Report& report = **visible;
        if (std::find(c.report_ids.begin(), c.report_ids.end(), report_id) != c.report_ids.end()) {
          return Conflict("the report is already part of this case");
        }
        c.report_ids.push_back(report_id);
        // A new incident in the course of conduct: count it, and ask the
        // rules whether the tier should rise.
        const int incidents = static_cast<int>(c.report_ids.size());
        if (Status s = SuggestRetriage(tx, actor, c, "", now,
                                       [incidents](risk::TriageFacts& f) {
                                         f.incidents = std::max(f.incidents + 1, incidents);
                                         f.escalating = true;
                                       });
            !s.ok()) {
          return s.error();
        }
        return "New incident added: report recorded as " + report.recorded_as + " on " +
               report.occurred_at.substr(0, 10);
      });
}

Result<std::vector<CaseItemView>> CaseService::ListItems(const Actor& actor,
                                                         const domain::Id& case_id,
                                                         const KindSpec& spec) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  std::vector<CaseItemView> out;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, case_id);
    if (!loaded.ok()) return loaded.status();
    purpose = AuditPurpose(*loaded->disclosure);
    auto items = tx.ListCaseItems(case_id, spec.kind);
    if (!items.ok()) return items.status();
    case_support::DisclosureCache disclosures(access_, actor, case_id);
    for (const auto& item : *items) {
      auto d = disclosures.For(tx, item.agency_id);
      if (!d.ok()) return d.status();
      if (item.agency_id != actor.agency_id && !(*d)->visible) continue;
      out.push_back(ViewItem(item, **d, loaded->kase, actor));
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "case." + std::string(spec.kind) + ".list", "case",
                           case_id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return out;
}

Result<CaseService::Records> CaseService::ListRecords(const Actor& actor,
                                                      const domain::Id& case_id) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  Records out;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, case_id);
    if (!loaded.ok()) return loaded.status();
    purpose = AuditPurpose(*loaded->disclosure);
    auto items = tx.ListCaseItems(case_id, "");
    if (!items.ok()) return items.status();
    case_support::DisclosureCache disclosures(access_, actor, case_id);
    for (const auto& item : *items) {
      auto d = disclosures.For(tx, item.agency_id);
      if (!d.ok()) return d.status();
      if (item.agency_id != actor.agency_id && !(*d)->visible) continue;
      out.items.push_back(ViewItem(item, **d, loaded->kase, actor));
    }
    for (const auto& report_id : loaded->kase.report_ids) {
      auto report = access_.VisibleReport(tx, actor, report_id);
      if (!report.ok()) return report.status();
      if (!report->has_value()) continue;
      auto outcomes = tx.ListOutcomes(report_id);
      if (!outcomes.ok()) return outcomes.status();
      out.outcomes.insert(out.outcomes.end(), outcomes->begin(), outcomes->end());
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "case.records", "case", case_id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return out;
}

Result<CaseItemView> CaseService::GetItem(const Actor& actor, const domain::Id& item_id) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(item_id)) return NotFound("no such case item");
  CaseItemView view;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto item = tx.GetCaseItem(item_id);
    if (!item.ok()) return item.status();
    auto loaded = LoadCase(tx, actor, item->case_id);
    if (!loaded.ok()) return NotFound("no such case item");
    auto v = DiscloseItem(tx, actor, *item, loaded->kase);
    if (!v.ok()) return v.status();
    view = std::move(*v);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s =
          AuditRead(store_, actor, "case_item.read", "case_item", item_id, clock_(), view.basis);
      !s.ok()) {
    return s.error();
  }
  return view;
}

Result<CaseService::ItemToChange> CaseService::LoadItemToChange(store::ReadTx& tx,
                                                                const Actor& actor,
                                                                const domain::Id& item_id) const {
  auto item = tx.GetCaseItem(item_id);
  if (!item.ok()) return item.error();
  const KindSpec* spec = FindKind(item->kind);
  if (Status s = access_.Require(actor, spec->action); !s.ok()) return s.error();
  auto loaded = LoadCase(tx, actor, item->case_id);
  if (!loaded.ok()) return NotFound("no such case item");
  if (auto shown = DiscloseItem(tx, actor, *item, loaded->kase); !shown.ok()) {
    return shown.error();
  }
  return ItemToChange{std::move(*item), spec, std::move(*loaded)};
}

Result<CaseItemView> CaseService::UpdateItem(const Actor& actor, const domain::Id& item_id,
                                             const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(item_id)) return NotFound("no such case item");
  auto version = RequiredVersion(in);
  if (!version.ok()) return version.error();
  const int64_t now = clock_();
  CaseItemView view;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto target = LoadItemToChange(tx, actor, item_id);
    if (!target.ok()) return target.status();
    const domain::CaseItem* item = &target->item;
    const KindSpec* spec = target->spec;
    const Loaded* loaded = &target->loaded;
    if (!spec->editable) {
      return Conflict("a " + std::string(spec->label) +
                      " cannot be edited; record a new one or move it through its lifecycle");
    }
    if (item->agency_id != actor.agency_id) {
      return PermissionDenied("only the agency that wrote it can change it");
    }
    if (loaded->kase.status == "closed") return ClosedCase();
    auto changes = ValidateBody(*spec, in, true, {"version"});
    if (!changes.ok()) return changes.status();
    if (item->version != *version) {
      return case_support::ChangedSince(tx, item->case_id, item->id, *version, item->version,
                                        spec->label.data());
    }
    boost::json::object body = boost::json::parse(item->body_json).as_object();
    for (auto& [key, value] : *changes) body[key] = value;
    domain::CaseItem updated = *item;
    updated.body_json = boost::json::serialize(body);
    if (!spec->subtype_field.empty()) updated.subtype = Text(body, spec->subtype_field.data());
    updated.version += 1;
    updated.updated_at = domain::FormatTimestamp(now);
    updated.updated_by = actor.user_id;
    if (Status s = tx.UpdateCaseItem(updated, *version); !s.ok()) return s;
    std::string label(spec->label);
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    if (Status s = Record(
            tx, actor, updated.case_id, updated.kind + ".updated", updated.id, updated.field_class,
            label + " changed" + (updated.subtype.empty() ? "" : " (" + updated.subtype + ")"), now,
            "case." + updated.kind + ".update", "case_item", updated.id);
        !s.ok()) {
      return s;
    }
    view = ViewItem(updated, *loaded->disclosure, loaded->kase, actor);
    return Status::Ok();
  });
  if (!written.ok()) return written.error();
  return view;
}

Result<CaseItemView> CaseService::Transition(const Actor& actor, const domain::Id& item_id,
                                             const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(item_id)) return NotFound("no such case item");
  auto version = RequiredVersion(in);
  if (!version.ok()) return version.error();
  std::vector<FieldError> errors;
  static const std::vector<std::string_view> known = {
      "event",      "version", "on",      "note",       "expires_on",
      "conditions", "channel", "outcome", "engagement", "advocate_user_id"};
  for (const auto& [key, value] : in) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      errors.push_back({std::string(key), "is not a field of a lifecycle event"});
    }
  }
  const auto* ev = in.if_contains("event");
  if (ev == nullptr || !ev->is_string() || ev->as_string().empty()) {
    errors.push_back({"event", "is required"});
  }
  std::string on = Today();
  if (const auto* o = in.if_contains("on")) {
    if (!o->is_string() || !domain::ParseDate(o->as_string())) {
      errors.push_back({"on", "must be a date (YYYY-MM-DD)"});
    } else {
      on = std::string(o->as_string());
    }
  }
  const FieldSpec note_spec{"note", FieldType::kLongText};
  std::string note;
  if (const auto* n = in.if_contains("note")) {
    boost::json::value v;
    if (Status s = ValidateField(note_spec, *n, v); !s.ok()) {
      errors.push_back(s.error().fields.front());
    } else {
      note = std::string(v.as_string());
    }
  }
  if (!errors.empty()) return InvalidArgument("the request is not valid", std::move(errors));
  const std::string event(ev->as_string());
  const int64_t now = clock_();
  CaseItemView view;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto target = LoadItemToChange(tx, actor, item_id);
    if (!target.ok()) return target.status();
    const domain::CaseItem* item = &target->item;
    const KindSpec* spec = target->spec;
    const Loaded* loaded = &target->loaded;
    if (spec->lifecycle.empty()) {
      return Conflict("a " + std::string(spec->label) + " has no lifecycle");
    }
    if (loaded->kase.status == "closed") return ClosedCase();
    auto t = domain::FindLifecycle(spec->lifecycle)->Apply(item->status, event);
    if (!t.ok()) return t.status();
    if (item->version != *version) {
      return case_support::ChangedSince(tx, item->case_id, item->id, *version, item->version,
                                        spec->label.data());
    }
    boost::json::object body = boost::json::parse(item->body_json).as_object();
    domain::CaseItem updated = *item;
    std::vector<FieldError> bad;
    // Optional fields the event carries, validated as the kind's own fields.
    auto take = [&](const char* name, FieldType type, std::vector<std::string_view> codes = {}) {
      const auto* v = in.if_contains(name);
      if (v == nullptr) return;
      FieldSpec f{name, type, false, std::move(codes)};
      boost::json::value n;
      if (Status s = ValidateField(f, *v, n); !s.ok()) {
        bad.push_back(s.error().fields.front());
      } else {
        body[name] = std::move(n);
      }
    };
    if (spec->kind == "order") {
      take("expires_on", FieldType::kDate);
      for (const auto& f : spec->fields) {
        if (f.name == "conditions") take("conditions", FieldType::kConditions, f.codes);
      }
      if (event == "decide_not_to_apply" && note.size() < 10) {
        bad.push_back({"note", "is required: why an order is not being sought"});
      }
      if (event == "grant_full" && Text(body, "order_type") == "spo") {
        const std::string expires = Text(body, "expires_on");
        if (expires.empty() || expires < AddDays(on, 365 * kSpoMinimumYears)) {
          bad.push_back({"expires_on",
                         "a full Stalking Protection Order lasts at least two "
                         "years: give an expiry date at least two years on"});
        }
      }
      if (event == "serve") {
        body["served_on"] = on;
        body["notification_due"] = AddDays(on, kNotificationDays);
      } else if ((*t)->to.empty()) {
        body[event + "_on"] = on;
      } else {
        body[std::string((*t)->to) + "_on"] = on;
      }
      updated.due_on = Text(body, "expires_on");
    } else if (spec->kind == "decision") {
      take("channel", FieldType::kText);
      body["informed_on"] = on;
    } else if (spec->kind == "action") {
      take("outcome", FieldType::kLongText);
    } else if (spec->kind == "intervention") {
      take("engagement", FieldType::kCode, {"good", "partial", "poor", "none"});
      body[event == "start" ? "start_date" : "end_date"] = on;
      if (event == "end" && note.size() < 5) {
        bad.push_back({"note", "is required: the reason the intervention ended early"});
      }
    } else if (spec->kind == "advocacy" && event == "allocate") {
      const std::string advocate = Text(in, "advocate_user_id");
      auto user = domain::IsWellFormedId(advocate) ? tx.GetUser(advocate)
                                                   : Result<domain::User>(NotFound("no user"));
      auto agency = tx.GetAgencyByCode(Text(body, "advocate_agency"));
      if (!user.ok() || !agency.ok() || user->agency_id != agency->id || user->role != "advocate") {
        bad.push_back(
            {"advocate_user_id", "must be an advocate of " + Text(body, "advocate_agency")});
      } else {
        auto caseload = tx.CountOwnedItems("advocacy", "allocated", advocate);
        if (!caseload.ok()) return caseload.status();
        if (*caseload >= config_.advocate_caseload_limit) {
          Error e = Conflict(user->display_name + " already has " + std::to_string(*caseload) +
                             " allocated cases; the caseload limit is " +
                             std::to_string(config_.advocate_caseload_limit));
          e.allowed = {"allocate another advocate"};
          return e;
        }
        body["advocate_user_id"] = advocate;
        updated.owner_user_id = advocate;
      }
    } else if (spec->kind == "evidence" && event == "handle" && note.size() < 5) {
      bad.push_back({"note", "is required: who handled the evidence and why"});
    }
    if (!bad.empty()) return InvalidArgument("the event is not valid", std::move(bad));
    auto& history = body["history"];
    if (!history.is_array()) history = boost::json::array{};
    history.as_array().push_back(
        boost::json::object{{"event", event}, {"on", on}, {"by", actor.user_id}, {"note", note}});
    if (!(*t)->to.empty()) updated.status = std::string((*t)->to);
    updated.body_json = boost::json::serialize(body);
    updated.version += 1;
    updated.updated_at = domain::FormatTimestamp(now);
    updated.updated_by = actor.user_id;
    if (Status s = tx.UpdateCaseItem(updated, *version); !s.ok()) return s;
    std::string summary(std::string((*t)->label));
    summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
    if (!updated.subtype.empty()) summary += " (" + updated.subtype + ")";
    summary += " on " + on;
    if (Status s = Record(tx, actor, updated.case_id, updated.kind + "." + event, updated.id,
                          updated.field_class, summary, now, "case." + updated.kind + "." + event,
                          "case_item", updated.id);
        !s.ok()) {
      return s;
    }
    view = ViewItem(updated, *loaded->disclosure, loaded->kase, actor);
    return Status::Ok();
  });
  if (!written.ok()) return written.error();
  return view;
}

Result<domain::Outcome> CaseService::RecordOutcome(const Actor& actor, const domain::Id& case_id,
                                                   const boost::json::object& in) {
  if (Status s = access_.Require(actor, "case.police"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  for (const auto& [key, value] : in) {
    if (key != "report_id" && key != "kind" && key != "reason" && key != "occurred_on") {
      errors.push_back({std::string(key), "is not a field of an outcome"});
    }
  }
  domain::Outcome outcome;
  outcome.report_id = Text(in, "report_id");
  outcome.reason = Text(in, "reason");
  outcome.occurred_on = Text(in, "occurred_on");
  if (!domain::IsWellFormedId(outcome.report_id)) {
    errors.push_back({"report_id", "must be a report id"});
  }
  case_support::RequireCode(in, "kind", domain::OutcomeKinds(), true, outcome.kind, errors);
  if (!domain::ParseDate(outcome.occurred_on)) {
    errors.push_back({"occurred_on", "must be a date (YYYY-MM-DD)"});
  }
  if (outcome.kind == "no_further_action" && outcome.reason.size() < 3) {
    errors.push_back({"reason", "is required for no further action (the coded reason)"});
  }
  if (outcome.reason.size() > 200 || !domain::HasNoControlCharacters(outcome.reason)) {
    errors.push_back({"reason", "must be one line of at most 200 characters"});
  }
  if (!errors.empty()) return InvalidArgument("the outcome is not valid", std::move(errors));
  static const std::map<std::string, std::string> kStartsClock = {
      {"arrested", "arrest"}, {"charged", "charge"}, {"no_further_action", "no_further_action"}};
  const int64_t now = clock_();
  const std::string now_text = domain::FormatTimestamp(now);
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto loaded = LoadCase(tx, actor, case_id);
    if (!loaded.ok()) return loaded.status();
    const domain::Case& c = loaded->kase;
    if (std::find(c.report_ids.begin(), c.report_ids.end(), outcome.report_id) ==
        c.report_ids.end()) {
      return InvalidArgument("the outcome is not valid",
                             {{"report_id", "must name a report of this case"}});
    }
    outcome.id = domain::NewId();
    outcome.created_at = now_text;
    if (Status s = tx.InsertOutcome(outcome); !s.ok()) return s;
    if (Status s =
            Record(tx, actor, c.id, "outcome." + outcome.kind, "", "core",
                   "Criminal justice outcome: " + outcome.kind + " on " + outcome.occurred_on, now,
                   "report.outcome.create", "report", outcome.report_id);
        !s.ok()) {
      return s;
    }
    const auto clock = kStartsClock.find(outcome.kind);
    if (clock == kStartsClock.end()) return Status::Ok();
    // The victim must be told of this decision within the Victims' Code time.
    const int days = c.enhanced_rights ? 1 : 5;
    const std::string due =
        domain::FormatDate(calendar_.AddWorkingDays(*domain::ParseDate(outcome.occurred_on), days));
    const boost::json::object body{{"decision", clock->second},
                                   {"decided_at", outcome.occurred_on + "T00:00:00Z"},
                                   {"report_id", outcome.report_id},
                                   {"working_days", days},
                                   {"due_on", due}};
    domain::CaseItem item;
    item.id = domain::NewId();
    item.case_id = c.id;
    item.kind = "decision";
    item.subtype = clock->second;
    item.agency_id = actor.agency_id.empty() ? c.owner_agency_id : actor.agency_id;
    item.field_class = "core";
    item.status = "awaiting";
    item.due_on = due;
    item.body_json = boost::json::serialize(body);
    item.created_at = item.updated_at = now_text;
    item.created_by = item.updated_by = actor.user_id;
    if (Status s = tx.InsertCaseItem(item); !s.ok()) return s;
    return Record(tx, actor, c.id, "decision.recorded", item.id, "core",
                  Summary(*FindKind("decision"), body), now, "case.decision.create", "case_item",
                  item.id);
  });
  if (!written.ok()) return written.error();
  return outcome;
}

Result<std::vector<CaseItemView>> CaseService::DueWork(const Actor& actor, std::string_view kind,
                                                       int within_days, bool mine) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  std::string status;
  if (kind == "action") {
    status = "open";
  } else if (kind == "decision") {
    status = "awaiting";
  } else if (kind == "order") {
    status = "full_granted";
    if (within_days == 0) within_days = config_.order_expiry_warning_days;
  } else {
    return InvalidArgument("the query is not valid",
                           {{"kind", "must be one of: action, decision, order"}});
  }
  if (within_days < 0 || within_days > 366) {
    return InvalidArgument("the query is not valid", {{"within_days", "must be 0 to 366"}});
  }
  std::vector<CaseItemView> out;
  std::vector<domain::Id> cases;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    store::DueItemFilter filter;
    filter.kind = std::string(kind);
    filter.status = status;
    filter.due_before = AddDays(Today(), within_days + 1);
    if (mine) filter.owner_user_id = actor.user_id;
    if (!actor.is_system()) {
      auto owners = access_.VisibleOwners(tx, actor, "case");
      if (!owners.ok()) return owners.status();
      filter.owner_scope = std::move(*owners);
    }
    auto items = tx.ListDueItems(filter);
    if (!items.ok()) return items.status();
    // Several items often share a case: load and check each case once.
    std::map<domain::Id, std::optional<Loaded>> visible_cases;
    for (const auto& item : *items) {
      auto it = visible_cases.find(item.case_id);
      if (it == visible_cases.end()) {
        auto loaded = LoadCase(tx, actor, item.case_id);
        if (!loaded.ok() && loaded.error().code != ErrorCode::kNotFound) return loaded.status();
        it = visible_cases
                 .emplace(item.case_id,
                          loaded.ok() ? std::optional<Loaded>(std::move(*loaded)) : std::nullopt)
                 .first;
      }
      if (!it->second) continue;  // a case the actor may not see
      auto v = DiscloseItem(tx, actor, item, it->second->kase);
      if (!v.ok() && v.error().code != ErrorCode::kNotFound) return v.status();
      if (!v.ok()) continue;  // an item another agency does not share
      cases.push_back(item.case_id);
      out.push_back(std::move(*v));
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  std::sort(cases.begin(), cases.end());
  cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
  if (Status s = AuditDisclosures(store_, actor, "case.due_work.read", "case", cases, clock_());
      !s.ok()) {
    return s.error();
  }
  return out;
}

}  // namespace threadline::services
