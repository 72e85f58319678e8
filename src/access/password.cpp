#include "access/password.hpp"

#include <sodium.h>

#include "domain/awaiter.hpp"

namespace threadline::access {
namespace {
bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}
}  // namespace

// Argon2id, 8 passes over 64 MiB (libsodium's interactive memory; its
// interactive ops limit is 2). bench/password_benchmark.cpp, medians of 7 to
// 9 repetitions on a 2-core AMD EPYC build machine shared with other work:
//   verify, 64 MiB:  ops 2 (interactive) 88 ms, ops 4 142 ms, ops 6 210 ms,
//                    ops 7 227 ms, ops 8 (chosen) 258-279 ms (hash 243-270 ms)
//   other shapes:    ops 2 over 128 MiB 175-181 ms; ops 3 over 256 MiB
//                    (libsodium's moderate) 536-545 ms
// More passes rather than more memory reach the target while the memory per
// sign-in stays bounded (every concurrent verification holds 64 MiB). Hashes
// record their own cost, so raising it later leaves existing hashes valid.
// On a server fiber both run aside (domain/awaiter.hpp), off the thread
// that serves the fiber's connection and others.
PasswordCost DefaultPasswordCost() { return {8, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }

PasswordCost MinimumPasswordCost() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  if (!InitSodium()) return Internal("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  int failed = 0;
  RunAside([&] {
    failed = crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops_limit,
                                   cost.mem_limit, crypto_pwhash_ALG_ARGON2ID13);
  });
  if (failed != 0) return Internal("argon2id hashing ran out of memory");
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  if (!InitSodium() || encoded.empty()) return false;
  bool ok = false;
  RunAside([&] {
    ok = crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
  });
  return ok;
}

std::string RandomPassword() {
  InitSodium();
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) {
    out += kAlphabet[randombytes_uniform(sizeof(kAlphabet) - 1)];
  }
  return out;
}

}  // namespace threadline::access
