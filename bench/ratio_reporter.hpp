#pragma once
// The console report of Google Benchmark, plus ratios between named runs
// printed at the end: a target such as "under 1.3x the raw read" is read
// off directly instead of being worked out by hand. With repetitions the
// median of each run is used, otherwise its one measurement.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace threadline::bench {

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  struct Ratio {
    std::string label;
    std::string numerator;    // run names as printed, e.g. "BM_Read/real_time"
    std::string denominator;  // the baseline
  };

  explicit RatioReporter(std::vector<Ratio> ratios) : ratios_(std::move(ratios)) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      if (run.error_occurred) continue;
      const std::string name = run.run_name.str();
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name == "median") median_[name] = Microseconds(run);
      } else {
        single_[name] = Microseconds(run);
      }
    }
  }

  // Prints each ratio whose two runs were measured.
  void PrintRatios() const {
    std::printf("\n%-58s %12s %12s %8s\n", "ratio (real time per read)", "time us", "baseline us",
                "ratio");
    for (const auto& r : ratios_) {
      const double* num = Find(r.numerator);
      const double* den = Find(r.denominator);
      if (num == nullptr || den == nullptr || *den <= 0) continue;
      std::printf("%-58s %12.1f %12.1f %7.2fx\n", r.label.c_str(), *num, *den, *num / *den);
    }
  }

 private:
  static double Microseconds(const Run& run) {
    const double t = run.GetAdjustedRealTime();
    switch (run.time_unit) {
      case benchmark::kNanosecond:
        return t / 1e3;
      case benchmark::kMillisecond:
        return t * 1e3;
      case benchmark::kSecond:
        return t * 1e6;
      default:
        return t;
    }
  }

  const double* Find(const std::string& name) const {
    if (auto it = median_.find(name); it != median_.end()) return &it->second;
    if (auto it = single_.find(name); it != single_.end()) return &it->second;
    return nullptr;
  }

  std::vector<Ratio> ratios_;
  std::map<std::string, double> median_;
  std::map<std::string, double> single_;
};

}  // namespace threadline::bench
