#pragma once
// The public self-referral: a victim of stalking, or someone on their
// behalf, asks the programme for help without signing in.
//
// Promises:
//  - a referral opens a case with source "self" in the status of every new
//    referral, held by the receiving agency of the area named (a table in the
//    reference data, referrals/self-referral-areas.csv, not code), so it
//    waits in that agency's triage queue;
//  - what is happening is the case's referral reason; who refers, since
//    when, the danger, the area, the contact details and the consent are a
//    "self_referral" item, the safe-contact preferences a "safe_contact"
//    item and the consent a "consent" item: all sealed at rest like every
//    referral reason and item body, all written in one transaction with
//    their timeline events and audit entries, whose actor is the public
//    (no user, no agency, the client's address and request id);
//  - the answer is the reference and what happens next, never anything the
//    caller sent, and nothing of the case can be read back without signing
//    in;
//  - each client address may try at most `per_address_per_hour` times in
//    any hour (valid or not); Admit() says how long to wait beyond that;
//  - invalid input writes nothing.

#include <boost/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "refdata/refdata.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "services/rate_limiter.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct SelfReferralOptions {
  int per_address_per_hour = 20;
};

// One area a self-referral may name and who receives it.
struct SelfReferralArea {
  std::string code;  // the police force area's agency code
  std::string name;  // the agency's name, shown on the form
  std::string receiving_agency_code;
};

struct SelfReferralReceipt {
  std::string reference;  // "STK-2026-000042"
  std::vector<std::string> next_steps;
  std::string emergency;  // the 999 advice when immediate danger was indicated, else ""
};

class SelfReferralService {
 public:
  // Reads the area table from `data` and checks every area and receiving
  // agency against the agencies in `store` (a receiving agency must be a
  // police force). kInvalidArgument naming the bad row otherwise.
  static Result<std::unique_ptr<SelfReferralService>> Create(store::Store& store,
                                                             const refdata::RefData& data,
                                                             Clock clock,
                                                             SelfReferralOptions options = {});

  // The areas offered, in the table's order.
  const std::vector<SelfReferralArea>& areas() const { return areas_; }

  // Counts one attempt from the caller's address, whatever it holds; the
  // seconds to wait when the address has used its limit (then nothing may
  // be submitted), else 0. Call before reading the request.
  int64_t Admit(const Actor& actor);

  // Validates and stores one referral from the public form (see
  // docs/cases.md for the fields). `actor` is the anonymous caller, already
  // admitted.
  Result<SelfReferralReceipt> Submit(const Actor& actor, const boost::json::object& input);

  SelfReferralService(store::Store& store, std::vector<SelfReferralArea> areas, Clock clock,
                      SelfReferralOptions options)
      : store_(store),
        areas_(std::move(areas)),
        clock_(std::move(clock)),
        limiter_(options.per_address_per_hour, 3600) {}

 private:
  const SelfReferralArea* FindArea(std::string_view code) const;

  store::Store& store_;
  std::vector<SelfReferralArea> areas_;
  Clock clock_;
  RateLimiter limiter_;
};

}  // namespace threadline::services
