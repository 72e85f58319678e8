#include "services/dataset_loader.hpp"

#include <algorithm>

namespace threadline::services {
namespace {

template <typename T, typename Insert>
Status LoadInBatches(store::Store& store, const std::vector<T>& rows, size_t batch_size,
                     Insert insert) {
  for (size_t start = 0; start < rows.size(); start += batch_size) {
    const size_t end = std::min(rows.size(), start + batch_size);
    Status s = store.Write([&](store::WriteTx& tx) -> Status {
      for (size_t i = start; i < end; ++i) {
        if (Status st = insert(tx, rows[i]); !st.ok()) return st;
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<DatasetCounts> LoadDataset(store::Store& store, const std::vector<domain::Person>& persons,
                                  const std::vector<domain::Report>& reports,
                                  const std::vector<domain::Outcome>& outcomes, size_t batch_size) {
  if (batch_size == 0) return InvalidArgument("batch size must be positive");
  if (Status s = LoadInBatches(
          store, persons, batch_size,
          [](store::WriteTx& tx, const domain::Person& p) { return tx.InsertPerson(p); });
      !s.ok()) {
    return s.error();
  }
  if (Status s = LoadInBatches(
          store, reports, batch_size,
          [](store::WriteTx& tx, const domain::Report& r) { return tx.InsertReport(r); });
      !s.ok()) {
    return s.error();
  }
  if (Status s = LoadInBatches(
          store, outcomes, batch_size,
          [](store::WriteTx& tx, const domain::Outcome& o) { return tx.InsertOutcome(o); });
      !s.ok()) {
    return s.error();
  }
  return DatasetCounts{persons.size(), reports.size(), outcomes.size()};
}

}  // namespace threadline::services
