#pragma once
// Internal: the report generator's working state. One Generator per
// Generate() call; not thread-safe.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "synth/identity.hpp"
#include "synth/narrative.hpp"
#include "synth/synth.hpp"
#include "synth/tables.hpp"

namespace threadline::synth {

// A report before ids exist: persons are referred to by index, so ids can be
// handed out at the end in time order.
struct PendingReport {
  size_t force = 0;  // agency index
  int64_t occurred_s = 0;
  int64_t reported_s = 0;
  std::string summary;
  std::string recorded_as;
  std::vector<std::string> behaviours;
  std::vector<std::pair<std::string_view, uint32_t>> parties;  // role, person index
  std::string course;
  bool stalking = false;
};

struct PendingOutcome {
  size_t report = 0;  // index into the pending reports
  std::string_view kind;
  std::string reason;
  int64_t at_s = 0;
};

// What the outcome chain needs to know about a report.
struct OutcomeContext {
  size_t report = 0;
  int64_t reported_s = 0;
  bool stalking = false;
  bool has_suspect = false;
  bool suspect_named = false;
};

class Generator {
 public:
  Generator(const Config& config, const NameTables& tables,
            const std::vector<domain::Agency>& agencies);
  Dataset Run();

 private:
  struct Course;

  uint32_t NewEntity(const EntitySpec& spec);
  uint32_t RecordFor(uint32_t entity, size_t agency, Detail detail, IdentifierKind kind);
  void Use(uint32_t person, int64_t at_s);

  // generate.cpp
  void EmitCourse(size_t reports);
  Course PlanCourse(size_t reports);
  void PickSuspect(Course& c);
  std::vector<std::string_view> Repertoire(const Course& c);
  std::vector<int64_t> CourseTimes(const Course& c);
  std::vector<std::string> CourseBehaviours(const Course& c, size_t i);
  std::string CourseRecordedAs(const Course& c, const std::vector<std::string>& behaviours);
  void EmitOneOff();
  void AddWitness(PendingReport& report, size_t place, int64_t at_s);
  int64_t ReportDelay();

  // outcomes.cpp
  bool AddOutcomes(const OutcomeContext& ctx);
  void ChargeChain(const OutcomeContext& ctx, int64_t at_s, double trial, double convicted);
  int64_t AddOutcome(size_t report, std::string_view kind, std::string reason, int64_t at_s);

  // finish.cpp
  Dataset Finish();
  std::vector<domain::Id> FinishPersons(Dataset& out);
  std::vector<domain::Id> FinishReports(Dataset& out, const std::vector<domain::Id>& person_id);
  void FinishOutcomes(Dataset& out, const std::vector<domain::Id>& report_id);

  const Config& config_;
  const Calibration& cal_;
  const NameTables& tables_;
  const std::vector<domain::Agency>& agencies_;
  Rng rng_;
  std::vector<Entity> entities_;
  std::vector<domain::Person> persons_;  // without id or created_at yet
  std::vector<uint32_t> person_entity_;
  std::vector<int64_t> person_first_use_;
  std::unordered_map<uint64_t, uint32_t> records_;  // (entity, agency, detail) -> person
  std::vector<PendingReport> reports_;
  std::vector<PendingOutcome> outcomes_;
  struct SuspectSeen {
    uint32_t entity;
    int64_t start_s;
  };
  std::vector<SuspectSeen> suspects_;
  size_t courses_ = 0;
};

// "E00000042", "C0000017".
std::string EntityId(size_t index);
std::string CourseId(size_t index);

}  // namespace threadline::synth
