#pragma once
// Harm ranking of perpetrators (MATAC-style RFGV) for panel nominations.
//
// Each perpetrator scores points for Recency (days since the last incident),
// Frequency (incidents), Gravity (harm of those incidents) and Victims
// (distinct victims) over a look-back window; the panel takes the highest
// scorers. The point bands (data/risk/rfgv-v1.json) and the crime-harm
// weights (data/risk/harm-weights-v1.csv) are local choices, so both are
// versioned reference data and model.version() ("rfgv-v1+harm-weights-v1")
// must be stored with every score: a score means nothing without its bands.
//
// Gravity is the *sum* of the harm weights (days of custody, after the
// Cambridge Crime Harm Index) of the incidents in the window, not their
// maximum or mean: many lesser offences add up to real harm, and a single
// grave one still dominates. Frequency counts the same incidents too, so
// repeat offending weighs twice; that is the intent of RFGV. Weights are
// summed in thousandths of a day, so a score does not depend on the order
// of the input.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "refdata/refdata.hpp"

namespace threadline::risk {

// Offence code -> weight in days of custody.
class HarmWeights {
 public:
  // Rows "code,weight_days,basis" after a header of exactly those names;
  // '#' lines are comments. kInvalidArgument naming the line for a bad code,
  // a weight that is not a number from 0 to 100000, a code listed twice, or
  // when a report "recorded as" code (domain::RecordedAsCodes) is missing.
  static Result<HarmWeights> FromCsv(std::string_view csv, std::string version);

  std::optional<uint16_t> Index(std::string_view code) const;
  // The weight of `index` (from Index()); 0 for an index the table lacks.
  double Weight(uint16_t index) const;
  const std::string& code(uint16_t index) const { return codes_[index]; }
  size_t size() const { return codes_.size(); }
  const std::string& version() const { return version_; }

 private:
  std::string version_;
  std::vector<std::string> codes_;
  std::vector<double> weights_;
};

// Points for a value: bands in ascending order of `threshold`.
struct RfgvBand {
  double threshold = 0;
  int points = 0;
};

struct RfgvConfig {
  std::string version;
  std::string harm_weights = "harm-weights-v1";  // the weight table these bands were set for
  int lookback_days = 1095;
  // Serial perpetrator: at least this many distinct victims in the window
  // (DOMAIN.md: more than one incident with two or more different victims
  // in three years; with the default window of 1095 days that is exact).
  // The 16-and-over age condition is the caller's: pass only such suspects.
  int serial_min_victims = 2;
  // Recency: the points of the first band with days_since_last <= threshold.
  std::vector<RfgvBand> recency;
  // Frequency, gravity, victims: the points of the last band with
  // value >= threshold; 0 below the first.
  std::vector<RfgvBand> frequency;
  std::vector<RfgvBand> gravity;
  std::vector<RfgvBand> victims;

  // kInvalidArgument naming the bad field: unknown keys, bands out of order,
  // recency points that rise with age, other points that fall as the value
  // rises, recency bands beyond the look-back window.
  static Result<RfgvConfig> FromJson(std::string_view json);

  int RecencyPoints(int days_since_last) const;
  int FrequencyPoints(int incidents) const;
  int GravityPoints(double gravity) const;
  int VictimPoints(int victims) const;
};

struct RfgvModel {
  RfgvConfig config;
  HarmWeights weights;

  // Reads "risk/rfgv-v1.json" and the weight table it names
  // ("risk/<harm_weights>.csv"); kNotFound when a file is missing.
  static Result<RfgvModel> Load(const refdata::RefData& data);
  // "rfgv-v1+harm-weights-v1": store it with each score.
  std::string version() const;
};

// One incident for one victim (an incident with two victims is two rows).
struct HarmIncident {
  uint64_t perpetrator = 0;
  uint64_t victim = 0;
  int32_t day = 0;       // days since 1970-01-01
  uint16_t offence = 0;  // HarmWeights index
};

struct RfgvScore {
  uint64_t perpetrator = 0;
  int score = 0;
  int recency_points = 0, frequency_points = 0, gravity_points = 0, victim_points = 0;
  int days_since_last = 0;
  int incidents = 0;
  double gravity = 0;  // sum of harm weights, days
  int victims = 0;     // distinct
  // At least config.serial_min_victims distinct victims in the window: with
  // the shipped two victims and three years, DOMAIN.md's serial perpetrator
  // (more than one incident with two or more different victims).
  bool serial = false;
};

// Scores every perpetrator with an incident in the window: `today` and the
// lookback_days - 1 days before it. Incidents older than that, or after
// `today`, are ignored. Sorted by score desc, then most recent, then
// perpetrator id; at most top_n (0 = all). O(n log n) in the incidents, one
// allocation for a working copy and one for the result.
std::vector<RfgvScore> RankPerpetrators(std::span<const HarmIncident> incidents,
                                        const RfgvModel& model, int32_t today, size_t top_n);

// "R 10 (last incident 12 days ago) + F 8 (6 incidents) + G 6 (harm 240
// days) + V 5 (2 victims) = 29; serial perpetrator [rfgv-v1+harm-weights-v1]".
std::string ExplainScore(const RfgvScore& s, const RfgvModel& model);

}  // namespace threadline::risk
