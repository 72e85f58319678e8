#include "screening/config.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cassert>
#include <set>

#include "domain/vocabulary.hpp"
#include "screening/json_util.hpp"

namespace threadline::screening {
namespace {

namespace json = boost::json;
using internal::GetString;
using internal::GetStringArray;

template <typename T, size_t N>
bool Contains(const std::array<T, N>& arr, std::string_view v) {
  return std::find(arr.begin(), arr.end(), v) != arr.end();
}

RuleMask RiskItems(const std::vector<std::string>& ids, const std::string& field,
                   std::vector<FieldError>& errors) {
  RuleMask mask = 0;
  for (const auto& id : ids) {
    if (auto r = FindRiskItem(id)) {
      mask |= Bit(*r);
    } else {
      errors.push_back({field, "'" + id + "' is not a risk item"});
    }
  }
  return mask;
}

int GetCount(const json::object& o, std::string_view key, const std::string& field, int fallback,
             std::vector<FieldError>& errors) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > 100) {
    errors.push_back({field, "must be a whole number from 1 to 100"});
    return fallback;
  }
  return static_cast<int>(v->get_int64());
}

RiskConfig ParseRisk(const json::object& root, std::vector<FieldError>& errors) {
  RiskConfig r;
  const json::value* v = root.if_contains("risk");
  if (v == nullptr || !v->is_object()) {
    errors.push_back({"risk", "must be an object"});
    return r;
  }
  const auto& o = v->get_object();
  r.medium_yes_count = GetCount(o, "medium_yes_count", "risk/medium_yes_count", 3, errors);
  r.high_yes_count = GetCount(o, "high_yes_count", "risk/high_yes_count", 6, errors);
  if (r.high_yes_count < r.medium_yes_count) {
    errors.push_back({"risk/high_yes_count", "must not be below medium_yes_count"});
  }
  r.medium_linked_incidents =
      GetCount(o, "medium_linked_incidents", "risk/medium_linked_incidents", 2, errors);
  r.medium_if_any = RiskItems(GetStringArray(o, "medium_if_any", "risk/medium_if_any", errors),
                              "risk/medium_if_any", errors);
  r.high_if_any = RiskItems(GetStringArray(o, "high_if_any", "risk/high_if_any", errors),
                            "risk/high_if_any", errors);
  if (const json::value* all = o.if_contains("high_if_all")) {
    if (!all->is_array()) {
      errors.push_back({"risk/high_if_all", "must be an array of arrays of risk items"});
    } else {
      for (size_t i = 0; i < all->get_array().size(); ++i) {
        const std::string f = "risk/high_if_all/" + std::to_string(i);
        json::object wrap{{"x", all->get_array()[i]}};
        const RuleMask m = RiskItems(GetStringArray(wrap, "x", f, errors), f, errors);
        if (m != 0) r.high_if_all.push_back(m);
      }
    }
  }
  return r;
}

void ParseClassifications(const json::object& root, RulesConfig& c,
                          std::vector<FieldError>& errors) {
  const json::value* v = root.if_contains("classifications");
  if (v == nullptr || !v->is_array()) {
    errors.push_back({"classifications", "must be an array"});
    return;
  }
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const std::string f = "classifications/" + std::to_string(i);
    if (!v->get_array()[i].is_object()) {
      errors.push_back({f, "must be an object"});
      continue;
    }
    const auto& o = v->get_array()[i].get_object();
    ClassificationDef d{GetString(o, "code", f + "/code", true, errors),
                        GetString(o, "ho_class", f + "/ho_class", true, errors),
                        GetString(o, "label", f + "/label", true, errors),
                        GetString(o, "legislation", f + "/legislation", false, errors)};
    if (!Contains(kClassificationCodes, d.code)) {
      errors.push_back({f + "/code", "'" + d.code + "' is not a classification the engine knows"});
    }
    c.classifications.push_back(std::move(d));
  }
  for (auto code : kClassificationCodes) {
    if (std::none_of(c.classifications.begin(), c.classifications.end(),
                     [&](const auto& d) { return d.code == code; })) {
      errors.push_back({"classifications", "is missing '" + std::string(code) + "'"});
    }
  }
}

