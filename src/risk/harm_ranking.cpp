#include "risk/harm_ranking.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "domain/vocabulary.hpp"
#include "risk/parse_util.hpp"

namespace threadline::risk {
namespace {

namespace json = boost::json;
using internal::GetInt;
using internal::RefuseUnknownKeys;
using internal::RequiredString;

constexpr double kMaxWeight = 100000;  // days; beyond any sentence starting point
constexpr int kMaxPoints = 1000;
constexpr int kMaxLookback = 36500;

bool IsCode(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<double> ParseNumber(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Bands: an array of {"<key>": number, "points": n}. `descending_points`:
// points must not rise along the list (recency), else must not fall.
std::vector<RfgvBand> ParseBands(const json::object& root, std::string_view name,
                                 std::string_view key, bool whole, double lo, double hi,
                                 bool descending_points, std::vector<FieldError>& errors) {
  std::vector<RfgvBand> out;
  const std::string field(name);
  const json::value* v = root.if_contains(name);
  if (v == nullptr || !v->is_array() || v->get_array().empty()) {
    errors.push_back({field, "must be a non-empty array of {\"" + std::string(key) +
                                 "\": ..., \"points\": ...} bands"});
    return out;
  }
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const std::string f = field + "/" + std::to_string(i);
    const json::value& item = v->get_array()[i];
    if (!item.is_object()) {
      errors.push_back({f, "must be an object"});
      continue;
    }
    const auto& o = item.get_object();
    RefuseUnknownKeys(o, {key, "points"}, f + "/", errors);
    RfgvBand band;
    band.points = GetInt(o, "points", f + "/points", 0, kMaxPoints, true, 0, errors);
    const json::value* t = o.if_contains(key);
    const std::string tf = f + "/" + std::string(key);
    if (t == nullptr) {
      errors.push_back({tf, "is required"});
      continue;
    }
    if (whole ? !t->is_int64() : !t->is_number()) {
      errors.push_back({tf, whole ? "must be a whole number" : "must be a number"});
      continue;
    }
    band.threshold = t->to_number<double>();
    if (band.threshold < lo || band.threshold > hi) {
      errors.push_back({tf, "must be from " + std::to_string(static_cast<int64_t>(lo)) + " to " +
                                std::to_string(static_cast<int64_t>(hi))});
      continue;
    }
    if (!out.empty()) {
      if (band.threshold <= out.back().threshold) {
        errors.push_back({tf, "must be above the band before it (bands go in ascending order)"});
      }
      if (descending_points ? band.points > out.back().points : band.points < out.back().points) {
        errors.push_back({f + "/points", descending_points
                                             ? "must not be more than the more recent band's"
                                             : "must not be less than the band before it"});
      }
    }
    out.push_back(band);
  }
  return out;
}

int AtLeastPoints(const std::vector<RfgvBand>& bands, double value) {
  int points = 0;
  for (const auto& b : bands) {
    if (value < b.threshold) break;
    points = b.points;
  }
  return points;
}

// One in-window incident, as the ranking needs it.
struct Row {
  uint64_t perpetrator;
  uint64_t victim;
  int32_t day;
  int32_t milli;  // harm weight in thousandths of a day: exact, order-free sums
};

bool Better(const RfgvScore& a, const RfgvScore& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.days_since_last != b.days_since_last) return a.days_since_last < b.days_since_last;
  return a.perpetrator < b.perpetrator;
}

std::string Plural(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

Result<HarmWeights> HarmWeights::FromCsv(std::string_view csv, std::string version) {
  std::vector<FieldError> errors;
  HarmWeights w;
  w.version_ = std::move(version);
  bool header = false;
  size_t line_no = 0;
  while (!csv.empty()) {
    const size_t eol = csv.find('\n');
    const std::string_view line = Trim(csv.substr(0, eol));
    csv.remove_prefix(eol == std::string_view::npos ? csv.size() : eol + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no);
    // One line at a time so errors can name it; quotes are handled there.
    const auto rows = refdata::ParseSimpleTable(line);
    if (rows.empty()) continue;
    const std::vector<std::string>& cells = rows.front();
    if (!header) {
      if (cells.size() < 2 || cells[0] != "code" || cells[1] != "weight_days") {
        errors.push_back({where, "the first row must be the header code,weight_days,basis"});
        break;
      }
      header = true;
      continue;
    }
    const std::string code(Trim(cells[0]));
    if (!IsCode(code)) {
      errors.push_back({where, "'" + code + "' is not a code (lower case letters, digits, _)"});
      continue;
    }
    const auto weight = cells.size() >= 2 ? ParseNumber(Trim(cells[1])) : std::nullopt;
    if (!weight || *weight < 0 || *weight > kMaxWeight) {
      errors.push_back({where, "the weight of '" + code + "' must be a number of days from 0 to " +
                                   std::to_string(static_cast<int>(kMaxWeight))});
      continue;
    }
    if (w.Index(code)) {
      errors.push_back({where, "'" + code + "' is listed twice"});
      continue;
    }
    if (w.codes_.size() > std::numeric_limits<uint16_t>::max()) {
      errors.push_back({where, "too many codes"});
      break;
    }
    w.codes_.push_back(code);
    w.weights_.push_back(*weight);
  }
  if (!header && errors.empty()) {
    errors.push_back({"header", "the table is empty; expected code,weight_days,basis"});
  }
  if (errors.empty()) {
    for (const auto& c : domain::RecordedAsCodes()) {
      if (!w.Index(c.code)) {
        errors.push_back({"code", "'" + std::string(c.code) +
                                      "' (a report \"recorded as\" code) has no weight"});
      }
    }
  }
  if (!errors.empty()) {
    return internal::Invalid("harm weights " + w.version_ + " are not valid", std::move(errors));
  }
  return w;
}

std::optional<uint16_t> HarmWeights::Index(std::string_view code) const {
  for (size_t i = 0; i < codes_.size(); ++i) {
    if (codes_[i] == code) return static_cast<uint16_t>(i);
  }
  return std::nullopt;
}

double HarmWeights::Weight(uint16_t index) const {
  return index < weights_.size() ? weights_[index] : 0.0;
}

Result<RfgvConfig> RfgvConfig::FromJson(std::string_view text) {
  std::vector<FieldError> errors;
  const json::value root = internal::ParseJson(text, "rfgv", errors);
  if (!root.is_object()) {
    if (errors.empty()) errors.push_back({"rfgv", "must be a JSON object"});
    return internal::Invalid("RFGV bands are not valid", std::move(errors));
  }
  const auto& o = root.get_object();
  RefuseUnknownKeys(o,
                    {"version", "note", "harm_weights", "lookback_days", "serial_min_victims",
                     "recency", "frequency", "gravity", "victims"},
                    "", errors);
  RfgvConfig c;
  c.version = RequiredString(o, "version", "version", errors);
  c.harm_weights = RequiredString(o, "harm_weights", "harm_weights", errors);
  if (!c.harm_weights.empty() &&
      !std::all_of(c.harm_weights.begin(), c.harm_weights.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
               ch == '.';
      })) {
    errors.push_back({"harm_weights", "must name a weight table such as harm-weights-v1"});
  }
  c.lookback_days =
      GetInt(o, "lookback_days", "lookback_days", 1, kMaxLookback, true, 1095, errors);
  c.serial_min_victims =
      GetInt(o, "serial_min_victims", "serial_min_victims", 2, 1000, true, 2, errors);
  c.recency = ParseBands(o, "recency", "within_days", true, 0, c.lookback_days - 1, true, errors);
  c.frequency = ParseBands(o, "frequency", "at_least", true, 1, 1e9, false, errors);
  c.gravity = ParseBands(o, "gravity", "at_least", false, 0, 1e12, false, errors);
  c.victims = ParseBands(o, "victims", "at_least", true, 1, 1e9, false, errors);
  if (!errors.empty()) return internal::Invalid("RFGV bands are not valid", std::move(errors));
  return c;
}

int RfgvConfig::RecencyPoints(int days_since_last) const {
  for (const auto& b : recency) {
    if (days_since_last <= b.threshold) return b.points;
  }
  return 0;
}
int RfgvConfig::FrequencyPoints(int incidents) const { return AtLeastPoints(frequency, incidents); }
int RfgvConfig::GravityPoints(double g) const { return AtLeastPoints(gravity, g); }
int RfgvConfig::VictimPoints(int n) const { return AtLeastPoints(victims, n); }

Result<RfgvModel> RfgvModel::Load(const refdata::RefData& data) {
  const auto bands = data.Read("risk/rfgv-v1.json");
  if (!bands) return NotFound("no RFGV bands (risk/rfgv-v1.json)");
  auto config = RfgvConfig::FromJson(*bands);
  if (!config.ok()) return config.error();
  const std::string path = "risk/" + config->harm_weights + ".csv";
  const auto table = data.Read(path);
  if (!table) return NotFound("no harm weights (" + path + ")");
  auto weights = HarmWeights::FromCsv(*table, config->harm_weights);
  if (!weights.ok()) return weights.error();
  return RfgvModel{std::move(config).value(), std::move(weights).value()};
}

std::string RfgvModel::version() const { return config.version + "+" + weights.version(); }

std::vector<RfgvScore> RankPerpetrators(std::span<const HarmIncident> incidents,
                                        const RfgvModel& model, int32_t today, size_t top_n) {
  const RfgvConfig& cfg = model.config;
  std::vector<Row> rows;
  rows.reserve(incidents.size());
  for (const HarmIncident& in : incidents) {
    const int64_t age = int64_t{today} - in.day;
    if (age < 0 || age >= cfg.lookback_days) continue;
    rows.push_back({in.perpetrator, in.victim, in.day,
                    static_cast<int32_t>(std::llround(model.weights.Weight(in.offence) * 1000))});
  }
  // Grouped by perpetrator and, within one, by victim, so distinct victims
  // are the changes of victim inside a run: no hash set per perpetrator.
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.perpetrator != b.perpetrator ? a.perpetrator < b.perpetrator : a.victim < b.victim;
  });
  size_t groups = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    groups += (i == 0 || rows[i].perpetrator != rows[i - 1].perpetrator) ? 1 : 0;
  }
  std::vector<RfgvScore> out;
  out.reserve(groups);
  for (size_t i = 0; i < rows.size();) {
    RfgvScore s;
    s.perpetrator = rows[i].perpetrator;
    int32_t last = rows[i].day;
    int64_t milli = 0;
    size_t j = i;
    for (; j < rows.size() && rows[j].perpetrator == s.perpetrator; ++j) {
      last = std::max(last, rows[j].day);
      milli += rows[j].milli;
      s.victims += (j == i || rows[j].victim != rows[j - 1].victim) ? 1 : 0;
    }
    s.incidents = static_cast<int>(j - i);
    s.days_since_last = static_cast<int>(today - last);
    s.gravity = static_cast<double>(milli) / 1000.0;
    s.recency_points = cfg.RecencyPoints(s.days_since_last);
    s.frequency_points = cfg.FrequencyPoints(s.incidents);
    s.gravity_points = cfg.GravityPoints(s.gravity);
    s.victim_points = cfg.VictimPoints(s.victims);
    s.score = s.recency_points + s.frequency_points + s.gravity_points + s.victim_points;
    s.serial = s.victims >= cfg.serial_min_victims;
    out.push_back(s);
    i = j;
  }
  if (top_n != 0 && top_n < out.size()) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(top_n), out.end(),
                      Better);
    out.resize(top_n);
  } else {
    std::sort(out.begin(), out.end(), Better);
  }
  return out;
}

std::string ExplainScore(const RfgvScore& s, const RfgvModel& model) {
  std::string last =
      s.days_since_last == 0 ? "today" : Plural(s.days_since_last, "day", "days") + " ago";
  char gravity[32];
  std::snprintf(gravity, sizeof gravity, "%.1f", s.gravity);
  std::string g(gravity);
  if (g.size() > 2 && g.compare(g.size() - 2, 2, ".0") == 0) g.resize(g.size() - 2);
  std::string out =
      "R " + std::to_string(s.recency_points) + " (last incident " + last + ") + F " +
      std::to_string(s.frequency_points) + " (" + Plural(s.incidents, "incident", "incidents") +
      ") + G " + std::to_string(s.gravity_points) + " (harm " + g + (g == "1" ? " day" : " days") +
      ") + V " + std::to_string(s.victim_points) + " (" + Plural(s.victims, "victim", "victims") +
      ") = " + std::to_string(s.score);
  if (s.serial) out += "; serial perpetrator";
  out += " [" + model.version() + "]";
  return out;
}

}  // namespace threadline::risk
