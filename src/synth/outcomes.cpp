// Criminal-justice outcomes of generated reports, calibrated to the national
// attrition figures in Calibration (DOMAIN.md §1).
#include "synth/generator.hpp"

namespace threadline::synth {
namespace {

constexpr int64_t kDay = 86400;

constexpr std::array<std::string_view, 3> kEvidential = {
    "evidential difficulties: suspect identified, victim supports action",
    "evidential difficulties: victim does not support action",
    "not in the public interest to prosecute",
};

}  // namespace

int64_t Generator::AddOutcome(size_t report, std::string_view kind, std::string reason,
                              int64_t at_s) {
  outcomes_.push_back({report, kind, std::move(reason), at_s});
  return at_s;
}

void Generator::ChargeChain(const OutcomeContext& ctx, int64_t at_s, double trial,
                            double convicted) {
  const bool stalking = ctx.stalking;
  at_s = AddOutcome(ctx.report, "charged",
                    stalking ? (rng_.Chance(0.7) ? "charged with stalking (PHA 1997 s2A)"
                                                 : "charged with stalking involving fear of "
                                                   "violence (PHA 1997 s4A)")
                             : "charged",
                    at_s + rng_.Between(1, 60) * kDay);
  if (!rng_.Chance(trial)) return;
  at_s = AddOutcome(
      ctx.report, "trial",
      rng_.Chance(0.7) ? "listed at the magistrates' court" : "listed at the Crown Court",
      at_s + rng_.Between(60, 300) * kDay);
  if (rng_.Chance(convicted)) {
    AddOutcome(ctx.report, "convicted",
               rng_.Chance(0.6) ? "guilty plea" : "found guilty after trial",
               at_s + rng_.Between(0, 10) * kDay);
  } else {
    AddOutcome(ctx.report, "acquitted", "found not guilty", at_s + rng_.Between(0, 10) * kDay);
  }
}

bool Generator::AddOutcomes(const OutcomeContext& ctx) {
  int64_t at = ctx.reported_s + rng_.Between(7200, 14 * kDay);
  if (!ctx.has_suspect) {
    if (rng_.Chance(cal_.other_no_further_action)) {
      AddOutcome(ctx.report, "no_further_action", "investigation complete: no suspect identified",
                 at);
    }
    return false;
  }
  bool identified = false;
  auto identify = [&] {
    if (!ctx.suspect_named && !identified) {
      at = AddOutcome(ctx.report, "suspect_identified", "identified from communications data", at);
      identified = true;
    }
  };
  auto arrest = [&] {
    identify();
    at = AddOutcome(ctx.report, "arrested", "arrested on suspicion",
                    at + rng_.Between(0, 30) * kDay);
  };
  const double u = rng_.Unit();
  if (!ctx.stalking) {
    if (u < cal_.other_charged) {
      arrest();
      ChargeChain(ctx, at, 0.5, 0.7);
    } else if (u < cal_.other_charged + cal_.other_no_further_action) {
      AddOutcome(ctx.report, "no_further_action",
                 ctx.suspect_named ? std::string(kEvidential[rng_.Below(kEvidential.size())])
                                   : "investigation complete: no suspect identified",
                 at);
    }
    return identified;
  }
  // Stalking pattern: charged, trial and convicted are nested shares of all
  // such reports, so the conditional rates are trial/charged and convicted/trial.
  const double trial = cal_.charged > 0 ? cal_.trial / cal_.charged : 0;
  const double convicted = cal_.trial > 0 ? cal_.convicted / cal_.trial : 0;
  double edge = cal_.charged;
  if (u < edge) {
    arrest();
    ChargeChain(ctx, at, trial, convicted);
  } else if (u < (edge += cal_.cautioned)) {
    arrest();
    AddOutcome(ctx.report, "cautioned", "simple caution", at + rng_.Between(0, 14) * kDay);
  } else if (u < (edge += cal_.arrested_not_charged)) {
    arrest();
    AddOutcome(ctx.report, "no_further_action",
               std::string(kEvidential[rng_.Below(kEvidential.size())]),
               at + rng_.Between(7, 90) * kDay);
  } else if (u < (edge += cal_.no_further_action)) {
    AddOutcome(ctx.report, "no_further_action",
               ctx.suspect_named ? std::string(kEvidential[rng_.Below(kEvidential.size())])
                                 : "investigation complete: no suspect identified",
               at);
  } else if (!ctx.suspect_named && rng_.Chance(0.2)) {
    identify();  // identified, investigation continuing
  }
  return identified;
}

}  // namespace threadline::synth
