#pragma once
// The name, street and place tables under data/names/, loaded once per run.

#include <string>
#include <unordered_map>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "refdata/refdata.hpp"
#include "synth/random.hpp"

namespace threadline::synth {

// Picks an index with probability proportional to its weight.
class WeightedIndex {
 public:
  void Add(double weight);
  // Requires at least one positive weight.
  size_t Pick(Rng& rng) const;
  bool empty() const { return cumulative_.empty(); }

 private:
  std::vector<double> cumulative_;
};

struct Place {
  std::string town;
  std::string area;  // postcode area, e.g. "LS"
  int district_min = 0;
  int district_max = 0;
  std::string district_letters;  // e.g. "AMNPRVY" for EC1A; empty for none
  size_t force = 0;              // index into the agency list
};

struct NameTables {
  std::vector<std::string> male;
  std::vector<std::string> female;
  WeightedIndex male_weights;
  WeightedIndex female_weights;
  std::vector<std::string> surnames;
  WeightedIndex surname_weights;
  // Lower-case formal forename -> informal forms, lower case.
  std::unordered_map<std::string, std::vector<std::string>> informal;
  std::vector<std::string> street_stems;
  std::vector<std::string> street_suffixes;
  std::vector<Place> places;  // only places whose force is in the agency list
  WeightedIndex place_weights;
  std::vector<size_t> forces;      // agency indices of police forces with places
  std::vector<size_t> non_police;  // agency indices of other agencies
};

// Loads and checks the tables; places are tied to `agencies` by force code.
// kInternal when a shipped file is missing or malformed (a build problem),
// kInvalidArgument when no agency matches any place.
Result<NameTables> LoadNameTables(const refdata::RefData& refdata,
                                  const std::vector<domain::Agency>& agencies);

}  // namespace threadline::synth
