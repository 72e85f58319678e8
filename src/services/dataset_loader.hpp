#pragma once
// Loads a generated (synthetic) dataset into the store, in batches so a
// national year of reports loads in seconds. Each batch is one transaction:
// a failure leaves the batches before it loaded and nothing of its own.

#include <cstddef>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct DatasetCounts {
  size_t persons = 0;
  size_t reports = 0;
  size_t outcomes = 0;
};

// Persons first, then reports (which refer to them), then outcomes.
Result<DatasetCounts> LoadDataset(store::Store& store, const std::vector<domain::Person>& persons,
                                  const std::vector<domain::Report>& reports,
                                  const std::vector<domain::Outcome>& outcomes,
                                  size_t batch_size = 5000);

}  // namespace threadline::services
