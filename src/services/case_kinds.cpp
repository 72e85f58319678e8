#include "services/case_kinds.hpp"

#include <algorithm>
#include <cctype>

#include "domain/datetime.hpp"
#include "domain/ids.hpp"
#include "domain/text.hpp"

namespace threadline::services {
namespace {

using FT = FieldType;

constexpr size_t kMaxText = 200;
constexpr size_t kMaxLongText = 20000;
constexpr size_t kMaxListItems = 100;

const std::vector<std::string_view> kRiskLevels = {"standard", "medium", "high"};
const std::vector<std::string_view> kChannels = {"phone",     "text",  "email",       "letter",
                                                 "in_person", "video", "via_advocate"};
const std::vector<std::string_view> kOrderConditions = {
    "no_contact",        "no_approach",    "exclusion_zone",
    "no_online_contact", "no_third_party", "surrender_devices",
    "attend_programme",  "notify_address", "other"};
const std::vector<std::string_view> kMeasure = {"improved", "same", "worse", "not_asked"};

std::vector<KindSpec> BuildKinds() {
  std::vector<KindSpec> k;
  k.push_back({"action",
               "actions",
               "action",
               "action",
               "core",
               "case.write",
               {{"title", FT::kText, true},
                {"category",
                 FT::kCode,
                 true,
                 {"investigation", "crime_recording", "interview_perpetrator", "risk_management",
                  "safeguarding", "advocacy", "order", "other"}},
                {"detail", FT::kLongText},
                {"owner_agency", FT::kAgencyCode, true},
                {"owner_user_id", FT::kId},
                {"due_on", FT::kDate, true},
                {"outcome", FT::kLongText}},
               "category",
               "due_on",
               "owner_user_id"});
  k.push_back({"plan",
               "plans",
               "plan",
               "",
               "narrative",
               "case.write",
               {{"plan_type",
                 FT::kCode,
                 true,
                 {"action_plan", "safeguarding_plan", "risk_management_plan"}},
                {"text", FT::kLongText, true}},
               "plan_type",
               "",
               "",
               true});
  k.push_back({"risk_assessment",
               "risk-assessments",
               "risk assessment",
               "",
               "core",
               "case.write",
               {{"tool", FT::kCode, true, {"sash", "dash", "srp", "clinical", "other"}},
                {"risk_level", FT::kCode, true, kRiskLevels},
                {"assessed_on", FT::kDate, true},
                {"notes", FT::kLongText}},
               "risk_level"});
  k.push_back({"consent",
               "consents",
               "consent",
               "consent",
               "core",
               "case.write",
               {{"purpose",
                 FT::kCode,
                 true,
                 {"advocacy_referral", "information_sharing", "health_referral", "other"}},
                {"receiving_agency", FT::kAgencyCode, true},
                {"given", FT::kBool, true},
                {"lawful_basis", FT::kText},
                {"recorded_on", FT::kDate, true}},
               "purpose"});
  k.push_back({"safe_contact",
               "safe-contact",
               "safe-contact preferences",
               "",
               "victim_contact",
               "case.advocacy",
               {{"channels", FT::kCodeList, true, kChannels},
                {"times", FT::kText},
                {"who_may_call", FT::kText},
                {"code_word", FT::kText},
                {"do_not", FT::kText}}});
  k.push_back({"contact",
               "contacts",
               "contact",
               "",
               "victim_contact",
               "case.write",
               {{"with", FT::kCode, true, {"victim", "perpetrator", "officer", "other_agency"}},
                {"channel", FT::kCode, true, kChannels},
                {"at", FT::kDateTime, true},
                {"summary", FT::kLongText},
                {"override_reason", FT::kText}},
               "with"});
  k.push_back({"advocacy",
               "advocacy",
               "advocacy referral",
               "advocacy",
               "core",
               "case.advocacy",
               {{"advocate_agency", FT::kAgencyCode, true},
                {"consent_id", FT::kId, true},
                {"advocate_user_id", FT::kId}},
               "",
               "",
               "advocate_user_id"});
  k.push_back({"needs_assessment",
               "needs-assessments",
               "needs assessment",
               "",
               "narrative",
               "case.advocacy",
               {{"needs",
                 FT::kCodeList,
                 true,
                 {"safety", "housing", "health", "finance", "legal", "emotional", "children",
                  "employment", "other"}},
                {"notes", FT::kLongText}}});
  k.push_back({"safety_plan",
               "safety-plans",
               "safety plan",
               "",
               "victim_contact",
               "case.advocacy",
               {{"measures", FT::kLongText, true}, {"review_on", FT::kDate}},
               "",
               "review_on"});
  k.push_back({"victim_view",
               "victim-views",
               "victim's own risk view",
               "",
               "narrative",
               "case.advocacy",
               {{"risk_level", FT::kCode, true, kRiskLevels},
                {"feels_safe", FT::kBool},
                {"in_their_words", FT::kLongText}},
               "risk_level"});
  k.push_back({"evidence",
               "evidence",
               "evidence item",
               "evidence",
               "core",
               "case.write",
               {{"description", FT::kText, true},
                {"evidence_type",
                 FT::kCode,
                 true,
                 {"screenshot", "call_log", "message", "footage", "document", "physical", "other"}},
                {"source", FT::kCode, true, {"victim", "officer", "witness", "other_agency"}},
                {"obtained_on", FT::kDate, true},
                {"content_sha256", FT::kSha256, true},
                {"report_ids", FT::kIdList}},
               "evidence_type"});
  k.push_back({"decision",
               "decisions",
               "Victims' Code decision",
               "decision",
               "core",
               "case.police",
               {{"decision",
                 FT::kCode,
                 true,
                 {"arrest", "interview", "bail_change", "released_under_investigation",
                  "no_further_action", "charge"}},
                {"decided_at", FT::kDateTime, true},
                {"report_id", FT::kId}},
               "decision"});
  k.push_back({"intervention",
               "interventions",
               "intervention",
               "intervention",
               "core",
               "case.write",
               {{"programme", FT::kText, true},
                {"provider", FT::kText, true},
                {"referral_date", FT::kDate, true},
                {"engagement", FT::kCode, false, {"good", "partial", "poor", "none"}}},
               "",
               "",
               "",
               true});
  k.push_back({"mappa",
               "mappa",
               "MAPPA management",
               "",
               "core",
               "case.write",
               {{"category", FT::kInt, true, {}, 1, 4},
                {"level", FT::kInt, true, {}, 1, 3},
                {"from_date", FT::kDate, true}}});
  k.push_back(
      {"marac",
       "marac",
       "MARAC referral",
       "",
       "core",
       "case.write",
       {{"referred_on", FT::kDate, true}, {"meeting_on", FT::kDate}, {"reason", FT::kText, true}}});
  k.push_back(
      {"order",
       "orders",
       "protection order",
       "order",
       "core",
       "case.police",
       {{"order_type",
         FT::kCode,
         true,
         {"spo", "restraining_order", "non_molestation_order", "dvpn", "dvpo", "bail_conditions"}},
        {"court", FT::kText},
        {"conditions", FT::kConditions, false, kOrderConditions},
        {"expires_on", FT::kDate}},
       "order_type",
       "expires_on"});
  k.push_back({"breach",
               "breaches",
               "breach of an order",
               "",
               "core",
               "case.police",
               {{"order_id", FT::kId, true},
                {"occurred_on", FT::kDate, true},
                {"what_happened", FT::kLongText, true},
                {"outcome",
                 FT::kCode,
                 true,
                 {"pending", "warning", "arrested", "charged", "no_further_action", "convicted",
                  "acquitted"}}},
               "outcome"});
  k.push_back({"minutes",
               "minutes",
               "panel minutes",
               "",
               "narrative",
               "panel.manage",
               {{"panel_id", FT::kId, true},
                {"meeting_date", FT::kDate, true},
                {"attendance", FT::kParticipants, true},
                {"discussion", FT::kLongText, true},
                {"decisions", FT::kLongText}}});
  k.push_back({"outcome_measure",
               "outcome-measures",
               "outcome measures",
               "",
               "core",
               "case.advocacy",
               {{"better_able_to_cope", FT::kCode, true, kMeasure},
                {"feel_safer", FT::kCode, true, kMeasure},
                {"better_informed", FT::kCode, false, kMeasure},
                {"health_wellbeing", FT::kCode, false, kMeasure},
                {"engage_justice", FT::kCode, false, kMeasure}}});
  k.push_back(
      {"health_contact",
       "health-contacts",
       "mental-health contact",
       "",
       "health",
       "health.write",
       {{"at", FT::kDateTime, true}, {"service", FT::kText, true}, {"notes", FT::kLongText}}});
  k.push_back(
      {"note", "notes", "note", "", "narrative", "case.write", {{"text", FT::kLongText, true}}});
  // Recorded by CaseService::Triage; listed like any other kind.
  k.push_back(
      {"triage", "triages", "triage", "", "core", "case.triage", {}, "", "", "", false, true});
  // Recorded by SelfReferralService from the public form; listed like any
  // other kind. Its fields are the form's (what is happening goes to the
  // case's referral reason, the safe-contact preferences to their own item).
  k.push_back({"self_referral",
               "self-referrals",
               "self-referral",
               "",
               "victim_contact",
               "case.triage",
               {{"referrer", FT::kCode, true, {"victim", "on_behalf"}},
                {"relationship", FT::kText},
                {"name", FT::kText},
                {"since",
                 FT::kCode,
                 true,
                 {"under_1_month", "1_to_6_months", "6_to_12_months", "over_1_year", "not_sure"}},
                {"immediate_danger", FT::kBool, true},
                {"area", FT::kAgencyCode, true},
                {"contact_wanted", FT::kBool, true},
                {"phone", FT::kText},
                {"email", FT::kText},
                {"leave_message", FT::kBool},
                {"consent_to_share", FT::kBool, true}},
               "referrer",
               "",
               "",
               false,
               true});
  return k;
}

bool IsHex64(std::string& text) {
  if (text.size() != 64) return false;
  for (char& c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return true;
}

bool IsCodeOf(const FieldSpec& f, std::string_view value) {
  return std::find(f.codes.begin(), f.codes.end(), value) != f.codes.end();
}

std::string CodeList(const FieldSpec& f) {
  std::string out;
  for (const auto& c : f.codes) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

// A string member with the checks every text gets; nullopt with `why` set.
std::optional<std::string> TextOf(const boost::json::value& v, size_t max, bool one_line,
                                  std::string& why) {
  if (!v.is_string()) {
    why = "must be a string";
    return std::nullopt;
  }
  std::string text(v.as_string());
  if (text.size() > max) {
    why = "must be at most " + std::to_string(max) + " bytes";
    return std::nullopt;
  }
  if (!domain::HasNoControlCharacters(text) || (one_line && text.find('\n') != std::string::npos)) {
    why = one_line ? "must be one line without control characters"
                   : "must not contain control characters";
    return std::nullopt;
  }
  return text;
}

}  // namespace

std::span<const KindSpec> CaseItemKinds() {
  static const std::vector<KindSpec> kinds = BuildKinds();
  return kinds;
}

const KindSpec* FindKind(std::string_view kind) {
  for (const auto& k : CaseItemKinds()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

const KindSpec* FindKindByRoute(std::string_view route) {
  for (const auto& k : CaseItemKinds()) {
    if (k.route == route) return &k;
  }
  return nullptr;
}

Status ValidateField(const FieldSpec& f, const boost::json::value& v, boost::json::value& out) {
  std::string why;
  switch (f.type) {
    case FT::kText:
    case FT::kLongText: {
      auto text =
          TextOf(v, f.type == FT::kText ? kMaxText : kMaxLongText, f.type == FT::kText, why);
      if (!text) break;
      if (f.required && text->find_first_not_of(" \t\n") == std::string::npos) {
        why = "must not be blank";
        break;
      }
      out = boost::json::string(*text);
      return Status::Ok();
    }
    case FT::kDate: {
      auto text = TextOf(v, 10, true, why);
      if (!text) break;
      if (!domain::ParseDate(*text)) {
        why = "must be a date (YYYY-MM-DD)";
        break;
      }
      out = boost::json::string(*text);
      return Status::Ok();
    }
    case FT::kDateTime: {
      auto text = TextOf(v, 40, true, why);
      if (!text) break;
      const auto t = domain::ParseTimestamp(*text);
      if (!t) {
        why = "must be a date-time (ISO 8601 with an offset)";
        break;
      }
      out = boost::json::string(domain::FormatTimestamp(*t));
      return Status::Ok();
    }
    case FT::kInt: {
      if (!v.is_int64() && !v.is_uint64()) {
        why = "must be a whole number";
        break;
      }
      const int64_t n = v.is_int64() ? v.as_int64() : static_cast<int64_t>(v.as_uint64());
      if (n < f.min || n > f.max) {
        why = "must be between " + std::to_string(f.min) + " and " + std::to_string(f.max);
        break;
      }
      out = n;
      return Status::Ok();
    }
    case FT::kBool:
      if (!v.is_bool()) {
        why = "must be true or false";
        break;
      }
      out = v.as_bool();
      return Status::Ok();
    case FT::kCode: {
      if (!v.is_string() || !IsCodeOf(f, v.as_string())) {
        why = "must be one of: " + CodeList(f);
        break;
      }
      out = v;
      return Status::Ok();
    }
    case FT::kCodeList: {
      if (!v.is_array() || v.as_array().size() > kMaxListItems) {
        why = "must be a list of codes";
        break;
      }
      boost::json::array codes;
      for (const auto& c : v.as_array()) {
        if (!c.is_string() || !IsCodeOf(f, c.as_string())) {
          why = "must hold only: " + CodeList(f);
          break;
        }
        if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
      }
      if (!why.empty()) break;
      if (f.required && codes.empty()) {
        why = "must name at least one";
        break;
      }
      out = std::move(codes);
      return Status::Ok();
    }
    case FT::kId:
      if (!v.is_string() || !domain::IsWellFormedId(v.as_string())) {
        why = "must be a record id";
        break;
      }
      out = v;
      return Status::Ok();
    case FT::kIdList: {
      if (!v.is_array() || v.as_array().size() > kMaxListItems) {
        why = "must be a list of record ids";
        break;
      }
      for (const auto& id : v.as_array()) {
        if (!id.is_string() || !domain::IsWellFormedId(id.as_string())) {
          why = "must be a list of record ids";
          break;
        }
      }
      if (!why.empty()) break;
      out = v;
      return Status::Ok();
    }
    case FT::kSha256: {
      auto text = TextOf(v, 64, true, why);
      if (!text) break;
      if (!IsHex64(*text)) {
        why = "must be a SHA-256 digest in hex (64 digits)";
        break;
      }
      out = boost::json::string(*text);
      return Status::Ok();
    }
    case FT::kAgencyCode: {
      auto text = TextOf(v, 64, true, why);
      if (!text) break;
      out = boost::json::string(*text);
      return Status::Ok();
    }
    case FT::kConditions:
    case FT::kParticipants: {
      const bool conditions = f.type == FT::kConditions;
      if (!v.is_array() || v.as_array().size() > kMaxListItems) {
        why = "must be a list";
        break;
      }
      boost::json::array list;
      for (const auto& entry : v.as_array()) {
        const auto* o = entry.if_object();
        const char* first = conditions ? "code" : "agency";
        const char* second = conditions ? "text" : "role";
        if (o == nullptr || o->size() > 2 || !o->contains(first)) {
          why = std::string("each entry must be an object with \"") + first + "\" and \"" + second +
                "\"";
          break;
        }
        auto a = TextOf(o->at(first), 64, true, why);
        if (!a) break;
        if (conditions && !IsCodeOf(f, *a)) {
          why = "condition codes must be one of: " + CodeList(f);
          break;
        }
        std::string b;
        if (const auto* s = o->if_contains(second)) {
          auto t = TextOf(*s, kMaxText, true, why);
          if (!t) break;
          b = *t;
        }
        for (const auto& [key, ignored] : *o) {
          if (key != first && key != second) why = "has an unknown member " + std::string(key);
        }
        if (!why.empty()) break;
        list.push_back(boost::json::object{{first, *a}, {second, b}});
      }
      if (!why.empty()) break;
      out = std::move(list);
      return Status::Ok();
    }
  }
  return InvalidArgument("the request is not valid", {{std::string(f.name), why}});
}

Result<boost::json::object> ValidateBody(const KindSpec& spec, const boost::json::object& input,
                                         bool partial,
                                         std::initializer_list<std::string_view> ignore) {
  std::vector<FieldError> errors;
  boost::json::object body;
  for (const auto& [key, value] : input) {
    if (std::find(ignore.begin(), ignore.end(), std::string_view(key)) != ignore.end()) continue;
    const auto f = std::find_if(spec.fields.begin(), spec.fields.end(),
                                [&](const FieldSpec& fs) { return fs.name == key; });
    if (f == spec.fields.end()) {
      errors.push_back({std::string(key), "is not a field of a " + std::string(spec.label)});
      continue;
    }
    if (value.is_null() && !f->required) continue;  // null = not given
    boost::json::value normalised;
    if (Status s = ValidateField(*f, value, normalised); !s.ok()) {
      for (const auto& fe : s.error().fields) errors.push_back(fe);
      continue;
    }
    body[key] = std::move(normalised);
  }
  if (!partial) {
    for (const auto& f : spec.fields) {
      if (f.required && !input.contains(f.name)) {
        errors.push_back({std::string(f.name), "is required"});
      }
    }
  }
  if (!errors.empty())
    return InvalidArgument("the " + std::string(spec.label) + " is not valid", std::move(errors));
  return body;
}

}  // namespace threadline::services
