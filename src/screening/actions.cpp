// Immediate actions implied by a screening.
//
// Reviews of stalking cases found warnings issued instead of investigation
// and victims asked to decide on arrest. Neither is ever suggested here: the
// action catalogue cannot contain them (config.hpp) and, for a stalking
// pattern, "positive_action" says in words that the decisions are the
// police's.
#include "domain/vocabulary.hpp"
#include "screening/evaluation.hpp"

namespace threadline::screening::internal {
namespace {

struct ActionMasks {
  uint32_t messages = BehaviourMask({"contacting", "publishing_material", "impersonation",
                                     "spoofed_numbers", "fake_profiles", "image_based_abuse",
                                     "unwanted_gifts", "contacting_third_parties"});
  uint32_t places = BehaviourMask({"following", "loitering", "watching_spying", "turning_up",
                                   "interfering_with_property", "property_damage"});
  uint32_t devices =
      BehaviourMask({"monitoring_communications", "tracking_device", "account_access"});
};

class ActionList {
 public:
  ActionList(const RulesConfig& cfg, std::vector<Action>& out) : cfg_(cfg), out_(out) {}
  void Add(std::string_view code, std::string why) {
    out_.push_back({std::string(code), cfg_.Action(code).text, std::move(why)});
  }

 private:
  const RulesConfig& cfg_;
  std::vector<Action>& out_;
};

bool Possible(const ScreeningResult& r, std::string_view code) {
  for (const auto& p : r.possible) {
    if (p.code == code) return true;
  }
  return false;
}

void AddEvidenceActions(const Evaluation& ev, const ScreeningResult& r, bool offence_or_open,
                        ActionList& add) {
  static const ActionMasks kM;
  const Context& c = ev.ctx;
  const uint32_t seen = c.AllBehaviours();
  const bool communication = c.TriOf(CoreQuestion::kSingleCommunication) == Tri::kYes;
  if ((seen & kM.messages) || communication || r.Has("malicious_communications")) {
    add.Add("evidence_messages", "Messages, calls or online posts are part of the conduct.");
  }
  const bool at_places = c.TriOf(CoreQuestion::kRiskLoiteringHomeWork) == Tri::kYes ||
                         c.TriOf(CoreQuestion::kRiskVisitsFrequent) == Tri::kYes;
  if ((seen & kM.places) || at_places) {
    add.Add("evidence_cctv",
            "The suspect has been at places where cameras may have recorded them.");
  }
  if (seen & kM.devices) {
    add.Add("evidence_device", "Tracking, monitoring or account access is reported.");
  }
  if (offence_or_open && ev.repeated.value != Tri::kNo) {
    add.Add("evidence_diary", "A course of conduct is reported or possible.");
  }
}

}  // namespace

std::vector<Action> ChooseActions(const Evaluation& ev, const ScreeningResult& r) {
  std::vector<Action> out;
  out.reserve(kActionCodes.size());
  ActionList add(ev.ctx.screener->config(), out);
  const std::string& principal = r.principal().code;
  const bool offence =
      principal != "not_enough_information" && principal != "no_notifiable_offence";
  const bool open = !r.possible.empty();
  const bool stalking = r.Has("stalking_s2a") || r.Has("stalking_s4a");
  const bool maybe_stalking = Possible(r, "stalking_s2a") || Possible(r, "stalking_s4a");
  const bool raised = r.risk.level != RiskLevel::kStandard;

  if (offence) add.Add("record_crime", "A notifiable offence is established: " + principal + ".");
  AddEvidenceActions(ev, r, offence || open, add);
  if (offence || open || raised) {
    add.Add("safety_plan", "Risk is " + std::string(RiskLevelName(r.risk.level)) +
                               " and the conduct is or may be an offence.");
  }
  if (stalking || maybe_stalking) {
    add.Add("isac_referral",
            stalking ? "The conduct is stalking." : "The conduct may be stalking.");
    add.Add("consider_interim_spo",
            "A Stalking Protection Order does not need a conviction; consider it at the start.");
    add.Add("positive_action",
            "Stalking is investigated by the police, and the decisions on "
            "arrest and interview are theirs.");
  }
  if (stalking || (maybe_stalking && raised)) {
    add.Add("stalking_clinic_referral",
            "Stalking with risk " + std::string(RiskLevelName(r.risk.level)) + ".");
  }
  if (offence || open) {
    add.Add("suspect_other_victims", "Stalkers often have other victims, past and present.");
    add.Add("other_forces_check", "Earlier reports may sit with other forces.");
  }
  const auto& rel = ev.ctx.Value(CoreQuestion::kRelationship);
  if (rel.answered() && rel.choice == ev.ctx.screener->resolved().colleague) {
    add.Add("employer_enquiries", "The suspect is a colleague or client of the victim.");
  }
  if (ev.personal_connection.value == Tri::kYes) {
    add.Add("dash_marac", "The suspect is a partner, former partner or family member.");
  }
  if (open || !r.settle_questions.empty()) {
    add.Add("answer_open_questions", "Open questions decide the classification.");
  }
  if (principal == "no_notifiable_offence") {
    add.Add("advice_no_offence", "The answers show no notifiable offence yet.");
  }
  add.Add("supervisor_review", "Every screening is reviewed by a supervisor.");
  return out;
}

}  // namespace threadline::screening::internal
