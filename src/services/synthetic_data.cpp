#include "services/synthetic_data.hpp"

namespace threadline::services {

Result<DatasetCounts> GenerateIntoStore(store::Store& store, const refdata::RefData& data,
                                        const synth::Config& config) {
  std::vector<domain::Agency> agencies;
  const Status read = store.Read([&](store::ReadTx& tx) {
    auto a = tx.ListAgencies();
    if (a.ok()) agencies = std::move(*a);
    return a.status();
  });
  if (!read.ok()) return read.error();
  auto dataset = synth::Generate(config, data, agencies);
  if (!dataset.ok()) return dataset.error();
  return LoadDataset(store, dataset->persons, dataset->reports, dataset->outcomes);
}

}  // namespace threadline::services
