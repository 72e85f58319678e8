#pragma once
// Scoring predicted courses of conduct against ground truth (synthetic data
// or a hand-labelled sample). Pure.
//
// Two measures, both reported because they fail differently:
//   exact      a true course is *found* when some predicted course has
//              exactly its report set; recall = found / true courses,
//              precision = predicted courses equal to a true course /
//              predicted courses. One stray or missing report fails the
//              whole course.
//   pairwise   over unordered report pairs in the same course: precision =
//              pairs together in both / pairs together in the prediction,
//              recall = pairs together in both / pairs together in truth.
// The cross-force subset: exact figures over courses (true or predicted)
// whose reports come from two or more forces, pairwise figures over pairs
// whose two reports come from different forces.
// A ratio with an empty denominator is 1.

#include <span>
#include <string>
#include <vector>

#include "linkage/conduct/conduct.hpp"

namespace threadline::linkage::conduct {

struct CourseMetrics {
  size_t true_courses = 0;
  size_t predicted_courses = 0;
  size_t found = 0;    // true courses matched exactly
  size_t correct = 0;  // predicted courses that are exactly a true course
  double exact_precision = 1;
  double exact_recall = 1;
  size_t true_pairs = 0;
  size_t predicted_pairs = 0;
  size_t correct_pairs = 0;
  double pair_precision = 1;
  double pair_recall = 1;
};

struct CourseEvaluation {
  CourseMetrics all;
  CourseMetrics cross_force;
};

// Parallel spans, one entry per report: predicted and true course labels
// (empty = one-off) and the recording force.
CourseEvaluation EvaluateCourses(std::span<const std::string> predicted,
                                 std::span<const std::string> truth,
                                 std::span<const std::string> force);

// The predicted label per report from a grouping (course id, or empty).
std::vector<std::string> CourseLabels(const Grouping& grouping);

}  // namespace threadline::linkage::conduct