void ParseActions(const json::object& root, RulesConfig& c, std::vector<FieldError>& errors) {
  const json::value* v = root.if_contains("actions");
  if (v == nullptr || !v->is_array()) {
    errors.push_back({"actions", "must be an array"});
    return;
  }
  const auto forbidden =
      GetStringArray(root, "forbidden_action_codes", "forbidden_action_codes", errors);
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const std::string f = "actions/" + std::to_string(i);
    if (!v->get_array()[i].is_object()) {
      errors.push_back({f, "must be an object"});
      continue;
    }
    const auto& o = v->get_array()[i].get_object();
    ActionDef a{GetString(o, "code", f + "/code", true, errors),
                GetString(o, "text", f + "/text", true, errors)};
    if (Contains(kForbiddenActionCodes, a.code) ||
        std::find(forbidden.begin(), forbidden.end(), a.code) != forbidden.end()) {
      errors.push_back({f + "/code", "'" + a.code + "' must never be suggested"});
    }
    c.actions.push_back(std::move(a));
  }
  for (auto code : kActionCodes) {
    if (std::none_of(c.actions.begin(), c.actions.end(),
                     [&](const auto& a) { return a.code == code; })) {
      errors.push_back({"actions", "is missing '" + std::string(code) + "'"});
    }
  }
}

void CheckSeriousness(const RulesConfig& c, std::vector<FieldError>& errors) {
  std::set<std::string> seen(c.seriousness_order.begin(), c.seriousness_order.end());
  if (seen.size() != c.seriousness_order.size()) {
    errors.push_back({"seriousness_order", "lists an offence twice"});
  }
  for (auto code : kClassificationCodes) {
    const bool offence = code != "no_notifiable_offence" && code != "not_enough_information";
    if (offence != seen.contains(std::string(code))) {
      errors.push_back({"seriousness_order",
                        "must list exactly the six offences; check '" + std::string(code) + "'"});
    }
  }
}

}  // namespace

Result<RulesConfig> RulesConfig::FromJson(std::string_view text) {
  std::vector<FieldError> errors;
  const json::value root = internal::ParseJson(text, "rules", errors);
  if (!root.is_object()) {
    if (errors.empty()) errors.push_back({"rules", "must be a JSON object"});
    return InvalidArgument("screening rules are not valid", std::move(errors));
  }
  const auto& o = root.get_object();
  RulesConfig c;
  c.version = GetString(o, "version", "version", true, errors);
  ParseClassifications(o, c, errors);
  c.seriousness_order = GetStringArray(o, "seriousness_order", "seriousness_order", errors);
  CheckSeriousness(c, errors);
  c.stalking_associated_behaviours =
      GetStringArray(o, "stalking_associated_behaviours", "stalking_associated_behaviours", errors);
  for (const auto& b : c.stalking_associated_behaviours) {
    if (domain::FindBehaviour(b) == nullptr) {
      errors.push_back({"stalking_associated_behaviours", "'" + b + "' is not a behaviour code"});
    }
  }
  for (const auto& b : domain::Behaviours()) {
    if (b.s2a_act &&
        std::find(c.stalking_associated_behaviours.begin(), c.stalking_associated_behaviours.end(),
                  b.code) == c.stalking_associated_behaviours.end()) {
      errors.push_back({"stalking_associated_behaviours",
                        "must include the s2A act '" + std::string(b.code) + "'"});
    }
  }
  c.personal_connection = GetStringArray(o, "personal_connection", "personal_connection", errors);
  c.risk = ParseRisk(o, errors);
  ParseActions(o, c, errors);
  if (!errors.empty()) return InvalidArgument("screening rules are not valid", std::move(errors));
  return c;
}

const ClassificationDef& RulesConfig::Classification(std::string_view code) const {
  for (const auto& d : classifications) {
    if (d.code == code) return d;
  }
  assert(false && "validated at load");
  return classifications.front();
}

const ActionDef& RulesConfig::Action(std::string_view code) const {
  for (const auto& a : actions) {
    if (a.code == code) return a;
  }
  assert(false && "validated at load");
  return actions.front();
}

int RulesConfig::Seriousness(std::string_view code) const {
  for (size_t i = 0; i < seriousness_order.size(); ++i) {
    if (seriousness_order[i] == code) return static_cast<int>(i);
  }
  return 1000;
}

}  // namespace threadline::screening
