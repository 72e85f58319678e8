#pragma once
// Filling a database with the programme's demo cases, shared by `threadline
// demo` and `threadline synth --db`: the demo staff accounts walk referrals
// of synthetic reports through triage, plans, orders, advocacy and a clinic.

#include <cstddef>
#include <cstdint>

#include "store/store.hpp"

namespace threadline::app {

// Walks up to `count` cases from the Met's reports that occurred in
// [from, to) (Unix seconds), once: a database that has cases is left alone.
// The demo staff accounts must exist. Prints what it made; exits the
// command on a failure.
void FillWithDemoCases(store::Store& store, size_t count, int64_t from, int64_t to);

}  // namespace threadline::app
