#include "domain/case_lifecycle.hpp"

#include <algorithm>
#include <map>

namespace threadline::domain {
namespace {

const std::vector<Lifecycle>& Lifecycles() {
  static const std::vector<Lifecycle> all = {
      Lifecycle(
          "case", "referred",
          {{"triage", {"referred", "open"}, "open", "triaged"},
           {"close_with_advice", {"referred"}, "closed", "closed with advice to the referrer"},
           {"close", {"open"}, "closed", "closed"},
           {"reopen", {"closed"}, "open", "reopened"}}),
      Lifecycle("action", "open",
                {{"complete", {"open"}, "done", "action completed"},
                 {"cancel", {"open"}, "cancelled", "action cancelled"},
                 {"reopen", {"done", "cancelled"}, "open", "action reopened"}}),
      // Stalking Protection Orders and the orders recorded the same way. An
      // order made without an application (bail conditions, an order on
      // conviction) goes straight from considered to full_granted.
      Lifecycle(
          "order", "considered",
          {{"decide_not_to_apply", {"considered"}, "not_pursued", "decided not to apply"},
           {"apply", {"considered"}, "applied", "application made"},
           {"grant_interim", {"applied"}, "interim_granted", "interim order granted"},
           {"refuse_interim", {"applied"}, "interim_refused", "interim order refused"},
           {"grant_full",
            {"considered", "applied", "interim_granted", "interim_refused"},
            "full_granted",
            "full order granted"},
           {"refuse_full",
            {"applied", "interim_granted", "interim_refused"},
            "full_refused",
            "full order refused"},
           {"serve", {"interim_granted", "full_granted"}, "", "order served"},
           {"vary", {"interim_granted", "full_granted"}, "", "order varied"},
           {"renew", {"full_granted"}, "", "order renewed"},
           {"expire", {"interim_granted", "full_granted"}, "expired", "order expired"},
           {"discharge", {"interim_granted", "full_granted"}, "discharged", "order discharged"}}),
      Lifecycle("intervention", "referred",
                {{"start", {"referred"}, "started", "intervention started"},
                 {"decline", {"referred"}, "declined", "intervention declined"},
                 {"complete", {"started"}, "completed", "intervention completed"},
                 {"end", {"started"}, "ended_early", "intervention ended early"}}),
      Lifecycle("advocacy", "offered",
                {{"accept", {"offered"}, "accepted", "advocacy accepted"},
                 {"decline", {"offered"}, "declined", "advocacy declined"},
                 {"allocate", {"accepted"}, "allocated", "advocate allocated"},
                 {"withdraw_consent",
                  {"offered", "accepted", "allocated"},
                  "withdrawn",
                  "consent to advocacy withdrawn"},
                 {"close", {"allocated"}, "closed", "advocacy closed"}}),
      // A Victims' Code clock: the victim must be told of a decision in time.
      Lifecycle("decision", "awaiting",
                {{"inform", {"awaiting"}, "informed", "victim informed of the decision"}}),
      // Consent given, or refused (information then moves only on a recorded
      // lawful basis).
      Lifecycle("consent", "given",
                {{"withdraw", {"given"}, "withdrawn", "consent withdrawn"},
                 {"give", {"refused", "withdrawn"}, "given", "consent given"}}),
      // Chain of custody: every handling is an event on the item.
      Lifecycle("evidence", "held",
                {{"handle", {"held"}, "", "evidence handled"},
                 {"return_to_owner", {"held"}, "returned", "evidence returned"},
                 {"dispose", {"held"}, "disposed", "evidence disposed of"}}),
  };
  return all;
}

}  // namespace

std::vector<std::string> Lifecycle::Statuses() const {
  std::vector<std::string> out{std::string(initial_)};
  for (const auto& t : transitions_) {
    for (const auto& f : t.from) out.emplace_back(f);
    if (!t.to.empty()) out.emplace_back(t.to);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool Lifecycle::IsStatus(std::string_view status) const {
  const auto all = Statuses();
  return std::find(all.begin(), all.end(), status) != all.end();
}

std::vector<std::string> Lifecycle::AllowedEvents(std::string_view from) const {
  std::vector<std::string> out;
  for (const auto& t : transitions_) {
    if (std::find(t.from.begin(), t.from.end(), from) != t.from.end()) out.emplace_back(t.event);
  }
  return out;
}

Result<const Transition*> Lifecycle::Apply(std::string_view from, std::string_view event) const {
  bool known = false;
  for (const auto& t : transitions_) {
    if (t.event != event) continue;
    known = true;
    if (std::find(t.from.begin(), t.from.end(), from) != t.from.end()) return &t;
  }
  if (!known) {
    return InvalidArgument("the request is not valid",
                           {{"event", "is not an event of " + std::string(name_) + " records"}});
  }
  Error e = Conflict("cannot " + std::string(event) + " this " + std::string(name_) + ": it is " +
                     std::string(from));
  e.allowed = AllowedEvents(from);
  if (e.allowed.empty()) {
    e.message += "; nothing more can happen to it";
  } else {
    std::string list;
    for (const auto& a : e.allowed) list += (list.empty() ? "" : ", ") + a;
    e.message += "; allowed now: " + list;
  }
  return e;
}

const Lifecycle* FindLifecycle(std::string_view name) {
  for (const auto& l : Lifecycles()) {
    if (l.name() == name) return &l;
  }
  return nullptr;
}

}  // namespace threadline::domain
