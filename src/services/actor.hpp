#pragma once
// Who is asking: every use case takes the actor so it can check access and
// write the audit record (who, which agency, from where, which request).

#include <string>

#include "domain/ids.hpp"

namespace threadline::services {

struct Actor {
  domain::Id user_id;    // empty for the system itself (imports, seeding)
  domain::Id agency_id;  // the actor's agency
  std::string role;
  std::string request_id;
  std::string source;  // remote address, or "cli"

  static Actor System(std::string source) { return {"", "", "system", "", std::move(source)}; }
};

}  // namespace threadline::services
