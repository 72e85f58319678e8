#pragma once
// Deterministic synthetic data for Threadline: people, reports, courses of
// conduct and outcomes that look like multi-agency stalking data, with the
// ground truth (which records are one person, which reports are one course)
// kept beside them so that linkage and screening can be scored.
//
// Nothing here is real. Names come from public frequency lists in
// data/names/, phone numbers from Ofcom's ranges reserved for drama, e-mail
// addresses from the reserved example domains (RFC 2606), and vehicle
// registrations always contain a Q, which current-format UK plates never do.
//
// Determinism: equal Config, reference data and agencies give an identical
// Dataset (and identical files) on every run and platform with the same
// standard library. Nothing here reads the clock or the environment.
// Thread-safety: the functions are pure; concurrent calls are safe.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "refdata/refdata.hpp"
#include "synth/calibration.hpp"

namespace threadline::synth {

struct Config {
  uint64_t seed = 1;
  // Reports to generate (courses of conduct plus one-off noise).
  size_t reports = 1000;
  // When > 0: persons-only mode, this many person records and no reports.
  size_t persons_only = 0;
  // The generated timeline starts here (2024-04-01T00:00:00Z) ...
  int64_t start_unix_s = 1'711'929'600;
  // ... and lasts this long; courses that start late may run a little past it.
  int64_t span_days = 365;
  Calibration calibration;
};

struct Dataset {
  std::vector<domain::Agency> agencies;  // the agencies the ids refer to
  std::vector<domain::Person> persons;
  // Ground truth, parallel to `persons`: the hidden entity id ("E00000042")
  // of the real (synthetic) individual the record describes.
  std::vector<std::string> person_entity;
  std::vector<domain::Report> reports;
  // Ground truth, parallel to `reports`: the course-of-conduct id
  // ("C0000017"), empty for a one-off incident.
  std::vector<std::string> report_course;
  // Ground truth, parallel to `reports`: the conduct is stalking (fixated,
  // obsessive, unwanted, repeated) whatever the officer recorded it as.
  std::vector<bool> report_is_stalking_pattern;
  std::vector<domain::Outcome> outcomes;
};

// Generates a dataset. In persons-only mode (`config.persons_only > 0`) it
// holds only persons and their truth; prefer StreamPersons for large counts.
// `agencies` must include police forces whose codes appear in
// data/names/places.csv; their ids are used as Person.agency_id and
// Report.force_id. Fails with kInvalidArgument for an unusable config or
// agency list and kInternal when the name tables are missing or malformed.
Result<Dataset> Generate(const Config& config, const refdata::RefData& refdata,
                         const std::vector<domain::Agency>& agencies);

// Persons-only mode without holding the population in memory: calls `sink`
// once per record, in a deterministic order (records of one entity are
// shuffled within blocks of 65,536 records, never sorted by entity).
// Generate() in persons-only mode gives the same records in the same order.
// Memory use is bounded by the block size. On error nothing has been emitted.
using PersonSink = std::function<void(const domain::Person& person, const std::string& entity_id)>;
Status StreamPersons(const Config& config, const refdata::RefData& refdata,
                     const std::vector<domain::Agency>& agencies, const PersonSink& sink);

// The agencies of data/agencies.csv with ids derived from `seed`, for use
// when no database exists yet. Same seed, same ids.
Result<std::vector<domain::Agency>> MakeAgencies(const refdata::RefData& refdata, uint64_t seed);

// Writes the dataset into `dir` (created if missing), replacing files of the
// same names: agencies.csv, persons.csv, reports.csv, parties.csv,
// outcomes.csv, persons_truth.csv (person_id,entity_id), courses_truth.csv
// (report_id,course_id,is_stalking_pattern) and reports.jsonl (one report
// with its parties per line). CSV follows RFC 4180 with a header row;
// several values in one field (phones, behaviours ...) are joined with ';'.
// On failure (kUnavailable) some files may be missing or partial.
Status WriteFiles(const Dataset& dataset, const std::string& dir);

// Streaming writer for persons-only mode: writes persons.csv and
// persons_truth.csv (plus agencies.csv) in `dir` without holding the records.
Status WritePersonsOnly(const Config& config, const refdata::RefData& refdata,
                        const std::vector<domain::Agency>& agencies, const std::string& dir);

}  // namespace threadline::synth
