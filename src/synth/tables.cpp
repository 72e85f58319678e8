#include "synth/tables.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace threadline::synth {
namespace {

std::optional<double> ParseNumber(const std::string& text) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Result<std::vector<std::vector<std::string>>> ReadTable(const refdata::RefData& refdata,
                                                        const std::string& path, size_t columns) {
  const auto content = refdata.Read(path);
  if (!content) return Internal("synth: missing reference file " + path);
  auto rows = refdata::ParseSimpleTable(*content);
  for (const auto& row : rows) {
    if (row.size() != columns) return Internal("synth: bad row in " + path);
  }
  if (rows.empty()) return Internal("synth: empty reference file " + path);
  return rows;
}

Status LoadNames(const refdata::RefData& refdata, NameTables& t) {
  auto fore = ReadTable(refdata, "names/forenames.csv", 3);
  if (!fore.ok()) return fore.status();
  for (const auto& row : *fore) {
    const auto weight = ParseNumber(row[2]);
    if (!weight) return Internal("synth: bad weight in names/forenames.csv");
    if (row[1] == "male") {
      t.male.push_back(row[0]);
      t.male_weights.Add(*weight);
    } else if (row[1] == "female") {
      t.female.push_back(row[0]);
      t.female_weights.Add(*weight);
    } else {
      return Internal("synth: bad sex in names/forenames.csv");
    }
  }
  auto sur = ReadTable(refdata, "names/surnames.csv", 2);
  if (!sur.ok()) return sur.status();
  for (const auto& row : *sur) {
    const auto weight = ParseNumber(row[1]);
    if (!weight) return Internal("synth: bad weight in names/surnames.csv");
    t.surnames.push_back(row[0]);
    t.surname_weights.Add(*weight);
  }
  auto variants = ReadTable(refdata, "names/name_variants.csv", 2);
  if (!variants.ok()) return variants.status();
  for (const auto& row : *variants) t.informal[Lower(row[0])].push_back(Lower(row[1]));
  auto streets = ReadTable(refdata, "names/streets.csv", 2);
  if (!streets.ok()) return streets.status();
  for (const auto& row : *streets) {
    (row[0] == "stem" ? t.street_stems : t.street_suffixes).push_back(row[1]);
  }
  if (t.male.empty() || t.female.empty() || t.street_stems.empty() || t.street_suffixes.empty()) {
    return Internal("synth: incomplete name tables");
  }
  return Status::Ok();
}

Status LoadPlaces(const refdata::RefData& refdata, const std::vector<domain::Agency>& agencies,
                  NameTables& t) {
  auto rows = ReadTable(refdata, "names/places.csv", 7);
  if (!rows.ok()) return rows.status();
  for (const auto& row : *rows) {
    const auto lo = ParseNumber(row[2]);
    const auto hi = ParseNumber(row[3]);
    const auto weight = ParseNumber(row[6]);
    if (!lo || !hi || !weight || *lo > *hi || row[1].empty()) {
      return Internal("synth: bad row in names/places.csv");
    }
    const auto agency = std::find_if(agencies.begin(), agencies.end(),
                                     [&](const domain::Agency& a) { return a.code == row[5]; });
    if (agency == agencies.end()) continue;
    const auto force = static_cast<size_t>(agency - agencies.begin());
    t.places.push_back(
        Place{row[0], row[1], static_cast<int>(*lo), static_cast<int>(*hi), row[4], force});
    t.place_weights.Add(*weight);
    if (std::find(t.forces.begin(), t.forces.end(), force) == t.forces.end()) {
      t.forces.push_back(force);
    }
  }
  if (t.places.empty()) {
    return InvalidArgument("no police force in the agency list has places in names/places.csv");
  }
  for (size_t i = 0; i < agencies.size(); ++i) {
    if (agencies[i].kind != "police_force") t.non_police.push_back(i);
  }
  return Status::Ok();
}

}  // namespace

void WeightedIndex::Add(double weight) {
  cumulative_.push_back((cumulative_.empty() ? 0.0 : cumulative_.back()) + weight);
}

size_t WeightedIndex::Pick(Rng& rng) const {
  const double target = rng.Unit() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  return std::min(static_cast<size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
}

Result<NameTables> LoadNameTables(const refdata::RefData& refdata,
                                  const std::vector<domain::Agency>& agencies) {
  NameTables tables;
  if (auto status = LoadNames(refdata, tables); !status.ok()) return status.error();
  if (auto status = LoadPlaces(refdata, agencies, tables); !status.ok()) return status.error();
  return tables;
}

}  // namespace threadline::synth
