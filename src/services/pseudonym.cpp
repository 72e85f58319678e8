#include "services/pseudonym.hpp"

#include "access/session_token.hpp"

namespace threadline::services {

Pseudonymiser::Pseudonymiser() : key_(access::NewSecretToken()) {}

const Pseudonymiser& Pseudonymiser::ForThisProcess() {
  static const Pseudonymiser instance;
  return instance;
}

std::string Pseudonymiser::operator()(std::string_view kind, std::string_view value) const {
  if (value.empty()) return {};
  const std::string keyed = key_ + "\x1f" + std::string(kind) + "\x1f" + std::string(value);
  return std::string(kind) + "-" + access::HashToken(keyed).substr(0, 16);
}

}  // namespace threadline::services
