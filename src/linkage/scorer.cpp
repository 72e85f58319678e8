#include "linkage/scorer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include <boost/json.hpp>

namespace threadline::linkage {
namespace {

// Floor on a term frequency so a value seen once cannot claim unbounded weight.
constexpr double kMinTf = 1e-5;
constexpr double kMaxTfAdjustment = 10.0;

double PriorWeight(const Model& model) { return std::log2(model.prior / (1.0 - model.prior)); }

double TfAdjustment(double u_exact, float tf_a, float tf_b) {
  const double tf = std::max(tf_a, tf_b);
  if (tf <= 0) return 0;
  const double adj = std::log2(u_exact / std::max(tf, kMinTf));
  return std::clamp(adj, -kMaxTfAdjustment, kMaxTfAdjustment);
}

std::string ValueOf(const InputRecord* r, Field field) {
  if (r == nullptr) return {};
  const Role role = Spec(field).role;
  if ((*r)[role].empty() && (role == Role::kGivenName || role == Role::kFamilyName)) {
    return (*r)[Role::kFullName];
  }
  return (*r)[role];
}

}  // namespace

Scorer::Scorer(const Model& model) : prior_weight_(static_cast<float>(PriorWeight(model))) {
  for (const auto& f : model.fields) {
    Compiled c{f.field,
               model.term_frequency ? Spec(f.field).tf_slot : -1,
               std::exp2(static_cast<float>(std::log2(f.u[1]))),
               {}};
    for (size_t l = 1; l < f.m.size() && l < kMaxLevels; ++l) {
      c.weight[l] = static_cast<float>(std::log2(f.m[l] / f.u[l]));
    }
    fields_.push_back(c);
    compared_ |= FieldSet{1} << static_cast<int>(f.field);
    read_bytes_ = std::max(read_bytes_, ComparedBytes(f.field));
    if (c.tf_slot >= 0) {
      read_bytes_ = std::max(read_bytes_, offsetof(Features, tf) + sizeof(Features::tf));
    }
  }
}

void Scorer::Weights(std::span<const Features> features, std::span<const CandidatePair> pairs,
                     std::span<float> weights) const {
  // Far enough ahead for a record to arrive from memory while the pairs in
  // between are scored. Written out here: a function doing nothing but
  // prefetch looks free of effects to the compiler, which drops its calls.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i + kAhead < pairs.size() && read_bytes_ > 0) {
      const CandidatePair& next = pairs[i + kAhead];
      const CandidatePair& before = pairs[i + kAhead - 1];
      for (const uint32_t r : {next.a, next.b}) {
        if (r == before.a || r == before.b) continue;  // asked for already
        const char* record = reinterpret_cast<const char*>(&features[r]);
        for (size_t offset = 0; offset < read_bytes_; offset += 64) {
          __builtin_prefetch(record + offset);
        }
        __builtin_prefetch(record + read_bytes_ - 1);
      }
    }
    weights[i] = Weight(features[pairs[i].a], features[pairs[i].b]);
  }
}

float Scorer::Weight(const Features& a, const Features& b) const {
  std::array<uint8_t, kFieldCount> levels;
  CompareFields(compared_, a, b, levels);
  // Summed in the model's order: float addition is not associative.
  float w = prior_weight_;
  for (const auto& c : fields_) {
    const uint8_t level = levels[static_cast<size_t>(c.field)];
    w += c.weight[level];
    if (level == 1 && c.tf_slot >= 0) {
      w += static_cast<float>(TfAdjustment(c.u_exact, a.tf[c.tf_slot], b.tf[c.tf_slot]));
    }
  }
  return w;
}

double Scorer::Probability(double weight) { return 1.0 / (1.0 + std::exp2(-weight)); }

double Scorer::WeightFor(double probability) {
  return std::log2(probability / (1.0 - probability));
}

Explanation Explain(const Model& model, const Features& a, const Features& b) {
  Explanation e;
  e.prior_weight = static_cast<float>(PriorWeight(model));
  e.total_weight = e.prior_weight;
  for (const auto& f : model.fields) {
    FieldContribution c{f.field, CompareField(f.field, a, b)};
    if (c.level != 0) {
      c.m = f.m[c.level];
      c.u = f.u[c.level];
      c.level_weight = static_cast<float>(std::log2(c.m / c.u));
      const int slot = Spec(f.field).tf_slot;
      if (c.level == 1 && slot >= 0 && model.term_frequency) {
        const float log2_u = static_cast<float>(std::log2(f.u[1]));
        c.tf_adjustment =
            static_cast<float>(TfAdjustment(std::exp2(log2_u), a.tf[slot], b.tf[slot]));
      }
    }
    c.weight = c.level_weight + c.tf_adjustment;
    e.total_weight += c.weight;
    e.fields.push_back(c);
  }
  e.probability = Scorer::Probability(e.total_weight);
  return e;
}

std::string ExplanationToJson(const Explanation& e, const InputRecord* a, const InputRecord* b) {
  boost::json::object root;
  root["prior_weight"] = e.prior_weight;
  boost::json::array fields;
  for (const auto& c : e.fields) {
    boost::json::object o;
    o["field"] = Spec(c.field).name;
    o["level"] = Spec(c.field).levels[c.level];
    if (a != nullptr) o["value_a"] = ValueOf(a, c.field);
    if (b != nullptr) o["value_b"] = ValueOf(b, c.field);
    o["m"] = c.m;
    o["u"] = c.u;
    o["level_weight"] = c.level_weight;
    o["tf_adjustment"] = c.tf_adjustment;
    o["weight"] = c.weight;
    fields.emplace_back(std::move(o));
  }
  root["fields"] = std::move(fields);
  root["total_weight"] = e.total_weight;
  root["match_probability"] = e.probability;
  return boost::json::serialize(root);
}

std::string ExplanationToText(const Explanation& e, const InputRecord* a, const InputRecord* b) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof(line), "%-14s %-24s %+8.2f\n", "prior", "", e.prior_weight);
  out += line;
  for (const auto& c : e.fields) {
    const std::string values =
        a && b ? "'" + ValueOf(a, c.field) + "' vs '" + ValueOf(b, c.field) + "'" : "";
    std::snprintf(line, sizeof(line), "%-14s %-24s %+8.2f%s  %s\n",
                  std::string(Spec(c.field).name).c_str(),
                  std::string(Spec(c.field).levels[c.level]).c_str(), c.weight,
                  c.tf_adjustment != 0 ? " (tf)" : "", values.c_str());
    out += line;
  }
  std::snprintf(line, sizeof(line), "%-14s %-24s %+8.2f  probability %.4f\n", "total", "",
                e.total_weight, e.probability);
  out += line;
  return out;
}

}  // namespace threadline::linkage
