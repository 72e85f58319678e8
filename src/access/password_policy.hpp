#pragma once
// The rules a new password must meet, after NIST SP 800-63B: long enough, not
// absurdly long, not the username, not a well-known password. No composition
// rules (they make passwords harder to remember, not harder to guess).

#include <string_view>

#include "domain/result.hpp"

namespace threadline::access {

// Shortest password accepted, in Unicode code points.
inline constexpr size_t kMinPasswordCodePoints = 12;
// Longest password accepted, in bytes of UTF-8 (argon2id takes any length;
// this only bounds the work one request can ask for).
inline constexpr size_t kMaxPasswordBytes = 256;

// Ok, or kInvalidArgument naming the first rule the password breaks:
//   - it must be valid UTF-8 of at least kMinPasswordCodePoints code points
//     and at most kMaxPasswordBytes bytes;
//   - it must not equal or contain `username` (compared without regard to
//     ASCII case; an empty username is not checked);
//   - it must not be on the bundled list of common passwords (again without
//     regard to ASCII case).
// The messages never repeat the password.
Status CheckNewPassword(std::string_view password, std::string_view username);

// True when `password` is on the bundled common-password list (ASCII case
// ignored).
bool IsCommonPassword(std::string_view password);

}  // namespace threadline::access
