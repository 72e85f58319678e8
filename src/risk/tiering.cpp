#include "risk/tiering.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <set>

#include "risk/parse_util.hpp"

namespace threadline::risk {
namespace {

namespace json = boost::json;
using internal::Cat;
using internal::GetInt;
using internal::RefuseUnknownKeys;
using internal::RequiredString;

enum class Kind { kFlag, kLevel, kCount };

constexpr std::array<std::string_view, 3> kLevels = {"standard", "medium", "high"};

int LevelBit(std::string_view level) {
  for (size_t i = 0; i < kLevels.size(); ++i) {
    if (kLevels[i] == level) return 1 << i;
  }
  return 0;
}

struct FactDef {
  std::string_view name;
  Kind kind;
  // The fact's value in the form Condition::value uses.
  int (*get)(const TriageFacts&);
};

// The facts a rule may test. A Condition's `fact` indexes this table.
constexpr std::array<FactDef, 13> kFacts = {{
    {"risk_level", Kind::kLevel, [](const TriageFacts& f) { return LevelBit(f.risk_level); }},
    {"fear_of_violence", Kind::kFlag, [](const TriageFacts& f) { return int{f.fear_of_violence}; }},
    {"threats_or_violence", Kind::kFlag,
     [](const TriageFacts& f) { return int{f.threats_or_violence}; }},
    {"weapons", Kind::kFlag, [](const TriageFacts& f) { return int{f.weapons}; }},
    {"sexual_violence", Kind::kFlag, [](const TriageFacts& f) { return int{f.sexual_violence}; }},
    {"other_victims", Kind::kCount, [](const TriageFacts& f) { return f.other_victims; }},
    {"incidents", Kind::kCount, [](const TriageFacts& f) { return f.incidents; }},
    {"escalating", Kind::kFlag, [](const TriageFacts& f) { return int{f.escalating}; }},
    {"breach_of_order", Kind::kFlag, [](const TriageFacts& f) { return int{f.breach_of_order}; }},
    {"mental_health_concern", Kind::kFlag,
     [](const TriageFacts& f) { return int{f.mental_health_concern}; }},
    {"domestic", Kind::kFlag, [](const TriageFacts& f) { return int{f.domestic}; }},
    {"mappa_managed", Kind::kFlag, [](const TriageFacts& f) { return int{f.mappa_managed}; }},
    {"online_only", Kind::kFlag, [](const TriageFacts& f) { return int{f.online_only}; }},
}};

constexpr int kTierCount = 4;
constexpr int kMaxCount = 10000;

int FindFact(std::string_view name) {
  for (size_t i = 0; i < kFacts.size(); ++i) {
    if (kFacts[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string FactList() {
  std::string out;
  for (const auto& f : kFacts) {
    if (!out.empty()) out += ", ";
    out += f.name;
    if (f.kind == Kind::kCount) out += "_at_least";
  }
  return out;
}

// Parses a risk_level condition: one level, or a list meaning any of them.
int ParseLevels(const json::value& v, const std::string& field, std::vector<FieldError>& errors) {
  std::vector<const json::value*> items;
  if (v.is_array()) {
    for (const auto& item : v.get_array()) items.push_back(&item);
  } else {
    items.push_back(&v);
  }
  int bits = 0;
  for (const json::value* item : items) {
    const int bit = item->is_string() ? LevelBit(item->get_string()) : 0;
    if (bit == 0) {
      errors.push_back({field, (item->is_string() ? "'" + std::string(item->get_string()) + "'"
                                                  : std::string("the value")) +
                                   " is not a risk level (standard, medium or high)"});
    }
    bits |= bit;
  }
  if (items.empty()) errors.push_back({field, "lists no risk level"});
  return bits;
}

// The rule's conditions; `label` ("rule 'x'") makes messages name the rule.
template <typename Condition>
std::vector<Condition> ParseWhen(const json::object& rule, const std::string& field,
                                 const std::string& label, std::vector<FieldError>& errors) {
  std::vector<Condition> out;
  const json::value* v = rule.if_contains("when");
  if (v == nullptr || !v->is_object()) {
    errors.push_back({field, label + ": 'when' must be an object of conditions"});
    return out;
  }
  for (const auto& kv : v->get_object()) {
    const std::string key(kv.key());
    const std::string f = Cat({field, "/", key});
    if (key == "is_stalking") {
      errors.push_back(
          {f, Cat({label, ": the rules apply to stalking only; is_stalking is not a condition"})});
      continue;
    }
    const std::string_view suffix = "_at_least";
    const bool at_least = key.size() > suffix.size() &&
                          key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
    const int fact = FindFact(at_least ? key.substr(0, key.size() - suffix.size()) : key);
    if (fact < 0 || (kFacts[fact].kind == Kind::kCount) != at_least) {
      if (fact >= 0 && kFacts[fact].kind == Kind::kCount) {
        errors.push_back({f, Cat({label, ": '", key, "' is a count; write '", key,
                                  "_at_least' with the minimum"})});
      } else {
        errors.push_back(
            {f, Cat({label, ": '", key, "' is not a triage fact (known: ", FactList(), ")"})});
      }
      continue;
    }
    Condition c;
    c.fact = fact;
    switch (kFacts[fact].kind) {
      case Kind::kFlag:
        if (!kv.value().is_bool()) {
          errors.push_back({f, Cat({label, ": '", key, "' must be true or false"})});
          continue;
        }
        c.value = kv.value().get_bool() ? 1 : 0;
        break;
      case Kind::kLevel:
        c.value = ParseLevels(kv.value(), f, errors);
        break;
      case Kind::kCount: {
        json::object wrap{{"n", kv.value()}};
        c.value = GetInt(wrap, "n", f, 0, kMaxCount, true, 0, errors);
        break;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::vector<TierDefinition> ParseTiers(const json::object& root, std::vector<FieldError>& errors) {
  std::vector<TierDefinition> out;
  const json::value* v = root.if_contains("tiers");
  if (v == nullptr || !v->is_array()) {
    errors.push_back({"tiers", "must be an array of the four tier definitions"});
    return out;
  }
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const std::string f = "tiers/" + std::to_string(i);
    const json::value& item = v->get_array()[i];
    if (!item.is_object()) {
      errors.push_back({f, "must be an object"});
      continue;
    }
    const auto& o = item.get_object();
    RefuseUnknownKeys(o, {"tier", "name", "description"}, f + "/", errors);
    TierDefinition d;
    d.tier = GetInt(o, "tier", f + "/tier", 1, kTierCount, true, 0, errors);
    d.name = RequiredString(o, "name", f + "/name", errors);
    d.description = RequiredString(o, "description", f + "/description", errors);
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.tier < b.tier; });
  for (int t = 1; t <= kTierCount; ++t) {
    const auto n =
        std::count_if(out.begin(), out.end(), [&](const auto& d) { return d.tier == t; });
    if (n != 1) {
      errors.push_back({"tiers", n == 0 ? "is missing tier " + std::to_string(t)
                                        : "defines tier " + std::to_string(t) + " twice"});
    }
  }
  return out;
}

TierReason ParseFixedReason(const json::object& root, std::string_view key, bool has_tier,
                            std::vector<FieldError>& errors) {
  TierReason r;
  const std::string f(key);
  const json::value* v = root.if_contains(key);
  if (v == nullptr || !v->is_object()) {
    errors.push_back(
        {f, "must be an object with id" + std::string(has_tier ? ", tier" : "") + " and reason"});
    return r;
  }
  const auto& o = v->get_object();
  if (has_tier) {
    RefuseUnknownKeys(o, {"id", "tier", "reason"}, f + "/", errors);
    r.tier = GetInt(o, "tier", f + "/tier", 1, kTierCount, true, 1, errors);
  } else {
    RefuseUnknownKeys(o, {"id", "reason"}, f + "/", errors);
  }
  r.rule_id = RequiredString(o, "id", f + "/id", errors);
  r.text = RequiredString(o, "reason", f + "/reason", errors);
  return r;
}

}  // namespace

Result<TierRules> TierRules::FromJson(std::string_view text) {
  std::vector<FieldError> errors;
  const json::value root = internal::ParseJson(text, "tiers", errors);
  if (!root.is_object()) {
    if (errors.empty()) errors.push_back({"tiers", "must be a JSON object"});
    return internal::Invalid("tier rules are not valid", std::move(errors));
  }
  const auto& o = root.get_object();
  RefuseUnknownKeys(o, {"version", "note", "tiers", "default", "not_stalking", "rules"}, "",
                    errors);
  TierRules r;
  r.version_ = RequiredString(o, "version", "version", errors);
  r.tiers_ = ParseTiers(o, errors);
  r.default_ = ParseFixedReason(o, "default", true, errors);
  r.not_stalking_ = ParseFixedReason(o, "not_stalking", false, errors);

  std::set<std::string> ids = {r.default_.rule_id, r.not_stalking_.rule_id};
  if (ids.size() != 2 && !r.default_.rule_id.empty()) {
    errors.push_back({"not_stalking/id", "must differ from default/id"});
  }
  const json::value* rules = o.if_contains("rules");
  if (rules == nullptr || !rules->is_array()) {
    errors.push_back({"rules", "must be an array of rules"});
  } else {
    for (size_t i = 0; i < rules->get_array().size(); ++i) {
      const std::string f = "rules/" + std::to_string(i);
      const json::value& item = rules->get_array()[i];
      if (!item.is_object()) {
        errors.push_back({f, "must be an object"});
        continue;
      }
      const auto& ro = item.get_object();
      Rule rule;
      rule.reason.rule_id = RequiredString(ro, "id", f + "/id", errors);
      const std::string label = "rule '" + rule.reason.rule_id + "'";
      if (!rule.reason.rule_id.empty() && !ids.insert(rule.reason.rule_id).second) {
        errors.push_back({f + "/id", label + " is defined twice"});
      }
      RefuseUnknownKeys(ro, {"id", "tier", "when", "reason", "note"}, f + "/", errors);
      rule.reason.tier = GetInt(ro, "tier", f + "/tier", 1, kTierCount, true, 0, errors);
      rule.reason.text = RequiredString(ro, "reason", f + "/reason", errors);
      rule.when = ParseWhen<Condition>(ro, f + "/when", label, errors);
      if (rule.when.empty() && ro.contains("when")) {
        errors.push_back({f + "/when", label + " has no conditions; use 'default' for the floor"});
      }
      r.rules_.push_back(std::move(rule));
    }
  }
  if (!errors.empty()) return internal::Invalid("tier rules are not valid", std::move(errors));
  return r;
}

Result<TierRules> TierRules::Load(const refdata::RefData& data) {
  const auto text = data.Read("risk/tiers-v1.json");
  if (!text) return NotFound("no tier rules (risk/tiers-v1.json)");
  return FromJson(*text);
}

TierSuggestion TierRules::Suggest(const TriageFacts& facts) const {
  TierSuggestion s;
  s.rules_version = version_;
  if (!facts.is_stalking) {
    s.advice_only = true;
    s.reasons.push_back(not_stalking_);
    return s;
  }
  std::array<int, kFacts.size()> values{};
  for (size_t i = 0; i < kFacts.size(); ++i) values[i] = kFacts[i].get(facts);
  for (const Rule& rule : rules_) {
    const bool match = std::all_of(rule.when.begin(), rule.when.end(), [&](const Condition& c) {
      const int v = values[static_cast<size_t>(c.fact)];
      switch (kFacts[static_cast<size_t>(c.fact)].kind) {
        case Kind::kFlag:
          return v == c.value;
        case Kind::kLevel:
          return (v & c.value) != 0;
        case Kind::kCount:
          return v >= c.value;
      }
      return false;
    });
    if (match) {
      s.reasons.push_back(rule.reason);
      s.tier = std::max(s.tier, rule.reason.tier);
    }
  }
  std::stable_sort(s.reasons.begin(), s.reasons.end(),
                   [](const TierReason& a, const TierReason& b) { return a.tier > b.tier; });
  if (s.tier < default_.tier) {
    s.tier = default_.tier;
    s.reasons.push_back(default_);
  }
  return s;
}

const TierDefinition* TierRules::Find(int tier) const {
  for (const auto& d : tiers_) {
    if (d.tier == tier) return &d;
  }
  return nullptr;
}

std::string ExplainSuggestion(const TierSuggestion& s, const TierRules& rules) {
  std::string out;
  if (s.advice_only) {
    out = "Advice only";
  } else {
    out = "Suggested tier " + std::to_string(s.tier);
    if (const TierDefinition* d = rules.Find(s.tier)) out += " (" + d->name + ")";
  }
  out += ": ";
  for (size_t i = 0; i < s.reasons.size(); ++i) {
    if (i > 0) out += "; ";
    out += s.reasons[i].text + " (rule " + s.reasons[i].rule_id + ")";
  }
  return out;
}

}  // namespace threadline::risk
