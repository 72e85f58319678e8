#include "access/totp.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <algorithm>
#include <array>

namespace threadline::access {
namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15U];
    }
  }
  return out;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char ch : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 31U];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 31U];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  const size_t first_pad = text.find('=');
  std::string_view data = text.substr(0, first_pad);
  if (first_pad != std::string_view::npos) {
    // Padding, when present, runs to the end and completes a block of 8.
    const std::string_view pad = text.substr(first_pad);
    if (pad.find_first_not_of('=') != std::string_view::npos || text.size() % 8 != 0) {
      return std::nullopt;
    }
  }
  // A last block of 1, 3 or 6 characters cannot come from whole bytes.
  const size_t tail = data.size() % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  std::string out;
  out.reserve(data.size() * 5 / 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : data) {
    const int v = Base32Value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFFU);
      bits -= 8;
    }
  }
  return out;
}

std::string NewTotpSecret() {
  if (sodium_init() < 0) return {};
  std::array<unsigned char, 20> key{};
  randombytes_buf(key.data(), key.size());
  std::string secret =
      Base32Encode(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  sodium_memzero(key.data(), key.size());
  return secret;
}

std::string HotpCode(std::string_view key, uint64_t counter, int digits) {
  digits = std::clamp(digits, 6, 9);
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<size_t>(i)] = static_cast<unsigned char>(counter & 0xFFU);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
           mac.data(), &mac_len) == nullptr ||
      mac_len != 20) {
    return {};
  }
  // RFC 4226 section 5.3, dynamic truncation.
  const unsigned offset = mac[19] & 0x0FU;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7FU) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  uint32_t value = binary % modulus;
  std::string code(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    code[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  OPENSSL_cleanse(mac.data(), mac.size());
  return code;
}

std::string TotpCode(std::string_view secret_b32, int64_t unix_seconds) {
  if (unix_seconds < 0) return {};
  const auto key = Base32Decode(secret_b32);
  if (!key || key->empty()) return {};
  return HotpCode(*key, static_cast<uint64_t>(unix_seconds / kTotpStepSeconds));
}

bool VerifyTotp(std::string_view secret_b32, std::string_view code, int64_t unix_seconds,
                int window_steps, int64_t* matched_step) {
  if (code.size() != static_cast<size_t>(kTotpDigits) || unix_seconds < 0) return false;
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const auto key = Base32Decode(secret_b32);
  if (!key || key->empty()) return false;
  window_steps = std::clamp(window_steps, 0, 10);
  const int64_t now_step = unix_seconds / kTotpStepSeconds;
  bool matched = false;
  int64_t step_found = -1;
  // Every candidate is computed and compared, so the time taken does not
  // reveal which step (if any) matched.
  for (int64_t step = now_step - window_steps; step <= now_step + window_steps; ++step) {
    if (step < 0) continue;
    const std::string expected = HotpCode(*key, static_cast<uint64_t>(step));
    const bool equal = expected.size() == code.size() &&
                       CRYPTO_memcmp(expected.data(), code.data(), code.size()) == 0;
    if (equal && !matched) step_found = step;
    matched = matched || equal;
  }
  if (matched && matched_step != nullptr) *matched_step = step_found;
  return matched;
}

std::string TotpUri(std::string_view username, std::string_view secret_b32) {
  // A base32 secret needs no encoding; encoding anyway keeps a bad one from
  // changing the shape of the URI.
  const std::string_view secret = secret_b32.substr(0, secret_b32.find('='));
  return "otpauth://totp/Threadline:" + PercentEncode(username) +
         "?secret=" + PercentEncode(secret) + "&issuer=Threadline";
}

}  // namespace threadline::access
