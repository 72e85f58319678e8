#pragma once
// The one small error vocabulary of Threadline.
//
// Expected failures (bad input, unknown ids, conflicts) travel as values:
// `Status` for calls that return nothing, `Result<T>` for calls that return a
// value. Exceptions are only caught at library boundaries that throw (SQLite
// wrappers, Boost.JSON) and translated there. Programmer errors are asserts.
//
// When to use which code (and what a client may retry):
//   kInvalidArgument    the request itself is wrong; do not retry unchanged.
//   kNotFound           no such record *that the caller may see*; never
//                       distinguishes "absent" from "not yours".
//   kUnauthenticated    no valid credentials; log in and retry.
//   kPermissionDenied   authenticated but not allowed; do not retry.
//   kConflict           state changed underneath (version mismatch, illegal
//                       transition, duplicate); re-read and decide.
//   kTooLarge           the body or a field exceeds a limit.
//   kRateLimited        too many attempts; retry after a pause.
//   kUnavailable        a dependency (database) is down; retry with back-off.
//   kInternal           a bug or an unexpected failure; the detail is logged,
//                       never sent to the client.

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace threadline {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kUnauthenticated,
  kPermissionDenied,
  kConflict,
  kTooLarge,
  kRateLimited,
  kUnavailable,
  kInternal,
};

// A problem with one field of the input, named by a JSON-pointer-like path
// ("parties/0/role").
struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  // Safe to show a client: never personal data, never SQL.
  std::string message;
  std::vector<FieldError> fields;
  // For the log only (SQLite message, stack of context).
  std::string log_detail;
  // For kConflict from a lifecycle: what may be done from the current state,
  // so a client can offer the legal choices.
  std::vector<std::string> allowed;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}, {}, {}};
}
inline Error InvalidArgument(std::string message, std::vector<FieldError> fields = {}) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(fields), {}, {}};
}
inline Error NotFound(std::string message) {
  return MakeError(ErrorCode::kNotFound, std::move(message));
}
inline Error Unauthenticated(std::string message) {
  return MakeError(ErrorCode::kUnauthenticated, std::move(message));
}
inline Error PermissionDenied(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message));
}
inline Error RateLimited(std::string message) {
  return MakeError(ErrorCode::kRateLimited, std::move(message));
}
inline Error Conflict(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message));
}
inline Error Internal(std::string log_detail) {
  return Error{ErrorCode::kInternal, "internal error", {}, std::move(log_detail), {}};
}
inline Error Unavailable(std::string log_detail) {
  return Error{ErrorCode::kUnavailable, "service unavailable", {}, std::move(log_detail), {}};
}

// Status: success, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  static Status Ok() { return {}; }

  bool ok() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

// Result<T>: a value, or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(v_);
  }
  Status status() const { return ok() ? Status::Ok() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace threadline
