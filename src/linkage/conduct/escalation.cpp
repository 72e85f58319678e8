// Escalation within one course: contact becoming more frequent, conduct
// becoming graver, new kinds of conduct appearing late.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <set>

#include "linkage/conduct/findings_internal.hpp"

namespace threadline::linkage::conduct::internal {
namespace {

// Gravity from this level up (threats, presence, violence) is a red flag on
// its own; rises below it (contact to monitoring) are too common to report.
constexpr int kSeriousGravity = 3;

double Mean(const std::vector<double>& v, size_t begin, size_t end) {
  return std::accumulate(v.begin() + begin, v.begin() + end, 0.0) /
         static_cast<double>(end - begin);
}

std::string Days(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", d);
  return buf;
}

// Needs three gaps (four occasions) so one short gap is not a trend.
std::optional<Reason> Frequency(const std::vector<int64_t>& times, double ratio) {
  std::vector<double> gaps;
  for (size_t i = 1; i < times.size(); ++i) {
    if (times[i] != times[i - 1]) gaps.push_back(static_cast<double>(times[i] - times[i - 1]));
  }
  if (gaps.size() < 3) return std::nullopt;
  const size_t half = gaps.size() / 2;
  const double early = Mean(gaps, 0, half) / kDaySeconds;
  const double late = Mean(gaps, gaps.size() - half, gaps.size()) / kDaySeconds;
  if (late > ratio * early) return std::nullopt;
  return Reason{"escalation.frequency",
                "Contact is becoming more frequent: the gap between "
                "occasions fell from about " +
                    Days(early) + " days to about " + Days(late) + " days."};
}

std::optional<Reason> GravityRise(const std::vector<const domain::Report*>& r) {
  const size_t split = std::max<size_t>(1, r.size() / 2);
  int early = 0, late = 0;
  std::string late_codes;
  for (size_t i = 0; i < r.size(); ++i) {
    const int g = ReportGravity(*r[i]);
    (i < split ? early : late) = std::max(i < split ? early : late, g);
  }
  if (late <= early || late < kSeriousGravity) return std::nullopt;
  std::set<std::string> worst;
  for (size_t i = split; i < r.size(); ++i) {
    for (const auto& b : r[i]->behaviours) {
      if (Gravity(b) == late) worst.insert(b);
    }
  }
  for (const auto& b : worst) late_codes += (late_codes.empty() ? "" : ", ") + b;
  return Reason{"escalation.gravity", "The conduct is becoming graver: later occasions include " +
                                          late_codes + " (gravity " + std::to_string(late) +
                                          " of 5, earlier at most " + std::to_string(early) + ")."};
}

std::optional<Reason> NewBehaviours(const std::vector<const domain::Report*>& r) {
  if (r.size() < 3) return std::nullopt;
  const size_t split = r.size() / 2;
  std::set<std::string> early, fresh;
  for (size_t i = 0; i < split; ++i) early.insert(r[i]->behaviours.begin(), r[i]->behaviours.end());
  bool serious = false;
  for (size_t i = split; i < r.size(); ++i) {
    for (const auto& b : r[i]->behaviours) {
      if (early.count(b) != 0) continue;
      fresh.insert(b);
      serious = serious || Gravity(b) >= kSeriousGravity;
    }
  }
  if (fresh.size() < 2 && !serious) return std::nullopt;
  std::string codes;
  for (const auto& b : fresh) codes += (codes.empty() ? "" : ", ") + b;
  return Reason{"escalation.new_behaviours",
                "New kinds of conduct appear later in the course: " + codes + "."};
}

}  // namespace

std::optional<Finding> Escalation(const Input& input, const Grouping& grouping, const Course& c,
                                  const Options& options) {
  std::vector<const domain::Report*> reports;
  std::vector<int64_t> times;
  for (uint32_t r : c.reports) {
    reports.push_back(&input.reports[r]);
    times.push_back(grouping.time_of[r].value_or(0));
  }
  std::vector<Reason> reasons;
  if (auto x = Frequency(times, options.frequency_ratio)) reasons.push_back(std::move(*x));
  if (auto x = GravityRise(reports)) reasons.push_back(std::move(*x));
  if (auto x = NewBehaviours(reports)) reasons.push_back(std::move(*x));
  if (reasons.empty()) return std::nullopt;
  Finding f = BaseFinding(FindingType::kEscalation, input, c);
  f.reasons = std::move(reasons);
  f.recommendations.push_back({"review_risk", "", "", "",
                               "Re-assess risk now: escalation in a stalking course is a red flag "
                               "(S-DASH), and consider a Stalking Protection Order."});
  return f;
}

}  // namespace threadline::linkage::conduct::internal
