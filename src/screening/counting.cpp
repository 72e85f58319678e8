// Home Office Counting Rules advice for the course of conduct.
//
//   * One crime per victim: a later incident on a course of conduct that is
//     still under investigation joins the existing crime.
//   * Reclassify, don't re-count: when the whole turns out more serious (or
//     was recorded as something else), the existing crime is reclassified.
//   * Conduct continuing after charge or caution is a new crime.
//   * Principal crime: one crime, the most serious offence, with the other
//     offences kept as included classifications so they can be searched.
#include "domain/vocabulary.hpp"
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

// A recorded-as code as a Symbol: the domain vocabulary's own text when it is
// one of its codes (always, for parsed answers), else an interned copy.
Symbol RecordedAs(std::string_view code) {
  for (const auto& c : domain::RecordedAsCodes()) {
    if (c.code == code) return Symbol::Static(c.code);
  }
  return Symbol::Intern(code);
}

// Builds the advice texts: the principal's resolved texts, and lookups for
// the codes earlier incidents were recorded as.
class Advisor {
 public:
  Advisor(const Context& c, int principal)
      : c_(c),
        cfg_(c.screener->config()),
        principal_(c.screener->resolved().classifications[principal]) {}

  Symbol principal() const { return principal_.code; }
  // "code (class)" for offences, the bare code otherwise.
  std::string WithClass(std::string_view code) const {
    if (!IsOffence(cfg_, code)) return std::string(code);
    return Cat({code, " (", cfg_.Classification(code).ho_class, ")"});
  }
  std::string_view PrincipalWithClass() const { return principal_.with_class; }

  void Existing(const HistoryIncident* open, std::vector<CountingAdvice>& out) const;
  void Earlier(const HistoryIncident* open, std::vector<CountingAdvice>& out) const;

 private:
  const Context& c_;
  const RulesConfig& cfg_;
  const Screener::Resolved::ClassificationTexts& principal_;
};

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

void Advisor::Existing(const HistoryIncident* open, std::vector<CountingAdvice>& out) const {
  const Symbol principal = principal_.code;
  if (open != nullptr) {
    out.push_back({"counting.one_crime_per_victim", "add_to_existing_crime", open->crime_reference,
                   open->incident, "", principal,
                   Cat({"Add this incident to crime ", open->crime_reference,
                        " instead of recording a new crime: one crime per victim for a course of "
                        "conduct still under investigation."})});
    if (ShouldReclassify(cfg_, open->recorded_as, principal)) {
      out.push_back({"counting.reclassify", "reclassify", open->crime_reference, open->incident,
                     RecordedAs(open->recorded_as), principal,
                     Cat({"Reclassify crime ", open->crime_reference, " from ",
                          WithClass(open->recorded_as), " to ", PrincipalWithClass(),
                          ": the whole course of conduct is ", principal, "."})});
    } else if (open->recorded_as != principal) {
      const Symbol recorded = RecordedAs(open->recorded_as);
      out.push_back(
          {"counting.keep_recorded", "keep_classification", open->crime_reference, open->incident,
           recorded, recorded,
           Cat({"Crime ", open->crime_reference, " is recorded as ", WithClass(open->recorded_as),
                ", which is at least as serious; keep it and add ", principal,
                " as an included classification."})});
    }
    return;
  }
  if (const HistoryIncident* charged = ChargedCrime(c_)) {
    out.push_back({"counting.new_after_charge", "record_new_crime", charged->crime_reference,
                   charged->incident, "", principal,
                   Cat({"Crime ", charged->crime_reference, " has been ",
                        CrimeStatusName(charged->crime_status),
                        "; conduct continuing after charge or caution is a new crime. Record a "
                        "new crime as ",
                        PrincipalWithClass(), " and link the two."})});
    return;
  }
  out.push_back({"counting.record_new", "record_new_crime", "", "", "", principal,
                 Cat({"Record one crime as ", PrincipalWithClass(),
                      " within 24 hours: a crime is established on the balance of "
                      "probabilities."})});
}

// Earlier linked incidents recorded as something less than the whole.
void Advisor::Earlier(const HistoryIncident* open, std::vector<CountingAdvice>& out) const {
  const Symbol principal = principal_.code;
  for (const auto& h : c_.answers->history) {
    if (&h == open || !h.same_suspect) continue;
    if (!h.same_victim) {
      out.push_back({"counting.other_victim", "separate_crime_other_victim", h.crime_reference,
                     h.incident, "", "",
                     Cat({"Incident ", h.incident,
                          " involves the same suspect and another victim: one crime per victim, "
                          "so it stays a separate crime; link it and check for a serial "
                          "perpetrator."})});
      continue;
    }
    if (!ShouldReclassify(cfg_, h.recorded_as, principal)) continue;
    if (!IsStalking(principal) && IsOffence(cfg_, h.recorded_as)) continue;
    out.push_back(
        {"counting.review_earlier", "review_earlier_incident", h.crime_reference, h.incident,
         RecordedAs(h.recorded_as), principal,
         Cat({"Earlier incident ", h.incident, h.crime_reference.empty() ? "" : " (crime ",
              h.crime_reference, h.crime_reference.empty() ? "" : ")", " was recorded as ",
              WithClass(h.recorded_as), " but is part of this course of conduct, which is ",
              PrincipalWithClass(), ": link it to the crime and correct its recording."})});
  }
}

}  // namespace

std::vector<CountingAdvice> AdviseCounting(const Evaluation& ev, const ScreeningResult& r,
                                           int principal) {
  std::vector<CountingAdvice> out;
  const Context& c = ev.ctx;
  if (principal == kNotEnoughInformation) {
    out.push_back({"counting.not_yet", "decide_after_questions", "", "", "", "",
                   "Do not decide the crime yet: answer the open questions, then record "
                   "within 24 hours once a crime is established on the balance of "
                   "probabilities."});
    return out;
  }
  if (principal == kNoNotifiableOffence) {
    out.push_back({"counting.no_crime", "record_incident_only", "", "", "", "",
                   "No notifiable offence is shown: record the incident and link it, so a "
                   "second occasion is seen as a course of conduct."});
    return out;
  }
  out.reserve(2 + c.answers->history.size() + (r.classifications.size() > 1 ? 1 : 0));
  const Advisor advisor(c, principal);
  const HistoryIncident* open = OpenCrime(c);
  advisor.Existing(open, out);
  advisor.Earlier(open, out);
  if (r.classifications.size() > 1) {
    std::string text;
    text.reserve(256);
    text += "Record the course of conduct once, as ";
    text += advisor.PrincipalWithClass();
    text += " (the principal crime), and record ";
    for (size_t i = 1; i < r.classifications.size(); ++i) {
      if (i > 1) text += ", ";
      text += r.classifications[i].code;
      text += " (";
      text += r.classifications[i].ho_class;
      text += ")";
    }
    text += " as included classifications so they can be searched and reported.";
    out.push_back({"counting.principal_crime", "record_included_classifications", "", "", "",
                   advisor.principal(), std::move(text)});
  }
  return out;
}

}  // namespace threadline::screening::internal
