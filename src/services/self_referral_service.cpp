#include "services/self_referral_service.hpp"

#include <algorithm>
#include <cctype>

#include "domain/case_lifecycle.hpp"
#include "domain/datetime.hpp"
#include "domain/ids.hpp"
#include "services/audit.hpp"
#include "services/case_kinds.hpp"
#include "services/case_support.hpp"

namespace threadline::services {

using case_support::Text;

namespace {

constexpr const char* kAreasPath = "referrals/self-referral-areas.csv";
constexpr size_t kMaxWhatIsHappening = 5000;
constexpr const char* kAuditPurpose = "public self-referral form";
// The ways the programme may contact someone who referred themselves: the
// contact details the form collects are a phone number and an email address.
const std::vector<std::string_view> kChannels = {"phone", "text", "email"};

bool Blank(std::string_view text) { return text.find_first_not_of(" \t\n") == std::string::npos; }

// A UK or international phone number as people type it: digits with spaces,
// dashes, brackets and a leading +; 7 to 15 digits.
bool IsPhone(std::string_view text) {
  int digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 7 && digits <= 15;
}

// One @, something before it, a dotted domain after it, no spaces.
bool IsEmail(std::string_view text) {
  const size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = text.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// Appends one timeline event (by the receiving agency, no user) and the
// audit entry of the same step (by the public caller).
Status Record(store::WriteTx& tx, const Actor& caller, const domain::Id& receiving_agency_id,
              const domain::Id& case_id, const std::string& event_kind, const domain::Id& item_id,
              const std::string& field_class, const std::string& summary, int64_t now,
              const std::string& audit_action, const std::string& record_type,
              const domain::Id& record_id) {
  const domain::CaseEvent e = case_support::MakeEvent(
      case_id, event_kind, item_id, receiving_agency_id, "", field_class, summary, now);
  if (auto s = tx.AppendCaseEvent(e); !s.ok()) return s.status();
  return tx
      .AppendAudit(MakeAuditEntry(caller, audit_action, record_type, record_id, now, kAuditPurpose))
      .status();
}

domain::CaseItem NewItem(const domain::Case& c, std::string kind, std::string subtype,
                         std::string field_class, const boost::json::object& body,
                         const std::string& now_text) {
  domain::CaseItem item;
  item.id = domain::NewId();
  item.case_id = c.id;
  item.kind = std::move(kind);
  item.subtype = std::move(subtype);
  item.agency_id = c.owner_agency_id;
  item.field_class = std::move(field_class);
  item.body_json = boost::json::serialize(body);
  item.created_at = item.updated_at = now_text;
  return item;
}

}  // namespace

Result<std::unique_ptr<SelfReferralService>> SelfReferralService::Create(
    store::Store& store, const refdata::RefData& data, Clock clock, SelfReferralOptions options) {
  const auto table = data.Read(kAreasPath);
  if (!table) return NotFound(std::string(kAreasPath) + " is missing from the reference data");
  std::vector<domain::Agency> agencies;
  if (Status s = store.Read([&](store::ReadTx& tx) -> Status {
        auto all = tx.ListAgencies();
        if (!all.ok()) return all.status();
        agencies = std::move(*all);
        return Status::Ok();
      });
      !s.ok()) {
    return s.error();
  }
  const auto agency = [&](const std::string& code) -> const domain::Agency* {
    const auto it = std::find_if(agencies.begin(), agencies.end(),
                                 [&](const domain::Agency& a) { return a.code == code; });
    return it == agencies.end() ? nullptr : &*it;
  };
  std::vector<SelfReferralArea> areas;
  std::vector<FieldError> errors;
  for (const auto& row : refdata::ParseSimpleTable(*table)) {
    if (row.size() == 2 && row[0] == "area") continue;  // the header
    const std::string where = std::string(kAreasPath) + " row " + std::to_string(areas.size() + 1);
    if (row.size() != 2) {
      errors.push_back({where, "must be: area,receiving agency"});
      continue;
    }
    const domain::Agency* area = agency(row[0]);
    const domain::Agency* receiving = agency(row[1]);
    if (area == nullptr) errors.push_back({where, row[0] + " is not an agency code"});
    if (receiving == nullptr || receiving->kind != "police_force") {
      errors.push_back({where, row[1] + " is not the code of a police force"});
    }
    if (area != nullptr && receiving != nullptr) {
      areas.push_back({area->code, area->name, receiving->code});
    }
  }
  if (areas.empty() && errors.empty()) errors.push_back({kAreasPath, "names no area"});
  if (!errors.empty()) {
    return InvalidArgument("the self-referral areas do not load", std::move(errors));
  }
  return std::make_unique<SelfReferralService>(store, std::move(areas), std::move(clock), options);
}

const SelfReferralArea* SelfReferralService::FindArea(std::string_view code) const {
  const auto it = std::find_if(areas_.begin(), areas_.end(),
                               [&](const SelfReferralArea& a) { return a.code == code; });
  return it == areas_.end() ? nullptr : &*it;
}

int64_t SelfReferralService::Admit(const Actor& actor) {
  return limiter_.Take(actor.source, clock_());
}

Result<SelfReferralReceipt> SelfReferralService::Submit(const Actor& actor,
                                                        const boost::json::object& in) {
  std::vector<FieldError> errors;
  const KindSpec& spec = *FindKind("self_referral");
  boost::json::object body;
  if (auto valid = ValidateBody(spec, in, false, {"what_is_happening", "safe_contact"});
      valid.ok()) {
    body = std::move(*valid);
  } else {
    errors = valid.error().fields;
  }
  // Empty optional answers are not kept.
  for (const char* name : {"relationship", "name", "phone", "email"}) {
    if (Blank(Text(body, name))) body.erase(name);
  }

  std::string what;
  if (const auto* w = in.if_contains("what_is_happening")) {
    boost::json::value text;
    const FieldSpec what_spec{"what_is_happening", FieldType::kLongText, true};
    if (Status s = ValidateField(what_spec, *w, text); !s.ok()) {
      errors.push_back(s.error().fields.front());
    } else if (text.as_string().size() > kMaxWhatIsHappening) {
      errors.push_back({"what_is_happening",
                        "must be at most " + std::to_string(kMaxWhatIsHappening) + " bytes"});
    } else {
      what = std::string(text.as_string());
    }
  } else {
    errors.push_back({"what_is_happening", "is required"});
  }

  const std::string referrer = Text(body, "referrer");
  if (referrer == "on_behalf" && !body.contains("relationship")) {
    errors.push_back(
        {"relationship", "is required when referring someone else: say how you know them"});
  } else if (referrer == "victim" && body.contains("relationship")) {
    errors.push_back({"relationship", "is only for someone referring another person"});
  }

  const SelfReferralArea* area = nullptr;
  if (const auto* a = in.if_contains("area"); a != nullptr && a->is_string()) {
    area = FindArea(a->as_string());
    if (area == nullptr) errors.push_back({"area", "is not an area this service covers"});
  }

  boost::json::object safe_contact;
  if (const auto* wanted = body.if_contains("contact_wanted"); wanted != nullptr) {
    const std::string phone = Text(body, "phone");
    const std::string email = Text(body, "email");
    if (wanted->as_bool()) {
      if (phone.empty() && email.empty()) {
        errors.push_back({"phone",
                          "give a phone number or an email address, or say you do not want to be "
                          "contacted"});
      }
      if (!phone.empty() && !IsPhone(phone)) {
        errors.push_back({"phone", "must be a phone number, like 07700 900 982"});
      }
      if (!email.empty() && !IsEmail(email)) {
        errors.push_back({"email", "must be an email address, like name@example.com"});
      }
      if (!body.contains("leave_message")) {
        errors.push_back({"leave_message", "is required: may a message be left"});
      }
      const auto* prefs = in.if_contains("safe_contact");
      if (prefs == nullptr || !prefs->is_object()) {
        errors.push_back({"safe_contact",
                          prefs == nullptr ? "is required: how and when it is safe to contact you"
                                           : "must be an object"});
      } else if (auto p = ValidateBody(*FindKind("safe_contact"), prefs->as_object(), false);
                 !p.ok()) {
        for (const auto& e : p.error().fields)
          errors.push_back({"safe_contact/" + e.field, e.message});
      } else {
        safe_contact = std::move(*p);
        for (const auto& ch : safe_contact.at("channels").as_array()) {
          const std::string channel(ch.as_string());
          if (std::find(kChannels.begin(), kChannels.end(), channel) == kChannels.end()) {
            errors.push_back({"safe_contact/channels", "may hold only: phone, text, email"});
          } else if (channel != "email" && phone.empty()) {
            errors.push_back({"phone", "is required to be contacted by " + channel});
          } else if (channel == "email" && email.empty()) {
            errors.push_back({"email", "is required to be contacted by email"});
          }
        }
      }
    } else {
      for (const char* name : {"phone", "email", "leave_message", "safe_contact"}) {
        if (in.contains(name) && !(in.at(name).is_string() && Blank(in.at(name).as_string()))) {
          errors.push_back({name, "must not be given when you do not want to be contacted"});
        }
      }
    }
  }
  if (!errors.empty()) return InvalidArgument("the self-referral is not valid", std::move(errors));

  // "May we leave a message?" answered no is kept where everyone who
  // contacts the victim reads it: the safe-contact preferences' "do not".
  if (body.contains("leave_message") && !body.at("leave_message").as_bool()) {
    const std::string rest = Text(safe_contact, "do_not");
    safe_contact["do_not"] = "Leave a message" + (rest.empty() ? "" : "; " + rest);
  }
  const bool danger = body.at("immediate_danger").as_bool();
  const bool contact_wanted = body.at("contact_wanted").as_bool();
  const bool consent = body.at("consent_to_share").as_bool();
  body["area"] = area->code;

  const int64_t now = clock_();
  const std::string now_text = domain::FormatTimestamp(now);
  SelfReferralReceipt receipt;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto receiving = tx.GetAgencyByCode(area->receiving_agency_code);
    if (!receiving.ok()) return receiving.status();
    auto count = tx.Count(store::Table::kCases);
    if (!count.ok()) return count.status();
    domain::Case c;
    c.id = domain::NewId();
    c.reference = case_support::CaseReference(*count + 1, now_text);
    c.owner_agency_id = receiving->id;
    c.referred_by_agency_id = receiving->id;  // nobody's agency: the public
    c.source = "self";
    c.status = std::string(domain::FindLifecycle("case")->initial());
    c.referral_reason = what;
    c.created_at = c.updated_at = now_text;
    c.version = 1;
    if (Status s = tx.InsertCase(c); !s.ok()) return s;
    const std::string summary = std::string("Self-referral through the public form for ") +
                                area->code + (danger ? ", immediate danger indicated" : "") +
                                (contact_wanted ? "" : ", no contact wanted");
    if (Status s = Record(tx, actor, receiving->id, c.id, "case.referred", "", "core", summary, now,
                          "case.self_refer", "case", c.id);
        !s.ok()) {
      return s;
    }

    domain::CaseItem details =
        NewItem(c, "self_referral", referrer, "victim_contact", body, now_text);
    if (Status s = tx.InsertCaseItem(details); !s.ok()) return s;
    if (Status s = Record(tx, actor, receiving->id, c.id, "self_referral.recorded", details.id,
                          details.field_class, "Self-referral details recorded (" + referrer + ")",
                          now, "case.self_referral.create", "case_item", details.id);
        !s.ok()) {
      return s;
    }

    if (contact_wanted) {
      domain::CaseItem prefs =
          NewItem(c, "safe_contact", "", "victim_contact", safe_contact, now_text);
      if (Status s = tx.InsertCaseItem(prefs); !s.ok()) return s;
      if (Status s = Record(tx, actor, receiving->id, c.id, "safe_contact.recorded", prefs.id,
                            prefs.field_class, "Safe-contact preferences recorded", now,
                            "case.safe_contact.create", "case_item", prefs.id);
          !s.ok()) {
        return s;
      }
    }

    boost::json::object consent_body{
        {"purpose", "information_sharing"},
        {"receiving_agency", receiving->code},
        {"given", consent},
        {"lawful_basis", consent ? "Consent given on the self-referral form"
                                 : "Refused on the self-referral form: share only where the law "
                                   "allows without consent"},
        {"recorded_on", now_text.substr(0, 10)}};
    domain::CaseItem consent_item =
        NewItem(c, "consent", "information_sharing", "core", consent_body, now_text);
    consent_item.status =
        consent ? std::string(domain::FindLifecycle("consent")->initial()) : "refused";
    if (Status s = tx.InsertCaseItem(consent_item); !s.ok()) return s;
    if (Status s =
            Record(tx, actor, receiving->id, c.id, "consent.recorded", consent_item.id, "core",
                   "Consent for information_sharing to " + receiving->code + ": " +
                       (consent ? "given" : "refused"),
                   now, "case.consent.create", "case_item", consent_item.id);
        !s.ok()) {
      return s;
    }
    receipt.reference = c.reference;
    return Status::Ok();
  });
  if (!written.ok()) return written.error();

  receipt.next_steps.emplace_back(
      "Keep your reference number. Quote it if you contact the police or a stalking advocacy "
      "service about this.");
  receipt.next_steps.emplace_back(
      "The stalking team for the area you chose will read your referral and decide how best to "
      "help.");
  receipt.next_steps.emplace_back(
      contact_wanted ? "They will contact you only in the ways and at the times you said are safe."
                     : "You asked not to be contacted, so nobody will contact you about this "
                       "referral. You can ask for help again at any time.");
  receipt.next_steps.emplace_back(
      "For advice now, call the National Stalking Helpline on 0808 802 0300.");
  receipt.next_steps.emplace_back(
      "If you are ever in danger, call 999. If you cannot speak, call 999 from a mobile, listen "
      "to the questions and press 55 when asked.");
  if (danger) {
    receipt.emergency =
        "You said you are in immediate danger: call 999 now. Your referral has been sent, but "
        "nobody reads it straight away.";
  }
  return receipt;
}

}  // namespace threadline::services
