#pragma once
// Symbol: an immutable, non-owning reference to identifier or catalogue text
// (rule ids, classification and action codes, Home Office classes, labels,
// question ids) that stays valid until the process exits.
//
// Why: a screening result names dozens of such fixed texts. Copying each into
// a std::string made allocation the largest cost of Classify; a Symbol is two
// words and never allocates.
//
// Contract:
//   * A Symbol only ever points at text with static storage: a string
//     literal (the constructor is consteval, so nothing else gets in), a
//     static catalogue (Static), or the process-wide intern pool (Intern).
//     Copies of results, and parts copied out of them, therefore never
//     dangle, whatever happens to the Screener or JSON they came from.
//   * Intern stores each distinct text once and never frees it. It takes a
//     lock, so the engine calls it only when loading reference data and in
//     ResultFromJson, never per screening; it is meant for identifiers and
//     catalogue text (a small, fixed vocabulary), not for per-report text.
//   * Reads like a string: compares with string_view, std::string and
//     literals, converts implicitly to std::string_view and std::string, and
//     prints with <<.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace threadline::screening {

class Symbol {
 public:
  constexpr Symbol() = default;
  // A string literal.
  template <size_t N>
  consteval Symbol(const char (&literal)[N]) : text_(literal, N - 1) {}  // NOLINT: implicit

  // Text the caller guarantees outlives every use (a static table).
  static constexpr Symbol Static(std::string_view text) { return Symbol(text); }
  // The pooled, process-lifetime copy of `text`. Thread-safe.
  static Symbol Intern(std::string_view text);

  constexpr std::string_view view() const { return text_; }
  constexpr operator std::string_view() const { return text_; }  // NOLINT: implicit
  operator std::string() const { return std::string(text_); }    // NOLINT: implicit

  constexpr const char* data() const { return text_.data(); }
  constexpr size_t size() const { return text_.size(); }
  constexpr bool empty() const { return text_.empty(); }
  constexpr size_t find(std::string_view s, size_t pos = 0) const { return text_.find(s, pos); }

  // One operator serves Symbol, string_view, std::string and literals on
  // either side (C++20 rewrites a == b as b == a).
  friend constexpr bool operator==(Symbol a, std::string_view b) { return a.text_ == b; }
  friend std::ostream& operator<<(std::ostream& os, Symbol s);

 private:
  constexpr explicit Symbol(std::string_view text) : text_(text) {}
  std::string_view text_ = "";
};

}  // namespace threadline::screening
