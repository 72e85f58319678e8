#pragma once
// Writes JSON text straight into a string, in exactly the form
// boost::json::serialize gives (no spaces; the same escapes), without
// building a document first: a screening result is written on every
// screening, and the document cost more than the text. Internal to the
// screening module.

#include <cstdint>
#include <string>
#include <string_view>

namespace threadline::screening::internal {

class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // A member's name; its value follows.
  void Key(std::string_view name);
  void String(std::string_view text);
  void Int(int64_t n);
  void Bool(bool b);

  // Shorthands for a member.
  void Member(std::string_view name, std::string_view text) {
    Key(name);
    String(text);
  }

 private:
  void Open(char c) {
    Separate();
    out_ += c;
    first_ = true;
  }
  void Close(char c) {
    out_ += c;
    first_ = false;
  }
  // A comma before every value but the first of its object or array.
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void Quoted(std::string_view text);

  std::string& out_;
  bool first_ = true;
};

}  // namespace threadline::screening::internal
