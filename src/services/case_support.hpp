#pragma once
// Pieces shared by the case use cases (case_service*.cpp): the loaded case
// with its disclosure, timeline events, versions and redaction.

#include <boost/json.hpp>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "access/policy.hpp"
#include "domain/case_records.hpp"
#include "domain/result.hpp"
#include "domain/vocabulary.hpp"
#include "risk/tiering.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "store/store.hpp"

namespace threadline::services::case_support {

// One timeline event at `now`, by `agency_id` (and `user_id`, empty when
// no user acted: the system or the public).
domain::CaseEvent MakeEvent(const domain::Id& case_id, const std::string& kind,
                            const domain::Id& item_id, const domain::Id& agency_id,
                            const domain::Id& user_id, const std::string& field_class,
                            const std::string& summary, int64_t now);

// Appends one timeline event and the audit entry of the same step.
Status Record(store::WriteTx& tx, const Actor& actor, const domain::Id& case_id,
              const std::string& event_kind, const domain::Id& item_id,
              const std::string& field_class, const std::string& summary, int64_t now,
              const std::string& audit_action, const std::string& record_type,
              const domain::Id& record_id);

// The "version" member: a positive whole number, required for any change.
Result<int64_t> RequiredVersion(const boost::json::object& input);

// kConflict saying who changed the case or item since `expected` and how,
// from the latest timeline event about it.
Error ChangedSince(store::ReadTx& tx, const domain::Id& case_id, const domain::Id& item_id,
                   int64_t expected, int64_t current, const char* what);

// The case as this viewer may see it (the referral reason is narrative).
Disclosed<domain::Case> RedactCase(domain::Case c, const access::Disclosure& d);

// Whether a field class is granted, with victim contact details kept from
// roles working with the perpetrator unless an agreement names them.
bool FieldClassGranted(const access::Disclosure& d, const std::string& field_class,
                       const std::string& role);

// Disclosures per owning agency, so a list or timeline asks once per agency.
class DisclosureCache {
 public:
  DisclosureCache(const AccessControl& access, const Actor& actor, const domain::Id& case_id)
      : access_(access), actor_(actor), case_id_(case_id) {}
  Result<const access::Disclosure*> For(store::ReadTx& tx, const domain::Id& agency_id);

 private:
  const AccessControl& access_;
  const Actor& actor_;
  domain::Id case_id_;
  std::map<domain::Id, AccessControl::SharedDisclosure> cache_;
};

// Reads a triage facts object into the engine's facts: each known member of
// the right type is taken, and every unknown or mistyped one is a FieldError
// (under "facts/").
Status ParseFacts(const boost::json::object& in, risk::TriageFacts& facts);
// The facts as stored with a triage; ParseFacts reads them back.
boost::json::object FactsJson(const risk::TriageFacts& facts);

// Reads member `name` as one of `codes` into `out`; a missing required or a
// bad code adds a FieldError listing the codes.
void RequireCode(const boost::json::object& in, const char* name,
                 std::span<const domain::Code> codes, bool required, std::string& out,
                 std::vector<FieldError>& errors);

// A non-empty object member as text, else "".
std::string Text(const boost::json::object& o, std::string_view name);

// The reference shown to people for the `number`th case, in the year of
// `now_text` (a timestamp): "STK-2026-000042".
std::string CaseReference(int64_t number, std::string_view now_text);

}  // namespace threadline::services::case_support
