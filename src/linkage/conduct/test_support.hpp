#pragma once
// Builders for hand-made course-of-conduct scenarios in tests.

#include <string>
#include <vector>

#include "linkage/conduct/conduct.hpp"

namespace threadline::linkage::conduct::testing {

// A small world of persons and reports; entity_of maps person -> entity.
struct World {
  std::vector<domain::Person> persons;
  std::vector<domain::Report> reports;
  EntityMap entity_of;

  // A named person record of `entity`.
  std::string Named(const std::string& id, const std::string& entity,
                    std::vector<std::string> phones = {}) {
    domain::Person p;
    p.id = id;
    p.given_name = "Given" + entity;
    p.family_name = "Family" + entity;
    p.phones = std::move(phones);
    persons.push_back(std::move(p));
    entity_of[id] = entity;
    return id;
  }

  // A suspect known only by an identifier ("phone", "email", "handle", "vehicle").
  std::string IdentifierOnly(const std::string& id, const std::string& kind,
                             const std::string& value) {
    domain::Person p;
    p.id = id;
    if (kind == "phone") p.phones = {value};
    if (kind == "email") p.emails = {value};
    if (kind == "handle") p.handles = {value};
    if (kind == "vehicle") p.vehicles = {value};
    persons.push_back(std::move(p));
    entity_of[id] = "unknown-" + id;  // identity resolution cannot name them
    return id;
  }

  // A report on `day` ("2025-01-10") in `force`.
  domain::Report& Add(const std::string& id, const std::string& day, const std::string& force,
                      const std::string& victim, const std::string& suspect,
                      std::vector<std::string> behaviours = {"contacting"},
                      const std::string& recorded_as = "harassment_s2") {
    domain::Report r;
    r.id = id;
    r.force_id = "F-" + force;
    r.force_code = force;
    r.reference = force + "/" + id;
    r.occurred_at = day + "T20:00:00Z";
    r.reported_at = day + "T21:00:00Z";
    r.recorded_as = recorded_as;
    r.behaviours = std::move(behaviours);
    if (!victim.empty()) r.parties.push_back({"victim", victim});
    if (!suspect.empty()) r.parties.push_back({"suspect", suspect});
    reports.push_back(std::move(r));
    return reports.back();
  }

  Input input() const { return Input{reports, persons, &entity_of}; }
};

}  // namespace threadline::linkage::conduct::testing
