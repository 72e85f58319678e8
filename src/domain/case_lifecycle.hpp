#pragma once
// The legal moves of every thing on a case that has a status: the case
// itself, actions, protection orders, interventions, advocacy, Victims' Code
// decisions and consents. One table per lifecycle, so an illegal move (a full
// order before an application, reopening what never closed) is refused with
// the moves that are legal, never silently accepted.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::domain {

struct Transition {
  std::string_view event;  // what happens: "apply", "grant_interim", ...
  std::vector<std::string_view> from;
  std::string_view to;
  std::string_view label;  // for the timeline: "interim order granted"
};

class Lifecycle {
 public:
  Lifecycle(std::string_view name, std::string_view initial, std::vector<Transition> transitions)
      : name_(name), initial_(initial), transitions_(std::move(transitions)) {}

  std::string_view name() const { return name_; }
  // The status a new record starts in.
  std::string_view initial() const { return initial_; }
  // Every status the lifecycle can be in.
  std::vector<std::string> Statuses() const;
  bool IsStatus(std::string_view status) const;

  // The transition `event` from `from`; kConflict naming the events allowed
  // from `from` (in Error::allowed) when it is not one; kInvalidArgument for
  // an event this lifecycle does not know at all.
  Result<const Transition*> Apply(std::string_view from, std::string_view event) const;
  std::vector<std::string> AllowedEvents(std::string_view from) const;

 private:
  std::string_view name_;
  std::string_view initial_;
  std::vector<Transition> transitions_;
};

// "case", "action", "order", "intervention", "advocacy", "decision",
// "consent", "evidence"; nullptr for any other name.
const Lifecycle* FindLifecycle(std::string_view name);

}  // namespace threadline::domain
