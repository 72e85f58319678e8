#pragma once
// Synthetic data straight into a store: generated with the store's own
// agencies (so ids agree) and loaded in batches.

#include "domain/result.hpp"
#include "refdata/refdata.hpp"
#include "services/dataset_loader.hpp"
#include "store/store.hpp"
#include "synth/synth.hpp"

namespace threadline::services {

Result<DatasetCounts> GenerateIntoStore(store::Store& store, const refdata::RefData& data,
                                        const synth::Config& config);

}  // namespace threadline::services
