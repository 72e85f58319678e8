#pragma once
// The kinds of thing recorded on a case, as data: for each kind its fields
// and their types, the lifecycle it follows, the field class that decides who
// may read it, and the action a role needs to write it. One validator checks
// every kind's body against its spec, so adding a kind is a table entry, not
// a new code path.

#include <boost/json.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::services {

enum class FieldType {
  kText,      // one line, at most 200 characters
  kLongText,  // free text, at most 20,000 characters
  kDate,      // YYYY-MM-DD
  kDateTime,  // ISO 8601, normalised to UTC
  kInt,       // within [min, max]
  kBool,
  kCode,      // one of `codes`
  kCodeList,  // an array of distinct codes
  kId,        // a record id
  kIdList,
  kSha256,        // 64 hex digits, lower-cased
  kAgencyCode,    // an agency's code (checked against the store by the caller)
  kConditions,    // [{ "code": one of `codes`, "text": "..." }]
  kParticipants,  // [{ "agency": agency code, "role": "..." }]
};

struct FieldSpec {
  std::string_view name;
  FieldType type;
  bool required = false;
  std::vector<std::string_view> codes = {};
  int min = 0;
  int max = 0;
};

struct KindSpec {
  std::string_view kind;         // stored in case_items.kind
  std::string_view route;        // the collection under /cases/{id}/: "actions"
  std::string_view label;        // "action", for messages and the timeline
  std::string_view lifecycle;    // empty: no status
  std::string_view field_class;  // core, narrative, victim_contact, health
  std::string_view action;       // the role action needed to write it
  std::vector<FieldSpec> fields = {};
  std::string_view subtype_field = {};  // copied to CaseItem::subtype for queries
  std::string_view due_field = {};      // copied to CaseItem::due_on
  std::string_view owner_field = {};    // copied to CaseItem::owner_user_id
  bool editable = false;                // its fields may be changed after creation (plans)
  bool dedicated = false;               // written only by its own use case (triage)
};

std::span<const KindSpec> CaseItemKinds();
const KindSpec* FindKind(std::string_view kind);
const KindSpec* FindKindByRoute(std::string_view route);

// Checks `input` against the kind's fields: unknown members, wrong types,
// bad codes and missing required fields are each a FieldError. With
// `partial`, required fields may be absent (an edit). Returns the body as it
// will be stored: known fields only, values normalised. Members named in
// `ignore` (version, event …) are skipped.
Result<boost::json::object> ValidateBody(const KindSpec& spec, const boost::json::object& input,
                                         bool partial,
                                         std::initializer_list<std::string_view> ignore = {});

// Validates one field on its own (for fields of use cases that are not
// items, like a triage).
Status ValidateField(const FieldSpec& field, const boost::json::value& value,
                     boost::json::value& normalised);

}  // namespace threadline::services
