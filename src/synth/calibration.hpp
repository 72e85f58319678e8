#pragma once
// Every tunable rate of the synthetic-data generator, in one place.
//
// Figures marked DOMAIN come from docs/DOMAIN.md (national statistics for
// England and Wales); the rest are illustrative choices, chosen so the data
// exercises every path of screening and linkage, and say so. Shares are
// probabilities in [0, 1].

#include <cstddef>

namespace threadline::synth {

struct Calibration {
  // ---- Mix of reports ----------------------------------------------------
  // Share of reports that belong to a course of conduct (two or more reports,
  // one suspect); the rest are unrelated one-off incidents (noise).
  double share_courses = 0.75;
  // Of courses, the share that is repeated harassment without fixation
  // (neighbour feuds, workplace disputes): repeated, but not stalking.
  double share_harassment_courses = 0.15;
  // Reports per course: 2 + geometric, capped. Illustrative.
  double mean_reports_per_course = 4.0;
  int max_reports_per_course = 20;
  // Length of a course. DOMAIN: stalking typically lasts six months to two
  // years; the generator squeezes courses into Config::span_days.
  int course_min_days = 14;
  int course_max_days = 540;

  // ---- Shape of a course -------------------------------------------------
  // DOMAIN: about 20% of women and 9% of men have been stalked, so roughly
  // two victims in three are women. Suspects: illustrative.
  double share_female_victim = 0.7;
  double share_female_suspect = 0.2;
  // DOMAIN: about two thirds involve a current or former intimate partner.
  double share_intimate_partner = 0.67;
  // Courses that cross a force boundary (victim moves or suspect travels).
  // DOMAIN §10: separate reports in different forces never linked.
  double share_cross_force = 0.15;
  double share_cross_force_victim_moves = 0.5;  // else the suspect travels
  // Courses whose suspect already has another victim within three years.
  // DOMAIN: up to about half of stalkers reoffend; illustrative.
  double share_serial = 0.12;
  // Courses whose frequency and severity rise (contact -> turning up -> violence).
  double share_escalating = 0.3;
  // DOMAIN: about a third of cases involve violence. Escalating courses end
  // in violence at this rate, other courses have one violent incident at
  // the second rate: 0.3 * 0.7 + 0.7 * 0.2 = 0.35.
  double escalating_violence = 0.7;
  double other_violence = 0.2;
  // Suspects known only by a phone number, handle, e-mail or vehicle.
  double share_unknown_suspect = 0.12;
  // Of unknown suspects, the share later identified by name.
  double unknown_later_identified = 0.5;
  // Stalking-pattern reports the officer records as something else
  // (harassment, malicious communications ...). DOMAIN §10 names this the
  // commonest failure; there is no national figure, so this is illustrative.
  double share_misrecorded = 0.55;
  // A witness party on a report.
  double share_witness = 0.08;
  // One-off incidents whose victim is someone already in the data.
  double one_off_known_victim = 0.1;
  // One-off incidents with no suspect recorded at all.
  double one_off_no_suspect = 0.25;

  // ---- Outcomes of stalking-pattern reports ------------------------------
  // DOMAIN: of 118,411 stalking reports (year to March 2022) about 5% were
  // charged, 3% reached trial, 2% were convicted. Each is a share of all
  // stalking-pattern reports; trial implies charged, convicted implies trial.
  double charged = 0.05;
  double trial = 0.03;
  double convicted = 0.02;
  // Illustrative: cautions, arrests without charge and no further action.
  double cautioned = 0.01;
  double arrested_not_charged = 0.12;
  double no_further_action = 0.55;
  // Outcomes of reports outside a stalking pattern (one-offs, harassment).
  double other_charged = 0.04;
  double other_no_further_action = 0.6;

  // ---- How one person's records differ between agencies ------------------
  double nickname = 0.15;    // recorded under an informal forename (Bob for Robert)
  double given_typo = 0.04;  // one-character edit or transposition
  double family_typo = 0.04;
  double upper_case_family = 0.15;  // SMITH, as some systems store it
  double dob_transposed = 0.03;     // day and month swapped (when both <= 12)
  double dob_partial = 0.05;        // only the year, or the year and month
  double dob_year_typo = 0.01;      // one year out
  double dob_missing = 0.06;
  double dob_missing_suspect = 0.3;  // suspects' details are often unknown
  double address_missing = 0.1;
  double address_missing_suspect = 0.35;
  double stale_address = 0.5;  // a previous address, when there is one
  double postcode_unspaced = 0.1;
  double married_name = 0.3;       // of women over 25: a former surname exists
  double former_name_used = 0.35;  // a record made under the former surname
  double phone_recorded = 0.7;
  double email_recorded = 0.35;
  double handle_recorded = 0.2;
  double vehicle_recorded = 0.15;
  double gender_missing = 0.08;
  // A force making a second record for someone it already holds.
  double duplicate_in_force = 0.08;

  // ---- Persons-only mode -------------------------------------------------
  // Records per entity: 1 + geometric with this mean, capped; the linkage
  // benchmark wants about 1.3-3 records per entity.
  double mean_records_per_entity = 2.0;
  int max_records_per_entity = 8;
  // Records held by a non-police agency (probation, NHS, advocacy).
  double non_police_record = 0.1;
};

}  // namespace threadline::synth
