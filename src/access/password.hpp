#pragma once
// Password hashing with argon2id (libsodium). The encoded hash carries its
// own parameters, so they can be raised later without breaking old hashes.

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace threadline::access {

struct PasswordCost {
  unsigned long long ops_limit;
  size_t mem_limit;
};

// The cost used for real accounts: argon2id over 64 MiB (libsodium's
// "interactive" memory) with more passes than libsodium's interactive 2, so
// one verification takes about a quarter of a second on a current server
// core. The figures behind the choice are in password.cpp and come from
// bench/password_benchmark.cpp.
PasswordCost DefaultPasswordCost();

// libsodium's smallest argon2id cost (1 pass over 8 KiB): hashes in
// microseconds and protects almost nothing. ONLY for throwaway test and demo
// databases whose passwords are not secret; never for a real account.
PasswordCost MinimumPasswordCost();

// Hashes `password`; fails only if libsodium cannot initialise or allocate.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);

// True when `password` matches `encoded` (constant-time comparison inside
// libsodium). A malformed `encoded` never matches.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// A random password for demo accounts: 20 characters from an unambiguous
// alphabet.
std::string RandomPassword();

}  // namespace threadline::access
