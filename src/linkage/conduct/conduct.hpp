#pragma once
// Course-of-conduct linking (issue 4 §2): which reports are one course of
// conduct, and what the pattern says — misrecording, other forces, other
// victims, escalation. Pure: values in, values out; no I/O, no clock, no
// global state. Every call is thread-safe on distinct or const inputs.
//
//   Input in{reports, persons, &entity_of};           // entity_of from identity resolution
//   auto grouping = GroupCourses(in, options);        // courses + one-offs
//   auto findings = FindFindings(in, *grouping, options, DefaultClassifier);
//   boost::json::value out = ToJson(*grouping, findings, in);  // render.hpp
//
// A course of conduct is two or more occasions (reports with distinct
// occurred_at) that name the same suspect and the same victim entity, across
// dates and forces, with no gap between consecutive occasions longer than
// Options::max_gap_days (a longer gap starts a new course). "Same suspect"
// means the same resolved entity, or — for suspects known only by a phone,
// handle, e-mail or vehicle — suspect records sharing such an identifier,
// unless the identifier is held by too many different people to say
// anything (see Options::max_identifier_holders).

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"

namespace threadline::linkage::conduct {

// person id -> resolved entity id (any opaque string). A person id missing
// from the map is its own entity.
using EntityMap = std::unordered_map<domain::Id, std::string>;

// What the engine reads. The spans and the map must outlive the call and the
// returned values' use of indexes into `reports`.
struct Input {
  std::span<const domain::Report> reports;
  // The person records the parties refer to. Parties whose person is not
  // here still count (by person id) but bring no identifiers.
  std::span<const domain::Person> persons;
  const EntityMap* entity_of = nullptr;  // null: every person record is its own entity
  // Person records a practitioner decided are not the same person: the
  // grouping's own joins (namesakes, an unknown suspect later named) never
  // join their individuals.
  std::span<const std::pair<domain::Id, domain::Id>> kept_apart = {};
};

struct Options {
  // A gap longer than this between consecutive occasions splits a course.
  int64_t max_gap_days = 365;
  // Serial perpetrator: two or more different victims within this window.
  int64_t serial_window_days = int64_t{3} * 365;
  // Suspect records on reports of the *same victim* that share an identifier
  // are one suspect when at most this many different resolved entities
  // hold the identifier (among all Input::persons). A victim has few suspects, so even a moderately
  // shared number is strong evidence there; beyond this it is a switchboard, a placeholder or a
  // reserved test range.
  size_t max_identifier_holders = 10;
  // Across *different victims* (serial perpetrator search) the prior that
  // two suspects are one person is low, so an identifier joins them only
  // when no more than this many resolved entities hold it.
  size_t max_identifier_holders_serial = 1;
  // A victim's suspect known only by an identifier is taken to be the one
  // suspect the victim names, when every report of the victim that names a
  // suspect names that one (link kind suspect_unknown_then_named, with the
  // strength below).
  bool join_unknown_to_sole_named_suspect = true;
  // Records identity resolution left apart are one person, with the
  // strength below, when complete dates of birth (if both have one) agree
  // and: two victim records are targeted by one named suspect under the same
  // full name (link kind victim_same_name_same_suspect); two suspect records
  // of one victim share the family name and the first three letters of the
  // given name (suspect_same_name_same_victim).
  bool join_namesake_victims = true;
  bool join_namesake_suspects = true;
  double namesake_strength = 0.7;
  double unknown_suspect_strength = 0.5;
  // Strength given to a link that identity resolution made between two
  // different person records (the caller's map carries no probability).
  double resolved_entity_strength = 0.9;
  // Escalation: later gaps at most this fraction of earlier gaps.
  double frequency_ratio = 0.6;
};

// Expected failure: kInvalidArgument for non-positive windows or ratios.
Status Validate(const Options& options);

// ---- Values the engine returns ------------------------------------------

struct ReportRef {
  domain::Id id;
  std::string force_code;
  std::string reference;
  std::string occurred_at;
  std::string recorded_as;
};

// One piece of evidence joining two reports' parties.
struct Link {
  std::string kind;  // victim_same_entity, suspect_same_entity, suspect_shared_<phone|email|
                     // handle|vehicle>, suspect_same_group,
                     // suspect_unknown_then_named, victim_same_entity,
                     // victim_same_name_same_suspect, suspect_same_name_same_victim
  domain::Id report_a;
  domain::Id report_b;
  domain::Id person_a;
  domain::Id person_b;
  std::string detail;     // entity id, or the normalised identifier
  double strength = 0.0;  // 0..1; 1 = the same person record
  bool operator==(const Link&) const = default;
};

struct Reason {
  std::string rule_id;  // machine-readable, e.g. "misrecorded.wrong_classification"
  std::string text;     // one plain-English sentence
  bool operator==(const Reason&) const = default;
};

struct Course {
  std::string id;                 // "course:" + id of its earliest report (stable)
  std::string suspect;            // suspect entity, or "identifier:<kind>:<value>"
  std::string victim;             // victim entity
  std::vector<uint32_t> reports;  // indexes into Input::reports, by occurred time
  size_t occasions = 0;           // distinct occurred_at values (>= 2)
  int64_t first_s = 0;
  int64_t last_s = 0;
  std::vector<Link> links;  // why each report after the first belongs here
};

struct Skipped {
  uint32_t report = 0;
  std::string reason;  // e.g. "no parseable occurred_at or reported_at"
};

struct Grouping {
  std::vector<Course> courses;     // ordered by first occasion, then id
  std::vector<uint32_t> one_offs;  // reports in no course (incl. no suspect / victim)
  std::vector<int32_t> course_of;  // per report: index into courses, -1 none
  std::vector<Skipped> skipped;    // reports that could not be placed in time
  // Occurred time per report (seconds since the epoch; falls back to
  // reported_at), nullopt for skipped reports.
  std::vector<std::optional<int64_t>> time_of;
  // Global suspect group per report (first suspect party), -1 when none:
  // suspect entities joined by a shared course or by an identifier rare
  // enough for Options::max_identifier_holders_serial. Used by the
  // serial-perpetrator search; `suspect_group_links` says why, per group.
  std::vector<int32_t> suspect_group_of;
  std::vector<std::vector<Link>> suspect_group_links;
  std::vector<std::string> suspect_group_name;  // display name per group
  std::vector<std::string> victim_of;           // first victim entity per report, or empty
};

// Groups reports into courses of conduct. Deterministic: the same input in
// the same order gives the same output. A report with several suspect or
// victim parties joins the course of its first (suspect, victim) pair that
// makes one. Fails only for invalid options; bad dates are reported in
// `skipped`, never fatal.
Result<Grouping> GroupCourses(const Input& input, const Options& options);

// ---- Classification of a whole course ------------------------------------

struct CourseClassification {
  bool stalking = false;
  std::string code;  // stalking_s2a / stalking_s4a when stalking, else empty
  std::vector<Reason> reasons;
};
// Reports of one course, in time order.
using CourseClassifier =
    std::function<CourseClassification(std::span<const domain::Report* const> course)>;

// The documented default (until the screening engine can classify a course
// from reports): stalking when repeated (two or more occasions) and either
//   - an officer already recorded an occasion as stalking, or
//   - a surveillance-type act occurs (following, loitering, watching_spying,
//     monitoring_communications, tracking_device, account_access), or
//   - other s2A acts (contacting, publishing_material, impersonation,
//     interfering_with_property) occur on three or more occasions.
// s4A when threats, sexual threats or violence occur on two or more occasions.
CourseClassification DefaultClassifier(std::span<const domain::Report* const> course);

// ---- Findings --------------------------------------------------------------

enum class FindingType : uint8_t {
  kCourseExists,
  kMisrecorded,
  kCrossForce,
  kSerialPerpetrator,
  kEscalation,
};
std::string_view FindingTypeName(FindingType type);  // "course_exists", ...
std::optional<FindingType> ParseFindingType(std::string_view name);

struct Recommendation {
  std::string action;     // record_one_crime, reclassify, join_crime, check_other_forces,
                          // consider_serial_perpetrator_review, review_risk
  std::string reference;  // the crime / report concerned, when any
  std::string from;       // reclassify: current code
  std::string to;         // reclassify / record: code to use
  std::string text;
};

struct Finding {
  std::string id;  // "<type>:<course id or suspect>", stable for the same input
  FindingType type = FindingType::kCourseExists;
  std::string course_id;  // empty for serial_perpetrator (spans courses)
  std::string suspect;
  std::vector<std::string> victims;  // victim entities concerned
  std::vector<std::string> forces;   // distinct force codes of `reports`, sorted
  std::vector<ReportRef> reports;    // time order
  std::vector<Link> links;
  std::vector<Reason> reasons;  // never empty
  std::vector<Recommendation> recommendations;
};

// Every finding over `grouping` (which must come from GroupCourses on the
// same input): course_exists for each course, then misrecorded, cross_force
// and escalation where they apply, then serial_perpetrator per suspect.
// `classify` decides whether a whole course is stalking; pass
// DefaultClassifier until screening is wired in.
std::vector<Finding> FindFindings(const Input& input, const Grouping& grouping,
                                  const Options& options, const CourseClassifier& classify);

// Findings of `type` (any when nullopt) that involve `force_code` (any when
// empty) — the filter behind GET /api/v1/findings?force=&type=.
std::vector<const Finding*> FilterFindings(std::span<const Finding> findings,
                                           std::string_view force_code,
                                           std::optional<FindingType> type);

}  // namespace threadline::linkage::conduct
