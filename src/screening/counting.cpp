// Home Office Counting Rules advice for the course of conduct.
//
//   * One crime per victim: a later incident on a course of conduct that is
//     still under investigation joins the existing crime.
//   * Reclassify, don't re-count: when the whole turns out more serious (or
//     was recorded as something else), the existing crime is reclassified.
//   * Conduct continuing after charge or caution is a new crime.
//   * Principal crime: one crime, the most serious offence, with the other
//     offences kept as included classifications so they can be searched.
#include "screening/evaluation.hpp"

namespace threadline::screening::internal {
namespace {

bool IsOffence(const RulesConfig& cfg, std::string_view code) {
  return cfg.Seriousness(code) < static_cast<int>(cfg.seriousness_order.size());
}

bool IsStalking(std::string_view code) { return code == "stalking_s2a" || code == "stalking_s4a"; }

// Should a crime recorded as `from` become `to` now that the whole is known?
bool ShouldReclassify(const RulesConfig& cfg, std::string_view from, std::string_view to) {
  if (from == to) return false;
  if (!IsOffence(cfg, from)) return true;               // recorded as something else entirely
  if (from == "malicious_communications") return true;  // the single message became a course
  return cfg.Seriousness(to) < cfg.Seriousness(from);
}

std::string WithClass(const RulesConfig& cfg, std::string_view code) {
  std::string out(code);
  if (IsOffence(cfg, code)) out += " (" + cfg.Classification(code).ho_class + ")";
  return out;
}

const HistoryIncident* OpenCrime(const Context& c) {
  for (const auto& h : c.answers->history) {
    if (h.same_suspect && h.same_victim && h.crime_status == CrimeStatus::kOpen) return &h;
  }
  return nullptr;
}

const HistoryIncident* ChargedCrime(const Context& c) {
  const HistoryIncident* found = nullptr;
  for (const auto& h : c.answers->history) {
    if (h.same_suspect && h.same_victim &&
        (h.crime_status == CrimeStatus::kCharged || h.crime_status == CrimeStatus::kCautioned)) {
      found = &h;
    }
  }
  return found;
}

void AdviseExisting(const Context& c, const std::string& principal, const HistoryIncident* open,
                    std::vector<CountingAdvice>& out) {
  const RulesConfig& cfg = c.screener->config();
  if (open != nullptr) {
    out.push_back({"counting.one_crime_per_victim", "add_to_existing_crime", open->crime_reference,
                   open->incident, "", principal,
                   "Add this incident to crime " + open->crime_reference +
                       " instead of recording a new crime: one crime per victim for a course of "
                       "conduct still under investigation."});
    if (ShouldReclassify(cfg, open->recorded_as, principal)) {
      out.push_back({"counting.reclassify", "reclassify", open->crime_reference, open->incident,
                     open->recorded_as, principal,
                     "Reclassify crime " + open->crime_reference + " from " +
                         WithClass(cfg, open->recorded_as) + " to " + WithClass(cfg, principal) +
                         ": the whole course of conduct is " + principal + "."});
    } else if (open->recorded_as != principal) {
      out.push_back({"counting.keep_recorded", "keep_classification", open->crime_reference,
                     open->incident, open->recorded_as, open->recorded_as,
                     "Crime " + open->crime_reference + " is recorded as " +
                         WithClass(cfg, open->recorded_as) +
                         ", which is at least as serious; keep it and add " + principal +
                         " as an included classification."});
    }
    return;
  }
  if (const HistoryIncident* charged = ChargedCrime(c)) {
    out.push_back({"counting.new_after_charge", "record_new_crime", charged->crime_reference,
                   charged->incident, "", principal,
                   "Crime " + charged->crime_reference + " has been " +
                       std::string(CrimeStatusName(charged->crime_status)) +
                       "; conduct continuing after charge or caution is a new crime. Record a new "
                       "crime as " +
                       WithClass(cfg, principal) + " and link the two."});
    return;
  }
  out.push_back({"counting.record_new", "record_new_crime", "", "", "", principal,
                 "Record one crime as " + WithClass(cfg, principal) +
                     " within 24 hours: a crime is established on the balance of probabilities."});
}

// Earlier linked incidents recorded as something less than the whole.
void AdviseEarlier(const Context& c, const std::string& principal, const HistoryIncident* open,
                   std::vector<CountingAdvice>& out) {
  const RulesConfig& cfg = c.screener->config();
  for (const auto& h : c.answers->history) {
    if (&h == open || !h.same_suspect) continue;
    if (!h.same_victim) {
      out.push_back(
          {"counting.other_victim", "separate_crime_other_victim", h.crime_reference, h.incident,
           "", "",
           "Incident " + h.incident +
               " involves the same suspect and another victim: "
               "one crime per victim, so it stays a separate crime; link it and check for a "
               "serial perpetrator."});
      continue;
    }
    if (!ShouldReclassify(cfg, h.recorded_as, principal)) continue;
    if (!IsStalking(principal) && IsOffence(cfg, h.recorded_as)) continue;
    const std::string crime = h.crime_reference.empty() ? "" : " (crime " + h.crime_reference + ")";
    out.push_back({"counting.review_earlier", "review_earlier_incident", h.crime_reference,
                   h.incident, h.recorded_as, principal,
                   "Earlier incident " + h.incident + crime + " was recorded as " +
                       WithClass(cfg, h.recorded_as) +
                       " but is part of this course of conduct, "
                       "which is " +
                       WithClass(cfg, principal) +
                       ": link it to the crime and correct its recording."});
  }
}

}  // namespace

std::vector<CountingAdvice> AdviseCounting(const Evaluation& ev, const ScreeningResult& r) {
  std::vector<CountingAdvice> out;
  out.reserve(4 + ev.ctx.answers->history.size());
  const Context& c = ev.ctx;
  const std::string& principal = r.principal().code;
  if (principal == "not_enough_information" || principal == "no_notifiable_offence") {
    const bool nei = principal == "not_enough_information";
    out.push_back({nei ? "counting.not_yet" : "counting.no_crime",
                   nei ? "decide_after_questions" : "record_incident_only", "", "", "", "",
                   nei ? "Do not decide the crime yet: answer the open questions, then record "
                         "within 24 hours once a crime is established on the balance of "
                         "probabilities."
                       : "No notifiable offence is shown: record the incident and link it, so a "
                         "second occasion is seen as a course of conduct."});
    return out;
  }
  const HistoryIncident* open = OpenCrime(c);
  AdviseExisting(c, principal, open, out);
  AdviseEarlier(c, principal, open, out);
  if (r.classifications.size() > 1) {
    std::string included;
    for (size_t i = 1; i < r.classifications.size(); ++i) {
      included += (i > 1 ? ", " : "") + r.classifications[i].code + " (" +
                  r.classifications[i].ho_class + ")";
    }
    out.push_back(
        {"counting.principal_crime", "record_included_classifications", "", "", "", principal,
         "Record the course of conduct once, as " + WithClass(c.screener->config(), principal) +
             " (the principal crime), and record " + included +
             " as included classifications so they can be searched and reported."});
  }
  return out;
}

}  // namespace threadline::screening::internal
