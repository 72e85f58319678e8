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

// The cost used for real accounts (libsodium's "interactive" limits).
PasswordCost DefaultPasswordCost();

// Hashes `password`; fails only if libsodium cannot initialise or allocate.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);

// True when `password` matches `encoded` (constant-time comparison inside
// libsodium). A malformed `encoded` never matches.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// A random password for demo accounts: 20 characters from an unambiguous
// alphabet.
std::string RandomPassword();

}  // namespace threadline::access
