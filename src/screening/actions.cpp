// Immediate actions implied by a screening.
//
// Reviews of stalking cases found warnings issued instead of investigation
// and victims asked to decide on arrest. Neither is ever suggested here: the
// action catalogue cannot contain them (config.hpp) and, for a stalking
// pattern, "positive_action" says in words that the decisions are the
// police's.
#include <array>

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

// Position of `code` in kActionCodes, at compile time.
consteval size_t A(std::string_view code) {
  for (size_t i = 0; i < kActionCodes.size(); ++i) {
    if (kActionCodes[i] == code) return i;
  }
  throw "not an action code";
}

class ActionList {
 public:
  ActionList(const Screener::Resolved& res, std::vector<Action>& out) : res_(res), out_(out) {}
  void Add(size_t action, Symbol why) {
    out_.push_back({Symbol::Static(kActionCodes[action]), res_.action_texts[action], why});
  }

 private:
  const Screener::Resolved& res_;
  std::vector<Action>& out_;
};

// The reasons that name the risk level, by RiskLevel.
constexpr std::array<Symbol, 3> kSafetyPlanWhy = {
    "Risk is standard and the conduct is or may be an offence.",
    "Risk is medium and the conduct is or may be an offence.",
    "Risk is high and the conduct is or may be an offence."};
constexpr std::array<Symbol, 3> kClinicWhy = {
    "Stalking with risk standard.", "Stalking with risk medium.", "Stalking with risk high."};
static_assert(static_cast<int>(RiskLevel::kHigh) == 2);

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
    add.Add(A("evidence_messages"), "Messages, calls or online posts are part of the conduct.");
  }
  const bool at_places = c.TriOf(CoreQuestion::kRiskLoiteringHomeWork) == Tri::kYes ||
                         c.TriOf(CoreQuestion::kRiskVisitsFrequent) == Tri::kYes;
  if ((seen & kM.places) || at_places) {
    add.Add(A("evidence_cctv"),
            "The suspect has been at places where cameras may have recorded them.");
  }
  if (seen & kM.devices) {
    add.Add(A("evidence_device"), "Tracking, monitoring or account access is reported.");
  }
  if (offence_or_open && ev.repeated.value != Tri::kNo) {
    add.Add(A("evidence_diary"), "A course of conduct is reported or possible.");
  }
}

}  // namespace

std::vector<Action> ChooseActions(const Evaluation& ev, const ScreeningResult& r, int principal) {
  const auto& res = ev.ctx.screener->resolved();
  std::vector<Action> out;
  out.reserve(kActionCodes.size());
  ActionList add(res, out);
  const bool offence = principal != kNotEnoughInformation && principal != kNoNotifiableOffence;
  const bool open = !r.possible.empty();
  const bool stalking = r.Has("stalking_s2a") || r.Has("stalking_s4a");
  const bool maybe_stalking = Possible(r, "stalking_s2a") || Possible(r, "stalking_s4a");
  const bool raised = r.risk.level != RiskLevel::kStandard;
  const auto level = static_cast<size_t>(r.risk.level);

  if (offence) add.Add(A("record_crime"), res.classifications[principal].record_why);
  AddEvidenceActions(ev, r, offence || open, add);
  if (offence || open || raised) add.Add(A("safety_plan"), kSafetyPlanWhy[level]);
  if (stalking || maybe_stalking) {
    add.Add(A("isac_referral"),
            stalking ? Symbol("The conduct is stalking.") : Symbol("The conduct may be stalking."));
    add.Add(A("consider_interim_spo"),
            "A Stalking Protection Order does not need a conviction; consider it at the start.");
    add.Add(A("positive_action"),
            "Stalking is investigated by the police, and the decisions on "
            "arrest and interview are theirs.");
  }
  if (stalking || (maybe_stalking && raised)) {
    add.Add(A("stalking_clinic_referral"), kClinicWhy[level]);
  }
  if (offence || open) {
    add.Add(A("suspect_other_victims"), "Stalkers often have other victims, past and present.");
    add.Add(A("other_forces_check"), "Earlier reports may sit with other forces.");
  }
  const auto& rel = ev.ctx.Value(CoreQuestion::kRelationship);
  if (rel.answered() && rel.choice == res.colleague) {
    add.Add(A("employer_enquiries"), "The suspect is a colleague or client of the victim.");
  }
  if (ev.personal_connection.value == Tri::kYes) {
    add.Add(A("dash_marac"), "The suspect is a partner, former partner or family member.");
  }
  if (open || !r.settle_questions.empty()) {
    add.Add(A("answer_open_questions"), "Open questions decide the classification.");
  }
  if (principal == kNoNotifiableOffence) {
    add.Add(A("advice_no_offence"), "The answers show no notifiable offence yet.");
  }
  add.Add(A("supervisor_review"), "Every screening is reviewed by a supervisor.");
  return out;
}

}  // namespace threadline::screening::internal
