#pragma once
// What the whole-program benchmarks share: a failed setup step stops the run
// with the step named, since a benchmark of a broken fixture measures nothing.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "domain/result.hpp"

namespace threadline::bench {

[[noreturn]] inline void Fail(const std::string& what, const Error& error) {
  std::fprintf(stderr, "benchmark setup failed: %s: %s %s\n", what.c_str(), error.message.c_str(),
               error.log_detail.c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> result, const std::string& what) {
  if (!result.ok()) Fail(what, result.error());
  return std::move(*result);
}

inline void Must(const Status& status, const std::string& what) {
  if (!status.ok()) Fail(what, status.error());
}

}  // namespace threadline::bench
