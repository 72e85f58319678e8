#include "linkage/conduct/evaluation.hpp"

#include <map>
#include <unordered_map>

namespace threadline::linkage::conduct {
namespace {

size_t Pairs(size_t n) { return n * (n - 1) / 2; }

// Reports of one label, and how many come from each force.
struct Group {
  std::vector<size_t> members;
  std::map<std::string, size_t> per_force;
  bool cross_force() const { return per_force.size() >= 2; }
  size_t cross_pairs() const {
    size_t same = 0;
    for (const auto& [f, n] : per_force) same += Pairs(n);
    return Pairs(members.size()) - same;
  }
};

std::unordered_map<std::string, Group> GroupBy(std::span<const std::string> labels,
                                               std::span<const std::string> force) {
  std::unordered_map<std::string, Group> out;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].empty()) continue;
    auto& g = out[labels[i]];
    g.members.push_back(i);
    ++g.per_force[force[i]];
  }
  return out;
}

double Ratio(size_t num, size_t den) {
  return den == 0 ? 1.0 : static_cast<double>(num) / static_cast<double>(den);
}

void Finish(CourseMetrics& m) {
  m.exact_precision = Ratio(m.correct, m.predicted_courses);
  m.exact_recall = Ratio(m.found, m.true_courses);
  m.pair_precision = Ratio(m.correct_pairs, m.predicted_pairs);
  m.pair_recall = Ratio(m.correct_pairs, m.true_pairs);
}

// True when `a` and `b` hold the same reports (members are in index order).
bool Same(const Group& a, const Group& b) { return a.members == b.members; }

}  // namespace

CourseEvaluation EvaluateCourses(std::span<const std::string> predicted,
                                 std::span<const std::string> truth,
                                 std::span<const std::string> force) {
  CourseEvaluation e;
  const auto pred = GroupBy(predicted, force);
  const auto real = GroupBy(truth, force);
  for (const auto& [label, g] : real) {
    if (g.members.size() < 2) continue;
    const auto it = pred.find(predicted[g.members.front()]);
    const bool found =
        !predicted[g.members.front()].empty() && it != pred.end() && Same(it->second, g);
    for (CourseMetrics* m : {&e.all, g.cross_force() ? &e.cross_force : nullptr}) {
      if (m == nullptr) continue;
      ++m->true_courses;
      m->found += found ? 1 : 0;
    }
    e.all.true_pairs += Pairs(g.members.size());
    e.cross_force.true_pairs += g.cross_pairs();
  }
  for (const auto& [label, g] : pred) {
    if (g.members.size() < 2) continue;
    const auto it = real.find(truth[g.members.front()]);
    const bool correct =
        !truth[g.members.front()].empty() && it != real.end() && Same(it->second, g);
    for (CourseMetrics* m : {&e.all, g.cross_force() ? &e.cross_force : nullptr}) {
      if (m == nullptr) continue;
      ++m->predicted_courses;
      m->correct += correct ? 1 : 0;
    }
    e.all.predicted_pairs += Pairs(g.members.size());
    e.cross_force.predicted_pairs += g.cross_pairs();
    // Pairs together in both: split the predicted course by true label.
    std::unordered_map<std::string, Group> cells;
    for (size_t i : g.members) {
      if (truth[i].empty()) continue;
      auto& cell = cells[truth[i]];
      cell.members.push_back(i);
      ++cell.per_force[force[i]];
    }
    for (const auto& [t, cell] : cells) {
      e.all.correct_pairs += Pairs(cell.members.size());
      e.cross_force.correct_pairs += cell.cross_pairs();
    }
  }
  Finish(e.all);
  Finish(e.cross_force);
  return e;
}

std::vector<std::string> CourseLabels(const Grouping& grouping) {
  std::vector<std::string> out(grouping.course_of.size());
  for (size_t r = 0; r < out.size(); ++r) {
    if (grouping.course_of[r] >= 0) out[r] = grouping.courses[grouping.course_of[r]].id;
  }
  return out;
}

}  // namespace threadline::linkage::conduct
