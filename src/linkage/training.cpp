#include "linkage/training.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <unordered_map>

namespace threadline::linkage {
namespace {

// Probabilities never reach 0 or 1 exactly: log weights stay finite.
constexpr double kMinProbability = 1e-6;

void Normalise(std::vector<double>& p) {
  double total = 0;
  for (size_t l = 1; l < p.size(); ++l) total += p[l] = std::max(p[l], kMinProbability);
  for (size_t l = 1; l < p.size(); ++l) p[l] /= total;
}

struct Pattern {
  std::array<uint8_t, kFieldCount> levels{};
  uint32_t rules = 0;  // the blocking rules that produced these pairs
  double count = 0;
};

struct PatternKey {
  uint64_t levels;
  uint32_t rules;
  bool operator==(const PatternKey&) const = default;
};
struct PatternKeyHash {
  size_t operator()(const PatternKey& k) const {
    return k.levels * 0x9e3779b97f4a7c15ull ^ k.rules;
  }
};

// Every `stride`-th pair (a deterministic uniform sample: EM needs
// proportions, not every pair).
std::vector<Pattern> CollectPatterns(const Model& model, std::span<const Features> features,
                                     std::span<const CandidatePair> pairs,
                                     std::span<const uint32_t> masks, size_t stride) {
  std::unordered_map<PatternKey, size_t, PatternKeyHash> index;
  std::vector<Pattern> patterns;
  for (size_t i = 0; i < pairs.size(); i += stride) {
    const auto& p = pairs[i];
    Pattern pat;
    pat.rules = masks.empty() ? ~0u : masks[i];
    uint64_t key = 0;
    for (size_t f = 0; f < model.fields.size(); ++f) {
      pat.levels[f] = CompareField(model.fields[f].field, features[p.a], features[p.b]);
      key = key << 3 | pat.levels[f];
    }
    auto [it, inserted] = index.try_emplace(PatternKey{key, pat.rules}, patterns.size());
    if (inserted) patterns.push_back(pat);
    patterns[it->second].count += 1;
  }
  return patterns;
}

// The patterns of pairs produced by at least one rule in `rules`, merged
// across rule masks.
// Fields whose bit is set in `hidden` (bit = Field value) read as null.
std::vector<Pattern> SelectPatterns(const Model& model, const std::vector<Pattern>& all,
                                    uint32_t rules, uint32_t hidden = 0) {
  std::unordered_map<uint64_t, size_t> index;
  std::vector<Pattern> out;
  for (const auto& pat : all) {
    if ((pat.rules & rules) == 0) continue;
    Pattern shown = pat;
    uint64_t key = 0;
    for (size_t f = 0; f < model.fields.size(); ++f) {
      if (hidden >> static_cast<unsigned>(model.fields[f].field) & 1) shown.levels[f] = 0;
      key = key << 3 | shown.levels[f];
    }
    auto [it, inserted] = index.try_emplace(key, out.size());
    if (inserted) {
      out.push_back(shown);
      out.back().count = 0;
    }
    out[it->second].count += pat.count;
  }
  return out;
}

// A level no candidate pair ever showed carries no learned evidence: m = u
// gives it weight 0 instead of the enormous penalty a floored m would.
void NeutraliseUnseen(const FieldModel& field, const std::vector<bool>& seen,
                      std::vector<double>& m) {
  double unseen_mass = 0;
  for (size_t l = 1; l < m.size(); ++l) {
    if (!seen[l]) unseen_mass += field.u[l];
  }
  if (unseen_mass <= 0 || unseen_mass >= 1) return;
  for (size_t l = 1; l < m.size(); ++l) m[l] = seen[l] ? m[l] * (1 - unseen_mass) : field.u[l];
}

std::vector<std::vector<bool>> SeenLevels(const Model& model,
                                          const std::vector<Pattern>& patterns) {
  std::vector<std::vector<bool>> seen(model.fields.size());
  for (size_t f = 0; f < model.fields.size(); ++f) {
    seen[f].assign(model.fields[f].m.size(), false);
    for (const auto& pat : patterns) seen[f][pat.levels[f]] = true;
  }
  return seen;
}

// One EM iteration; returns the largest parameter change.
// What an EM run may change: u is held at the random-pair estimate inside
// a per-rule session; m is held when only the prior is wanted.
struct EmFixed {
  bool u = false;
  bool m = false;
};

double EmStep(Model& model, const std::vector<Pattern>& patterns, EmFixed fixed) {
  const size_t nf = model.fields.size();
  std::vector<std::vector<double>> m_sum(nf), u_sum(nf);
  for (size_t f = 0; f < nf; ++f) {
    m_sum[f].assign(model.fields[f].m.size(), 0.0);
    u_sum[f].assign(model.fields[f].m.size(), 0.0);
  }
  double match_total = 0, total = 0;
  const double log_prior = std::log(model.prior), log_not = std::log(1 - model.prior);
  for (const auto& pat : patterns) {
    double lm = log_prior, lu = log_not;
    for (size_t f = 0; f < nf; ++f) {
      const uint8_t l = pat.levels[f];
      if (l == 0) continue;
      lm += std::log(model.fields[f].m[l]);
      lu += std::log(model.fields[f].u[l]);
    }
    const double posterior = 1.0 / (1.0 + std::exp(std::clamp(lu - lm, -700.0, 700.0)));
    const double weight = posterior * pat.count;
    match_total += weight;
    total += pat.count;
    for (size_t f = 0; f < nf; ++f) {
      m_sum[f][pat.levels[f]] += weight;
      u_sum[f][pat.levels[f]] += pat.count - weight;
    }
  }
  double change = 0;
  for (size_t f = 0; f < nf && !fixed.m; ++f) {
    auto m = m_sum[f];
    m[0] = 0;
    Normalise(m);
    for (size_t l = 1; l < m.size(); ++l) {
      change = std::max(change, std::abs(m[l] - model.fields[f].m[l]));
    }
    model.fields[f].m = std::move(m);
    if (fixed.u) continue;
    u_sum[f][0] = 0;
    Normalise(u_sum[f]);
    model.fields[f].u = std::move(u_sum[f]);
  }
  const double prior = std::clamp(match_total / total, kMinProbability, 1 - kMinProbability);
  change = std::max(change, std::abs(prior - model.prior));
  model.prior = prior;
  return change;
}

double LogLikelihood(const Model& model, const std::vector<Pattern>& patterns) {
  double ll = 0;
  for (const auto& pat : patterns) {
    double lm = std::log(model.prior), lu = std::log(1 - model.prior);
    for (size_t f = 0; f < model.fields.size(); ++f) {
      const uint8_t l = pat.levels[f];
      if (l == 0) continue;
      lm += std::log(model.fields[f].m[l]);
      lu += std::log(model.fields[f].u[l]);
    }
    const double hi = std::max(lm, lu);
    ll += pat.count * (hi + std::log(std::exp(lm - hi) + std::exp(lu - hi)));
  }
  return ll;
}

// EM finds a local optimum; a few starting priors guard against settling on
// "shares a common first name" as the match class. Keeps the likeliest.
Model RunEm(const Model& start, const std::vector<Pattern>& patterns, EmFixed fixed,
            const TrainOptions& options, TrainReport& report) {
  Model best_model = start;
  double best = -std::numeric_limits<double>::infinity();
  for (double prior : {0.01, 0.1, 0.5}) {
    Model trial = start;
    trial.prior = prior;
    TrainReport r = report;
    r.converged = false;
    for (r.iterations = 1; r.iterations <= options.max_iterations; ++r.iterations) {
      if (EmStep(trial, patterns, fixed) < options.tolerance) {
        r.converged = true;
        break;
      }
    }
    const double ll = LogLikelihood(trial, patterns);
    if (ll > best) {
      best = ll;
      best_model = std::move(trial);
      report = r;
    }
  }
  return best_model;
}

// One EM session per blocking rule over the pairs it produced, as Splink
// trains: the fields the rule reads are hidden (they agree on every pair, so
// they cannot tell matches apart), and u stays at the random-pair estimate
// (for the other fields, non-matches blocked together look like random
// pairs). Each field's m is the mean over the sessions that estimated it;
// a field no session estimated falls back to one free EM over all pairs.
void EstimateMByRule(Model& model, const Model& start, const std::vector<Pattern>& tagged,
                     std::span<const uint32_t> rule_fields, const TrainOptions& options,
                     TrainReport& report) {
  const size_t nf = model.fields.size();
  std::vector<std::vector<double>> m_sum(nf);
  std::vector<int> sessions(nf, 0);
  for (size_t f = 0; f < nf; ++f) m_sum[f].assign(model.fields[f].m.size(), 0.0);
  for (size_t r = 0; r < rule_fields.size() && r < 32; ++r) {
    const auto subset = SelectPatterns(model, tagged, 1u << r, rule_fields[r]);
    double n = 0;
    for (const auto& p : subset) n += p.count;
    if (n < options.min_session_pairs) continue;
    TrainReport ignored;
    const Model trained = RunEm(start, subset, {.u = true}, options, ignored);
    const auto seen = SeenLevels(start, subset);
    for (size_t f = 0; f < nf; ++f) {
      if (rule_fields[r] >> static_cast<unsigned>(model.fields[f].field) & 1) continue;
      bool informative = false;
      for (size_t l = 1; l < seen[f].size(); ++l) informative |= seen[f][l];
      if (!informative) continue;
      for (size_t l = 1; l < m_sum[f].size(); ++l) m_sum[f][l] += trained.fields[f].m[l];
      ++sessions[f];
    }
  }
  const Model fallback = RunEm(start, SelectPatterns(model, tagged, ~0u), {}, options, report);
  model.prior = fallback.prior;
  for (size_t f = 0; f < nf; ++f) {
    if (sessions[f] == 0) {
      model.fields[f].m = fallback.fields[f].m;
      continue;
    }
    for (size_t l = 1; l < m_sum[f].size(); ++l) m_sum[f][l] /= sessions[f];
    model.fields[f].m = m_sum[f];
  }
}

}  // namespace

void EstimateU(Model& model, std::span<const Features> features, std::span<const uint8_t> sources,
               const TrainOptions& options, TrainReport& report) {
  const size_t n = features.size();
  std::vector<std::vector<double>> counts(model.fields.size());
  for (size_t f = 0; f < model.fields.size(); ++f) counts[f].assign(model.fields[f].u.size(), 0);
  std::mt19937_64 rng(options.seed);
  std::uniform_int_distribution<size_t> pick(0, n == 0 ? 0 : n - 1);
  const double all_pairs = 0.5 * static_cast<double>(n) * static_cast<double>(n - (n > 0));
  const size_t samples =
      static_cast<size_t>(std::min(static_cast<double>(options.u_sample_pairs), all_pairs));
  size_t drawn = 0;
  for (size_t attempt = 0; drawn < samples && attempt < samples * 20; ++attempt) {
    const size_t a = pick(rng), b = pick(rng);
    if (a == b) continue;
    if (options.link_only && !sources.empty() && sources[a] == sources[b]) continue;
    ++drawn;
    for (size_t f = 0; f < model.fields.size(); ++f) {
      counts[f][CompareField(model.fields[f].field, features[a], features[b])] += 1;
    }
  }
  for (size_t f = 0; f < model.fields.size(); ++f) {
    auto& u = model.fields[f].u;
    // Add-one smoothing keeps unseen levels (two strangers sharing a phone) at ~1/samples.
    for (size_t l = 1; l < u.size(); ++l) u[l] = counts[f][l] + 1.0;
    u[0] = 0;
    Normalise(u);
  }
  report.u_pairs = drawn;
}

Status EstimateM(Model& model, std::span<const Features> features,
                 std::span<const CandidatePair> pairs, const TrainOptions& options,
                 TrainReport& report) {
  return EstimateM(model, features, pairs, {}, {}, options, report);
}

Status EstimateM(Model& model, std::span<const Features> features,
                 std::span<const CandidatePair> pairs, std::span<const uint32_t> rule_masks,
                 std::span<const uint32_t> rule_fields, const TrainOptions& options,
                 TrainReport& report) {
  if (pairs.empty()) return InvalidArgument("no candidate pairs to train on");
  if (model.fields.size() > 21) return InvalidArgument("too many fields for pattern keys");
  const size_t stride =
      std::max<size_t>(1, pairs.size() / std::max<size_t>(1, options.max_em_pairs));
  const auto tagged = CollectPatterns(model, features, pairs, rule_masks, stride);
  const auto patterns = SelectPatterns(model, tagged, ~0u);
  const auto seen = SeenLevels(model, patterns);
  report.em_pairs = (pairs.size() + stride - 1) / stride;
  report.em_patterns = patterns.size();
  const Model start = model;
  if (rule_masks.empty()) {
    model = RunEm(start, patterns, {}, options, report);
  } else {
    EstimateMByRule(model, start, tagged, rule_fields, options, report);
    // The prior among candidates, with m and u held.
    model = RunEm(model, patterns, {.u = true, .m = true}, options, report);
  }
  // Scoring uses u from random pairs (the population), not the EM estimate,
  // which describes non-matches *among candidates* and is biased by blocking.
  for (size_t f = 0; f < model.fields.size(); ++f) {
    model.fields[f].u = start.fields[f].u;
    NeutraliseUnseen(model.fields[f], seen[f], model.fields[f].m);
  }
  return Status::Ok();
}

double EstimatePopulationPrior(const Model& model, std::span<const Features> features,
                               std::span<const CandidatePair> pairs, double candidates,
                               double all_pairs, std::optional<double> among_candidates,
                               const TrainOptions& options) {
  // One number needs fewer pairs than a model does.
  const size_t limit = std::max<size_t>(1, options.max_em_pairs / 4);
  const size_t stride = std::max<size_t>(1, pairs.size() / limit);
  std::vector<Pattern> patterns;
  if (!pairs.empty()) {
    patterns = SelectPatterns(model, CollectPatterns(model, features, pairs, {}, stride), ~0u);
  }
  if (!among_candidates) {
    TrainReport ignored;
    among_candidates = patterns.empty()
                           ? model.prior
                           : RunEm(model, patterns, {.u = true, .m = true}, options, ignored).prior;
  }
  if (!(all_pairs > 0)) return *among_candidates;
  const double start = std::clamp(*among_candidates * candidates / all_pairs, 1e-12, 0.5);
  if (patterns.empty()) return start;
  // Each pattern's log-likelihood ratio, once: only the prior moves.
  std::vector<double> log_ratio(patterns.size(), 0.0);
  double sampled = 0;
  for (size_t i = 0; i < patterns.size(); ++i) {
    for (size_t f = 0; f < model.fields.size(); ++f) {
      const uint8_t l = patterns[i].levels[f];
      if (l != 0) log_ratio[i] += std::log(model.fields[f].m[l] / model.fields[f].u[l]);
    }
    sampled += patterns[i].count;
  }
  const double scale = candidates / sampled / all_pairs;
  double prior = start;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double log_odds = std::log(prior / (1 - prior));
    double matches = 0;
    for (size_t i = 0; i < patterns.size(); ++i) {
      const double x = std::clamp(log_odds + log_ratio[i], -700.0, 700.0);
      matches += patterns[i].count / (1.0 + std::exp(-x));
    }
    const double next = std::clamp(matches * scale, 1e-12, 0.5);
    const bool settled = std::abs(next - prior) <= 1e-4 * prior;
    prior = next;
    if (settled) break;
  }
  return prior;
}

}  // namespace threadline::linkage
