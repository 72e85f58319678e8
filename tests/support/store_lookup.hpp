#pragma once
// What tests that build their data straight into a store look up in it.

#include <gtest/gtest.h>

#include <string>

#include "store/store.hpp"

namespace threadline::testing {

// The id of the seeded agency with `code`; a failed test (and an empty id)
// when there is none.
inline domain::Id AgencyIdByCode(store::Store& store, const std::string& code) {
  domain::Id id;
  EXPECT_TRUE(store
                  .Read([&](store::ReadTx& tx) {
                    auto a = tx.GetAgencyByCode(code);
                    if (a.ok()) id = a->id;
                    return a.status();
                  })
                  .ok())
      << "no agency " << code;
  return id;
}

}  // namespace threadline::testing
