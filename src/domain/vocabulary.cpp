#include "domain/vocabulary.hpp"

#include <array>

namespace threadline::domain {
namespace {

constexpr std::array kBehaviours = {
    BehaviourCode{"following", "Following the person", true, false},
    BehaviourCode{"contacting", "Contacting or attempting to contact by any means", true, false},
    BehaviourCode{"publishing_material", "Publishing material about the person", true, false},
    BehaviourCode{"impersonation", "Claiming to be the person or to originate from them", true,
                  false},
    BehaviourCode{"monitoring_communications",
                  "Monitoring use of the internet, e-mail or other communication", true, true},
    BehaviourCode{"loitering", "Loitering in a public or private place", true, false},
    BehaviourCode{"interfering_with_property", "Interfering with property", true, false},
    BehaviourCode{"watching_spying", "Watching or spying on the person", true, false},
    BehaviourCode{"turning_up", "Turning up at home, work or school", false, false},
    BehaviourCode{"unwanted_gifts", "Sending unwanted gifts or items", false, false},
    BehaviourCode{"tracking_device", "Tracking device or location sharing", false, true},
    BehaviourCode{"account_access", "Accessing the person's accounts or devices", false, true},
    BehaviourCode{"spoofed_numbers", "Calls or messages from spoofed or withheld numbers", false,
                  true},
    BehaviourCode{"fake_profiles", "Fake online profiles", false, true},
    BehaviourCode{"image_based_abuse", "Sharing or threatening to share intimate images", false,
                  true},
    BehaviourCode{"third_parties_recruited", "Recruiting others to help", false, false},
    BehaviourCode{"contacting_third_parties",
                  "Harassing family, friends, colleagues or a new partner", false, false},
    BehaviourCode{"threats", "Threats of violence", false, false},
    BehaviourCode{"sexual_threats", "Threats of sexual violence", false, false},
    BehaviourCode{"violence", "Violence against the person or others", false, false},
    BehaviourCode{"property_damage", "Damaging property", false, false},
};

constexpr std::array kPartyRoles = {
    Code{"victim", "Victim"},
    Code{"suspect", "Suspect"},
    Code{"witness", "Witness"},
};

constexpr std::array kRecordedAs = {
    Code{"stalking_s2a", "Stalking (PHA 1997 s2A)"},
    Code{"stalking_s4a", "Stalking involving fear of violence or serious alarm or distress (s4A)"},
    Code{"harassment_s2", "Harassment (PHA 1997 s2)"},
    Code{"harassment_s4", "Harassment with fear of violence (s4)"},
    Code{"malicious_communications", "Malicious communications"},
    Code{"coercive_control", "Controlling or coercive behaviour (SCA 2015 s76)"},
    Code{"criminal_damage", "Criminal damage"},
    Code{"theft", "Theft"},
    Code{"assault", "Assault"},
    Code{"neighbour_dispute", "Neighbour dispute (non-crime)"},
    Code{"other", "Other"},
    Code{"not_recorded", "Not recorded as a crime"},
};

constexpr std::array kOutcomeKinds = {
    Code{"suspect_identified", "Suspect identified"},
    Code{"arrested", "Arrested"},
    Code{"charged", "Charged"},
    Code{"cautioned", "Cautioned"},
    Code{"no_further_action", "No further action"},
    Code{"trial", "Reached trial"},
    Code{"convicted", "Convicted"},
    Code{"acquitted", "Acquitted"},
};

constexpr std::array kAgencyKinds = {
    Code{"police_force", "Police force"}, Code{"probation_region", "Probation region"},
    Code{"nhs_trust", "NHS trust"},       Code{"advocacy_service", "Advocacy service"},
    Code{"cps_area", "CPS area"},         Code{"commissioner", "Police and crime commissioner"},
};

// Where a referral to the programme comes from.
constexpr std::array kReferralSources = {
    Code{"police_report", "A screened police report"},
    Code{"probation", "Probation"},
    Code{"health", "Health services"},
    Code{"advocacy", "An advocacy service"},
    Code{"cps", "Crown Prosecution Service"},
    Code{"other_force", "Another police force"},
    Code{"self", "Self-referral by the victim"},
};

constexpr std::array kCaseTypes = {
    Code{"domestic_ex_intimate", "Domestic: ex-intimate partner"},
    Code{"domestic_family", "Domestic: family member"},
    Code{"acquaintance", "Non-domestic: acquaintance"},
    Code{"colleague", "Non-domestic: colleague or client"},
    Code{"neighbour", "Non-domestic: neighbour"},
    Code{"stranger", "Non-domestic: stranger"},
    Code{"online_only", "Online only"},
    Code{"unknown", "Not yet known"},
};

// Stalker motivation (Mullen's typology, as used by stalking clinics).
constexpr std::array kMotivations = {
    Code{"rejected", "Rejected"},
    Code{"intimacy_seeking", "Intimacy seeking"},
    Code{"incompetent_suitor", "Incompetent suitor"},
    Code{"resentful", "Resentful"},
    Code{"predatory", "Predatory"},
    Code{"not_assessed", "Not assessed"},
};

constexpr std::array kRiskLevels = {
    Code{"standard", "Standard"},
    Code{"medium", "Medium"},
    Code{"high", "High"},
};

}  // namespace

std::span<const Code> ReferralSources() { return kReferralSources; }
std::span<const Code> CaseTypes() { return kCaseTypes; }
std::span<const Code> Motivations() { return kMotivations; }
std::span<const Code> RiskLevels() { return kRiskLevels; }

bool IsDomesticCaseType(std::string_view code) { return code.rfind("domestic_", 0) == 0; }

std::span<const BehaviourCode> Behaviours() { return kBehaviours; }

const BehaviourCode* FindBehaviour(std::string_view code) {
  for (const auto& b : kBehaviours) {
    if (b.code == code) return &b;
  }
  return nullptr;
}

std::span<const Code> PartyRoles() { return kPartyRoles; }
std::span<const Code> RecordedAsCodes() { return kRecordedAs; }
std::span<const Code> OutcomeKinds() { return kOutcomeKinds; }
std::span<const Code> AgencyKinds() { return kAgencyKinds; }

bool IsCode(std::span<const Code> codes, std::string_view code) {
  for (const auto& c : codes) {
    if (c.code == code) return true;
  }
  return false;
}

}  // namespace threadline::domain
