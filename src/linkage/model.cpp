#include "linkage/model.hpp"

#include <boost/json.hpp>

#include "linkage/blocking.hpp"

namespace threadline::linkage {
namespace json = boost::json;

namespace {

constexpr int kModelVersion = 1;

std::vector<double> InitialM(size_t levels) {
  // Strongest agreement most likely for matches; disagreement unlikely.
  std::vector<double> m(levels, 0.0);
  const size_t middle = levels > 3 ? levels - 3 : 0;
  m[1] = middle > 0 ? 0.7 : 0.9;
  for (size_t l = 2; l + 1 < levels; ++l) m[l] = 0.25 / static_cast<double>(middle);
  m[levels - 1] = middle > 0 ? 0.05 : 0.1;
  return m;
}

double NumberOr(const json::object& o, std::string_view key, double fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  return fallback;
}

Result<FieldModel> ReadField(const json::value& v) {
  if (!v.is_object()) return InvalidArgument("field entry is not an object");
  const auto& o = v.as_object();
  const auto* name = o.if_contains("name");
  if (name == nullptr || !name->is_string()) return InvalidArgument("field without a name");
  const auto field = ParseField(std::string_view(name->as_string()));
  if (!field) return InvalidArgument("unknown field " + std::string(name->as_string()));
  const size_t levels = Spec(*field).levels.size();
  FieldModel fm{*field, {}, {}};
  const auto* levels_v = o.if_contains("levels");
  if (levels_v == nullptr || !levels_v->is_array() || levels_v->as_array().size() != levels) {
    return InvalidArgument("field " + std::string(name->as_string()) + ": wrong levels");
  }
  fm.m.assign(levels, 0.0);
  fm.u.assign(levels, 0.0);
  for (size_t l = 1; l < levels; ++l) {
    const auto& lv = levels_v->as_array()[l];
    if (!lv.is_object()) return InvalidArgument("level is not an object");
    fm.m[l] = NumberOr(lv.as_object(), "m", -1);
    fm.u[l] = NumberOr(lv.as_object(), "u", -1);
    if (!(fm.m[l] > 0 && fm.m[l] <= 1 && fm.u[l] > 0 && fm.u[l] <= 1)) {
      return InvalidArgument("field " + std::string(name->as_string()) + ": bad probability");
    }
  }
  return fm;
}

}  // namespace

const FieldModel* Model::Find(Field field) const {
  for (const auto& f : fields) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

Model NewModel(std::span<const Field> fields) {
  Model model;
  for (Field f : fields) {
    const size_t levels = Spec(f).levels.size();
    model.fields.push_back({f, InitialM(levels), std::vector<double>(levels, 1.0 / (levels - 1))});
    model.fields.back().u[0] = 0.0;
  }
  model.blocking_rules = DefaultBlockingRules();
  return model;
}

std::vector<Field> PresentFields(std::span<const Features> features) {
  std::vector<Field> out;
  for (size_t i = 0; i < kFieldCount; ++i) {
    const auto field = static_cast<Field>(i);
    int seen = 0;
    for (const auto& f : features) {
      if (HasValue(field, f) && ++seen >= 2) break;
    }
    if (seen >= 2) out.push_back(field);
  }
  return out;
}

std::string ModelToJson(const Model& model) {
  json::object root;
  root["format"] = "threadline-linkage-model";
  root["version"] = kModelVersion;
  root["prior_match_probability"] = model.prior;
  root["term_frequency_adjustment"] = model.term_frequency;
  json::array rules;
  for (const auto& r : model.blocking_rules) rules.emplace_back(r);
  root["blocking_rules"] = std::move(rules);
  json::object cluster;
  cluster["match_threshold"] = model.cluster.match_threshold;
  cluster["min_cluster_support"] = model.cluster.min_cluster_support;
  cluster["veto_weight"] = model.cluster.veto_weight;
  cluster["max_cross_pairs"] = model.cluster.max_cross_pairs;
  root["clustering"] = std::move(cluster);
  json::array fields;
  for (const auto& f : model.fields) {
    json::object fo;
    fo["name"] = Spec(f.field).name;
    json::array levels;
    for (size_t l = 0; l < f.m.size(); ++l) {
      json::object lo;
      lo["level"] = Spec(f.field).levels[l];
      if (l > 0) {
        lo["m"] = f.m[l];
        lo["u"] = f.u[l];
      }
      levels.emplace_back(std::move(lo));
    }
    fo["levels"] = std::move(levels);
    fields.emplace_back(std::move(fo));
  }
  root["fields"] = std::move(fields);
  return json::serialize(root);
}

Result<Model> ModelFromJson(std::string_view text) {
  boost::system::error_code ec;
  const json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) return InvalidArgument("model is not a JSON object");
  const auto& o = root.as_object();
  if (NumberOr(o, "version", 0) != kModelVersion)
    return InvalidArgument("unsupported model version");
  Model model;
  model.prior = NumberOr(o, "prior_match_probability", -1);
  if (!(model.prior > 0 && model.prior < 1)) return InvalidArgument("bad prior_match_probability");
  if (const auto* tf = o.if_contains("term_frequency_adjustment"); tf && tf->is_bool()) {
    model.term_frequency = tf->as_bool();
  }
  if (const auto* rules = o.if_contains("blocking_rules"); rules && rules->is_array()) {
    for (const auto& r : rules->as_array()) {
      if (!r.is_string()) return InvalidArgument("blocking rule is not a string");
      const std::string rule(r.as_string());
      if (!ParseBlockingRule(rule).ok()) return InvalidArgument("bad blocking rule " + rule);
      model.blocking_rules.push_back(rule);
    }
  }
  if (const auto* c = o.if_contains("clustering"); c && c->is_object()) {
    auto& co = c->as_object();
    model.cluster.match_threshold = NumberOr(co, "match_threshold", model.cluster.match_threshold);
    model.cluster.min_cluster_support =
        NumberOr(co, "min_cluster_support", model.cluster.min_cluster_support);
    model.cluster.veto_weight = NumberOr(co, "veto_weight", model.cluster.veto_weight);
    model.cluster.max_cross_pairs = static_cast<size_t>(
        NumberOr(co, "max_cross_pairs", static_cast<double>(model.cluster.max_cross_pairs)));
  }
  const auto* fields = o.if_contains("fields");
  if (fields == nullptr || !fields->is_array()) return InvalidArgument("model without fields");
  for (const auto& f : fields->as_array()) {
    auto fm = ReadField(f);
    if (!fm.ok()) return fm.error();
    model.fields.push_back(std::move(*fm));
  }
  return model;
}

}  // namespace threadline::linkage
