#include "linkage/conduct/parse.hpp"

#include <string>
#include <vector>

namespace threadline::linkage::conduct {
namespace {

namespace json = boost::json;

// Reads members of one object; the first member of the wrong kind spoils it.
class Reader {
 public:
  explicit Reader(const json::object& object) : object_(object) {}

  std::string String(std::string_view key) {
    const auto* v = object_.if_contains(key);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      ok_ = false;
      return {};
    }
    return std::string(v->get_string());
  }

  double Number(std::string_view key) {
    const auto* v = object_.if_contains(key);
    if (v == nullptr) return 0;
    if (!v->is_number()) {
      ok_ = false;
      return 0;
    }
    return v->to_number<double>();
  }

  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    for (const auto* item : Items(key)) {
      if (!item->is_string()) {
        ok_ = false;
        continue;
      }
      out.emplace_back(item->get_string());
    }
    return out;
  }

  // Each element of an array member that is an object.
  std::vector<const json::object*> Objects(std::string_view key) {
    std::vector<const json::object*> out;
    for (const auto* item : Items(key)) {
      if (!item->is_object()) {
        ok_ = false;
        continue;
      }
      out.push_back(&item->get_object());
    }
    return out;
  }

  bool ok() const { return ok_; }
  void Absorb(const Reader& other) { ok_ = ok_ && other.ok_; }

 private:
  std::vector<const json::value*> Items(std::string_view key) {
    std::vector<const json::value*> out;
    const auto* v = object_.if_contains(key);
    if (v == nullptr) return out;
    if (!v->is_array()) {
      ok_ = false;
      return out;
    }
    for (const auto& item : v->get_array()) out.push_back(&item);
    return out;
  }

  const json::object& object_;
  bool ok_ = true;
};

}  // namespace

std::optional<Finding> FindingFromJson(const json::value& value) {
  if (!value.is_object()) return std::nullopt;
  Reader in(value.get_object());
  Finding f;
  f.id = in.String("id");
  const auto type = ParseFindingType(in.String("type"));
  if (!type) return std::nullopt;
  f.type = *type;
  f.course_id = in.String("course_id");
  f.suspect = in.String("suspect");
  f.victims = in.Strings("victims");
  f.forces = in.Strings("forces");
  for (const auto* o : in.Objects("reports")) {
    Reader r(*o);
    f.reports.push_back({r.String("id"), r.String("force"), r.String("reference"),
                         r.String("occurred_at"), r.String("recorded_as")});
    in.Absorb(r);
  }
  for (const auto* o : in.Objects("links")) {
    Reader l(*o);
    f.links.push_back({l.String("kind"), l.String("report_a"), l.String("report_b"),
                       l.String("person_a"), l.String("person_b"), l.String("detail"),
                       l.Number("strength")});
    in.Absorb(l);
  }
  for (const auto* o : in.Objects("reasons")) {
    Reader r(*o);
    f.reasons.push_back({r.String("rule_id"), r.String("text")});
    in.Absorb(r);
  }
  for (const auto* o : in.Objects("recommendations")) {
    Reader r(*o);
    f.recommendations.push_back({r.String("action"), r.String("reference"), r.String("from"),
                                 r.String("to"), r.String("text")});
    in.Absorb(r);
  }
  if (!in.ok()) return std::nullopt;
  return f;
}

}  // namespace threadline::linkage::conduct
