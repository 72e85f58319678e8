#include "domain/ids.hpp"
#include "synth/random.hpp"
#include "synth/synth.hpp"

namespace threadline::synth {

Result<std::vector<domain::Agency>> MakeAgencies(const refdata::RefData& refdata, uint64_t seed) {
  const auto content = refdata.Read("agencies.csv");
  if (!content) return Internal("synth: missing reference file agencies.csv");
  // A stream of its own, so agency ids do not depend on how much data follows.
  Rng rng(seed ^ 0xA6E5C1E5ULL);
  // Agencies are "created" at a fixed instant (2020-01-01T00:00:00Z), one
  // millisecond apart, so their ids sort in file order.
  constexpr int64_t kCreatedMs = 1'577'836'800'000;
  std::vector<domain::Agency> out;
  for (const auto& row : refdata::ParseSimpleTable(*content)) {
    if (row.size() != 4) return Internal("synth: bad row in agencies.csv");
    domain::Agency agency;
    agency.id = domain::NextId(kCreatedMs + static_cast<int64_t>(out.size()), rng.engine());
    agency.code = row[0];
    agency.name = row[1];
    agency.kind = row[2];
    agency.region = row[3];
    out.push_back(std::move(agency));
  }
  if (out.empty()) return Internal("synth: agencies.csv is empty");
  return out;
}

}  // namespace threadline::synth
