#pragma once
// Secrets handed to clients: session tokens, CSRF tokens and service-account
// bearer tokens. 256 random bits, base64url without padding; only a BLAKE2b
// hash of a token is ever stored, so a copy of the database cannot be used
// to sign in.

#include <string>
#include <string_view>

namespace threadline::access {

// 32 random bytes (libsodium), base64url, 43 characters.
std::string NewSecretToken();

// Hex BLAKE2b-256 of the token, for storage and look-up.
std::string HashToken(std::string_view token);

// Constant-time equality for secrets of any length (lengths may leak).
bool SecretEquals(std::string_view a, std::string_view b);

// True when `token` has the shape NewSecretToken produces, so junk is
// refused before any database look-up.
bool IsWellFormedToken(std::string_view token);

}  // namespace threadline::access
