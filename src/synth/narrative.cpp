#include "synth/narrative.hpp"

#include <array>
#include <cctype>
#include <cstdio>

#include "domain/datetime.hpp"

namespace threadline::synth {
namespace {

struct Phrase {
  std::string_view code;
  std::array<std::string_view, 2> text;  // alternatives; {them} = the IP's pronoun
};

// One clause per behaviour code of domain::Behaviours().
constexpr std::array kPhrases = {
    Phrase{"following",
           {"followed {them} home from work", "followed {them} on foot in the town centre"}},
    Phrase{"contacting", {"sent repeated unwanted messages", "called {them} many times a day"}},
    Phrase{"publishing_material",
           {"posted comments about {them} online",
            "shared private details about {them} on social media"}},
    Phrase{"impersonation",
           {"set up accounts pretending to be {them}",
            "contacted {their} friends claiming to be {them}"}},
    Phrase{"monitoring_communications",
           {"been reading {their} private messages",
            "quoted private e-mails {they} had sent to others"}},
    Phrase{"loitering",
           {"been waiting outside {their} home", "been hanging around near {their} workplace"}},
    Phrase{"interfering_with_property",
           {"moved items in {their} garden", "tampered with {their} car"}},
    Phrase{"watching_spying",
           {"been watching {their} address", "been seen photographing {their} house"}},
    Phrase{"turning_up", {"turned up at {their} home uninvited", "turned up at {their} workplace"}},
    Phrase{"unwanted_gifts",
           {"left flowers and letters on {their} doorstep", "sent parcels to {their} address"}},
    Phrase{"tracking_device",
           {"fitted a tracking device to {their} car", "tracked where {they} had been all day"}},
    Phrase{"account_access",
           {"logged in to {their} social media accounts",
            "changed the password on {their} e-mail account"}},
    Phrase{
        "spoofed_numbers",
        {"called from withheld and spoofed numbers", "called from a different number each time"}},
    Phrase{"fake_profiles",
           {"contacted {them} through fake profiles", "created new profiles after being blocked"}},
    Phrase{"image_based_abuse",
           {"threatened to share intimate images of {them}",
            "sent an intimate image of {them} to a friend"}},
    Phrase{"third_parties_recruited",
           {"asked friends to pass messages to {them}", "got others to watch {their} home"}},
    Phrase{"contacting_third_parties",
           {"contacted {their} employer", "sent messages to {their} family and new partner"}},
    Phrase{"threats",
           {"threatened to hurt {them}", "said {they} would regret ignoring the messages"}},
    Phrase{"sexual_threats",
           {"made threats of a sexual nature", "sent sexually threatening messages"}},
    Phrase{"violence", {"pushed {them} against a wall", "assaulted {them} outside {their} home"}},
    Phrase{"property_damage", {"damaged {their} car", "smashed a window at {their} address"}},
};

constexpr std::array<std::string_view, 6> kEffects = {
    "The IP is frightened and has changed {their} route to work.",
    "The IP has stopped going out alone.",
    "The IP is considering moving home.",
    "The IP has changed {their} phone number.",
    "The IP says {they} cannot sleep and is very anxious.",
    "The IP wants the contact to stop.",
};

std::string_view Who(Relationship r) {
  switch (r) {
    case Relationship::kExPartner:
      return "ex-partner";
    case Relationship::kPartner:
      return "partner";
    case Relationship::kAcquaintance:
      return "acquaintance";
    case Relationship::kColleague:
      return "former colleague";
    case Relationship::kNeighbour:
      return "neighbour";
    case Relationship::kOnlineContact:
      return "online contact";
    case Relationship::kFamily:
      return "relative";
    case Relationship::kStranger:
      return "a stranger";
  }
  return "a stranger";
}

// Fills {them}/{their}/{they} with the IP's pronouns. Builds a new string
// rather than replacing in place (which also sidesteps a GCC 12 -Wrestrict
// false positive in std::string::replace).
void Substitute(std::string& text, bool female) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const std::string_view rest = std::string_view(text).substr(i);
    if (rest.starts_with("{them}")) {
      out += female ? "her" : "him";
      i += 5;
    } else if (rest.starts_with("{their}")) {
      out += female ? "her" : "his";
      i += 6;
    } else if (rest.starts_with("{they}")) {
      out += female ? "she" : "he";
      i += 5;
    } else {
      out += text[i];
    }
  }
  text = std::move(out);
}

std::string Opening(const SummaryInput& in) {
  if (!in.suspect_named) {
    return "The IP reports that an unknown person using " + in.identifier + " has ";
  }
  const std::string_view who = Who(in.relationship);
  if (in.relationship == Relationship::kStranger) {
    return std::string("The IP reports that ") + (in.suspect_female ? "a woman" : "a man") +
           " unknown to {them} has ";
  }
  return "The IP reports that {their} " + std::string(who) + " has ";
}

std::string Initials(std::string_view code) {
  std::string out;
  bool start = true;
  for (char c : code) {
    if (c == '-') {
      start = true;
    } else if (start) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      start = false;
    }
  }
  if (out.size() == 1) {
    for (size_t i = 1; i < code.size() && out.size() < 3; ++i) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(code[i])));
    }
  }
  return out;
}

}  // namespace

std::string MakeSummary(Rng& rng, const SummaryInput& in) {
  std::string text = Opening(in);
  size_t written = 0;
  for (const auto& code : in.behaviours) {
    for (const auto& phrase : kPhrases) {
      if (phrase.code != code) continue;
      if (written > 0) text += written + 1 == in.behaviours.size() ? " and " : ", ";
      text += phrase.text[rng.Below(phrase.text.size())];
      ++written;
    }
  }
  if (written == 0) text += "behaved in a way that caused alarm";
  text += ".";
  if (in.earlier_reports == 1) {
    text += " This has been reported once before.";
  } else if (in.earlier_reports > 1) {
    text += " This has been reported " + std::to_string(in.earlier_reports) + " times before.";
  }
  if (rng.Chance(0.6)) {
    text += " ";
    text += kEffects[rng.Below(kEffects.size())];
  }
  Substitute(text, in.victim_female);
  return text;
}

std::string MakeReference(std::string_view force_code, size_t force_index, int64_t unix_s,
                          uint64_t serial) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  const domain::Date d = domain::CivilFromDays(unix_s / 86400);
  const std::string prefix = Initials(force_code);
  char buf[64];
  switch (force_index % 4) {
    case 0:
      // A daily log number: unique while a force logs fewer than about 400
      // reports a day (the serial advances by at most 25 per report).
      std::snprintf(buf, sizeof buf, "%s-%04d%02d%02d-%04llu", prefix.c_str(), d.year, d.month,
                    d.day, static_cast<unsigned long long>(serial % 10000));
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "%02zu/%06llu/%02d", force_index % 100,
                    static_cast<unsigned long long>(serial), d.year % 100);
      break;
    case 2:
      std::snprintf(buf, sizeof buf, "CAD %llu/%02d%s%02d", static_cast<unsigned long long>(serial),
                    d.day, kMonths[static_cast<size_t>(d.month - 1)].data(), d.year % 100);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%s%02d%06llu", prefix.c_str(), d.year % 100,
                    static_cast<unsigned long long>(serial));
      break;
  }
  return buf;
}

}  // namespace threadline::synth
