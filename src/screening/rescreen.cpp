// Re-screening a course of conduct, and what changed between two results.
#include <algorithm>
#include <set>

#include "domain/vocabulary.hpp"
#include "screening/evaluation.hpp"
#include "screening/screener.hpp"

namespace threadline::screening {
namespace {

std::set<std::string_view> RuleIds(const Classification& c) {
  std::set<std::string_view> out;
  for (const auto& r : c.reasons) out.insert(r.rule_id);
  return out;
}

std::string Because(const Classification& c, const std::set<std::string_view>& only) {
  std::string out;
  for (const auto& r : c.reasons) {
    if (!only.empty() && !only.contains(r.rule_id)) continue;
    out += out.empty() ? " because: " : " ";
    out += r.text;
  }
  return out;
}

void DiffClassifications(const ScreeningResult& a, const ScreeningResult& b, ResultDiff& d) {
  const std::string from(a.principal().code);
  const std::string to(b.principal().code);
  if (from != to) {
    d.changes.push_back({"principal", to, from, to,
                         "Principal classification changed from " + from + " to " + to +
                             Because(b.principal(), {})});
  }
  for (const auto& c : b.classifications) {
    const Classification* before = a.Find(c.code);
    const std::string code(c.code);
    if (before == nullptr) {
      d.changes.push_back(
          {"classification_added", code, "", code,
           "Now also " + code + " (" + std::string(c.ho_class) + ")" + Because(c, {})});
      continue;
    }
    const auto old_ids = RuleIds(*before);
    for (const auto& r : c.reasons) {
      if (!old_ids.contains(r.rule_id)) {
        d.changes.push_back({"reason_added", r.rule_id, "", code, code + ": " + r.text});
      }
    }
    const auto new_ids = RuleIds(c);
    for (const auto& r : before->reasons) {
      if (!new_ids.contains(r.rule_id)) {
        d.changes.push_back(
            {"reason_removed", r.rule_id, code, "", code + " no longer rests on: " + r.text});
      }
    }
  }
  for (const auto& c : a.classifications) {
    if (!b.Has(c.code)) {
      const std::string code(c.code);
      d.changes.push_back({"classification_removed", code, code, "",
                           "No longer " + code + " (" + std::string(c.ho_class) + ")"});
    }
  }
}

void DiffPossible(const ScreeningResult& a, const ScreeningResult& b, ResultDiff& d) {
  auto has = [](const ScreeningResult& r, std::string_view code) {
    return std::any_of(r.possible.begin(), r.possible.end(),
                       [&](const auto& p) { return p.code == code; });
  };
  for (const auto& p : b.possible) {
    if (!has(a, p.code)) d.changes.push_back({"possible_added", p.code, "", p.code, p.text});
  }
  for (const auto& p : a.possible) {
    if (!has(b, p.code)) {
      d.changes.push_back({"possible_removed", p.code, p.code, "",
                           "No longer an open question: " + std::string(p.code)});
    }
  }
}

void DiffRisk(const ScreeningResult& a, const ScreeningResult& b, ResultDiff& d) {
  const auto from = RiskLevelName(a.risk.level);
  const auto to = RiskLevelName(b.risk.level);
  if (a.risk.level != b.risk.level) {
    std::string why;
    for (const auto& r : b.risk.reasons) why += " " + r.text;
    d.changes.push_back({"risk_level", "risk", std::string(from), std::string(to),
                         "Risk " + std::string(b.risk.level > a.risk.level ? "rose" : "fell") +
                             " from " + std::string(from) + " to " + std::string(to) + "." + why});
  }
  const auto& da = a.risk.drivers;
  const auto& db = b.risk.drivers;
  for (const auto& x : db) {
    if (std::find(da.begin(), da.end(), x) == da.end()) {
      d.changes.push_back({"risk_driver_added", x, "", x, "Risk now driven also by " + x});
    }
  }
  for (const auto& x : da) {
    if (std::find(db.begin(), db.end(), x) == db.end()) {
      d.changes.push_back({"risk_driver_removed", x, x, "", "Risk no longer driven by " + x});
    }
  }
}

void DiffCounting(const ScreeningResult& a, const ScreeningResult& b, ResultDiff& d) {
  for (const auto& c : b.counting) {
    const bool seen = std::any_of(a.counting.begin(), a.counting.end(), [&](const auto& x) {
      return x.code == c.code && x.crime_reference == c.crime_reference && x.to == c.to;
    });
    if (!seen) d.changes.push_back({"counting", c.code, c.from, c.to, c.text});
  }
}

// The earlier answers overlaid by the latest: a settled latest answer wins,
// behaviours accumulate over the course of conduct.
Answers Merge(const Questionnaire& qn, const Answers& earlier, const Answers& latest) {
  Answers out = latest;
  for (size_t i = 0; i < out.values.size() && i < earlier.values.size(); ++i) {
    AnswerValue& now = out.values[i];
    const AnswerValue& then = earlier.values[i];
    const bool unsettled =
        !now.answered() || (now.kind == AnswerValue::Kind::kTri && now.tri == Tri::kUnknown);
    if (unsettled && then.answered()) {
      now = then;
    } else if (now.kind == AnswerValue::Kind::kMulti && then.kind == AnswerValue::Kind::kMulti &&
               qn.questions()[i].id == CoreQuestionId(CoreQuestion::kBehaviours)) {
      now.bits |= then.bits;
    }
  }
  return out;
}

}  // namespace

std::string_view RiskLevelName(RiskLevel level) {
  switch (level) {
    case RiskLevel::kStandard:
      return "standard";
    case RiskLevel::kMedium:
      return "medium";
    case RiskLevel::kHigh:
      return "high";
  }
  return "standard";
}

const Classification* ScreeningResult::Find(std::string_view code) const {
  for (const auto& c : classifications) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

bool ScreeningResult::Has(std::string_view code) const { return Find(code) != nullptr; }

bool ResultDiff::HasKind(std::string_view kind) const {
  return std::any_of(changes.begin(), changes.end(), [&](const auto& c) { return c.kind == kind; });
}

ResultDiff Diff(const ScreeningResult& before, const ScreeningResult& after) {
  ResultDiff d;
  DiffClassifications(before, after, d);
  DiffPossible(before, after, d);
  DiffRisk(before, after, d);
  DiffCounting(before, after, d);
  return d;
}

Rescreening Screener::Rescreen(const EarlierScreening& earlier, const Answers& latest,
                               const Overrides& overrides) const {
  Rescreening out;
  out.answers = Merge(questionnaire_, earlier.answers, latest);
  // The whole history: the earlier screening's, the earlier incident itself,
  // then whatever the latest report links, each incident once.
  std::vector<HistoryIncident> history = earlier.answers.history;
  HistoryIncident self;
  self.incident = earlier.incident;
  self.crime_reference = earlier.crime_reference;
  self.crime_status = earlier.crime_status;
  const std::string_view principal = earlier.result.principal().code;
  self.recorded_as = domain::IsCode(domain::RecordedAsCodes(), principal) ? std::string(principal)
                                                                          : "not_recorded";
  const internal::Context c = internal::MakeContext(*this, earlier.answers, 0);
  self.behaviours = c.behaviours;
  self.fear_of_violence = c.TriOf(CoreQuestion::kFearOfViolence);
  history.push_back(std::move(self));
  for (const auto& h : latest.history) {
    const bool dup = std::any_of(history.begin(), history.end(),
                                 [&](const auto& x) { return x.incident == h.incident; });
    if (!dup) history.push_back(h);
  }
  out.answers.history = std::move(history);
  out.result = Classify(out.answers, overrides);
  out.changes = Diff(earlier.result, out.result);
  return out;
}

}  // namespace threadline::screening
