#pragma once
// Who is asking: every use case takes the actor so it can check access and
// write the audit record (who, which agency, from where, which request).

#include <string>
#include <vector>

#include "domain/ids.hpp"

namespace threadline::services {

struct Actor {
  domain::Id user_id;    // empty for the system itself (imports, seeding)
  domain::Id agency_id;  // the actor's agency
  std::string role;      // a user's role, "service" for an API client, "system", "anonymous"
  std::string request_id;
  std::string source;  // remote address, or "cli"
  // A service account may perform only these actions (its token's scope).
  std::vector<std::string> scoped_actions;

  static Actor System(std::string source) { return {"", "", "system", "", std::move(source), {}}; }
  static Actor Anonymous(std::string request_id, std::string source) {
    return {"", "", "anonymous", std::move(request_id), std::move(source), {}};
  }
  bool is_system() const { return role == "system"; }
  bool is_anonymous() const { return role == "anonymous"; }
};

}  // namespace threadline::services
