#pragma once
// Record identifiers.
//
// Every record has an opaque, time-ordered identifier: 26 characters of
// Crockford base32 (48 bits of milliseconds since the epoch, then 80 random
// bits), so ids sort by creation time and cannot be guessed from a
// neighbour's id. The domain layer takes the randomness as an argument; the
// caller chooses a secure source (server) or a seeded one (synthetic data).

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace threadline::domain {

using Id = std::string;

// Builds an id from a time and 80 random bits (the top 16 bits of `rand_hi`
// are used, all of `rand_lo`).
Id MakeId(int64_t unix_ms, uint64_t rand_hi, uint64_t rand_lo);

// True when `text` has the shape of an id (26 Crockford base32 characters,
// upper case). Says nothing about whether such a record exists.
bool IsWellFormedId(std::string_view text);

// Generates ids from a clock value and a random engine the caller owns.
template <typename Engine>
Id NextId(int64_t unix_ms, Engine& engine) {
  std::uniform_int_distribution<uint64_t> dist;
  return MakeId(unix_ms, dist(engine), dist(engine));
}

// A fresh id from the wall clock and the operating system's random device.
Id NewId();

}  // namespace threadline::domain
