#pragma once
// The link chart of a course of conduct, as a graph: the people, the reports
// naming them, the identifiers they were recorded with (phone, e-mail,
// handle, vehicle) and the forces that recorded the reports, joined by who
// was a party to which report, who holds which identifier, which force
// recorded which report, and which person records identity resolution says
// are the same individual.
//
// Pure: the caller reads the records the viewer may see (already redacted)
// and this only arranges them. Deterministic: the same input gives the same
// nodes and edges in the same order.

#include <cstddef>
#include <string>
#include <vector>

#include "domain/records.hpp"
#include "services/access_control.hpp"

namespace threadline::services::chart {

// A person record as the viewer may see it.
struct PersonSeen {
  domain::Id id;
  // False: a record the viewer may not read (another agency's): the chart
  // shows that it exists and how it is linked, nothing of its content.
  bool visible = false;
  std::string agency_code;
  std::string given_name;
  std::string family_name;
  // Contact identifiers as recorded; empty when withheld (see `withheld`).
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  std::vector<std::string> handles;
  std::vector<std::string> vehicles;
  std::string basis;  // why the viewer may see it, as in Disclosed<>
  std::vector<Withheld> withheld;
};

// A report the viewer may see: its core fields and parties.
struct ReportSeen {
  domain::Id id;
  std::string reference;
  std::string occurred_at;
  std::string recorded_as;
  std::string force_code;
  std::vector<domain::Party> parties;
};

// Identity resolution's view of two person records.
struct SamePerson {
  domain::Id a;
  domain::Id b;
  double probability = 0;
  double weight = 0;
};

struct Input {
  domain::Id root;  // the person the chart is drawn around
  std::vector<PersonSeen> persons;
  std::vector<ReportSeen> reports;
  std::vector<SamePerson> links;
  std::vector<domain::Agency> forces;  // for force names; codes not here keep the code
};

enum class NodeKind { kPerson, kReport, kIdentifier, kForce };

struct Node {
  // "person:<id>", "report:<id>", "identifier:<n>" (numbered, so no value is
  // in an id), "force:<code>"
  std::string id;
  NodeKind kind = NodeKind::kPerson;
  domain::Id record_id;  // person or report id (to open it); empty otherwise

  // kPerson
  bool root = false;
  bool visible = true;
  std::string agency_code;
  std::string given_name;
  std::string family_name;
  std::vector<std::string> roles;  // party roles across the chart's reports, sorted
  std::string basis;
  std::vector<Withheld> withheld;

  // kReport
  std::string reference;
  std::string occurred_at;
  std::string recorded_as;
  std::string force_code;  // also kForce

  // kIdentifier
  std::string identifier_kind;  // phone, email, handle, vehicle
  std::string value;            // as first recorded
  size_t holders = 0;           // person records in the chart holding it

  // kForce
  std::string name;
};

struct Edge {
  std::string kind;  // party_of, recorded_by, has_identifier, same_person
  std::string source;
  std::string target;
  std::string role;        // party_of: the party's role
  double probability = 0;  // same_person
  double weight = 0;       // same_person: match weight in bits
};

struct Chart {
  // Persons first (the root first), then reports by occurred time, then
  // identifiers, then forces.
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

// Arranges `input` as a chart. Reports name person ids; a party whose person
// is not in `input.persons` is shown as a record not shared. Identifiers are
// matched after normalisation (07700 900123 and +44 7700 900123 are one
// phone); an identifier held by two or more person records is the shared
// evidence a course of conduct rests on. Same-person links to records not
// in the chart are dropped, and each pair is kept once.
Chart BuildChart(const Input& input);

std::string_view NodeKindName(NodeKind kind);  // person, report, identifier, force

}  // namespace threadline::services::chart
