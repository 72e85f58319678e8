#pragma once
// Time-based one-time passwords (RFC 6238, as authenticator apps use them):
// HMAC-SHA1, 6 digits, a 30-second step, the shared secret written in RFC 4648
// base32. Pure functions apart from NewTotpSecret, which draws random bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace threadline::access {

inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpStepSeconds = 30;

// RFC 4648 base32 (alphabet A-Z 2-7), padded with '=' to a multiple of 8.
std::string Base32Encode(std::string_view bytes);
// The bytes of `text`, or nullopt when it is not base32. Letters may be in
// either case; the '=' padding may be present (then it must be complete) or
// left off.
std::optional<std::string> Base32Decode(std::string_view text);

// A new shared secret: 20 random bytes (the HMAC-SHA1 key size RFC 4226
// recommends), base32 without padding (32 characters).
std::string NewTotpSecret();

// RFC 4226 HOTP of `counter` under the raw `key`, as `digits` (6 to 9)
// decimal digits with leading zeros.
std::string HotpCode(std::string_view key, uint64_t counter, int digits = kTotpDigits);

// The 6-digit code for `unix_seconds`; empty when `secret_b32` is not base32
// or the time is before 1970.
std::string TotpCode(std::string_view secret_b32, int64_t unix_seconds);

// True when `code` is exactly 6 ASCII digits and equals the code of one of the
// time steps within `window_steps` (clamped to 0..10) of `unix_seconds`, so a
// clock drift of that many steps either way is tolerated. Every candidate is
// compared in constant time. A code may be replayed within its window: a
// caller that signs people in records `*matched_step` (the RFC 6238 time step
// counter that matched) and refuses a step it has already accepted.
bool VerifyTotp(std::string_view secret_b32, std::string_view code, int64_t unix_seconds,
                int window_steps = 1, int64_t* matched_step = nullptr);

// The provisioning URI an authenticator app reads from a QR code:
// otpauth://totp/Threadline:USER?secret=SECRET&issuer=Threadline, with the
// user name percent-encoded and any '=' padding dropped from the secret.
std::string TotpUri(std::string_view username, std::string_view secret_b32);

}  // namespace threadline::access
