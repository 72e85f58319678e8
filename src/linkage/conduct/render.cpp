#include "linkage/conduct/render.hpp"

#include <cctype>
#include <cstdio>

#include "domain/datetime.hpp"
#include "linkage/conduct/internal.hpp"

namespace threadline::linkage::conduct {
namespace {

namespace json = boost::json;

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

json::object RefJson(const ReportRef& r) {
  return {{"id", r.id},
          {"force", r.force_code},
          {"reference", r.reference},
          {"occurred_at", r.occurred_at},
          {"recorded_as", r.recorded_as}};
}

json::object LinkJson(const Link& l) {
  // Rounded so the rendering is stable and readable.
  const double strength = static_cast<double>(static_cast<int64_t>(l.strength * 1000 + 0.5)) / 1000;
  return {{"kind", l.kind},         {"report_a", l.report_a}, {"report_b", l.report_b},
          {"person_a", l.person_a}, {"person_b", l.person_b}, {"detail", l.detail},
          {"strength", strength}};
}

json::array Links(const std::vector<Link>& links) {
  json::array out;
  for (const auto& l : links) out.push_back(LinkJson(l));
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace

json::object ToJson(const Finding& f) {
  json::array reports, reasons, recs;
  for (const auto& r : f.reports) reports.push_back(RefJson(r));
  for (const auto& r : f.reasons) reasons.push_back({{"rule_id", r.rule_id}, {"text", r.text}});
  for (const auto& r : f.recommendations) {
    recs.push_back({{"action", r.action},
                    {"reference", r.reference},
                    {"from", r.from},
                    {"to", r.to},
                    {"text", r.text}});
  }
  return {{"id", f.id},
          {"type", FindingTypeName(f.type)},
          {"course_id", f.course_id},
          {"suspect", f.suspect},
          {"victims", Strings(f.victims)},
          {"forces", Strings(f.forces)},
          {"reports", std::move(reports)},
          {"links", Links(f.links)},
          {"reasons", std::move(reasons)},
          {"recommendations", std::move(recs)}};
}

json::object ToJson(const Course& c, const Input& input) {
  json::array reports;
  for (uint32_t r : c.reports) reports.push_back(RefJson(internal::RefOf(input.reports[r])));
  return {{"id", c.id},
          {"suspect", c.suspect},
          {"victim", c.victim},
          {"occasions", c.occasions},
          {"first", domain::FormatTimestamp(c.first_s)},
          {"last", domain::FormatTimestamp(c.last_s)},
          {"reports", std::move(reports)},
          {"links", Links(c.links)}};
}

json::object ToJson(const Grouping& g, std::span<const Finding> findings, const Input& input) {
  json::array courses, one_offs, skipped, out;
  for (const auto& c : g.courses) courses.push_back(ToJson(c, input));
  for (uint32_t r : g.one_offs) one_offs.emplace_back(input.reports[r].id);
  for (const auto& s : g.skipped) {
    skipped.push_back({{"report", input.reports[s.report].id}, {"reason", s.reason}});
  }
  for (const auto& f : findings) out.push_back(ToJson(f));
  return {{"courses", std::move(courses)},
          {"one_offs", std::move(one_offs)},
          {"skipped", std::move(skipped)},
          {"findings", std::move(out)}};
}

std::string ToText(const Finding& f) {
  std::string out = Upper(FindingTypeName(f.type)) + " " + f.id + "\n";
  out += "  suspect: " + f.suspect + "\n";
  out += "  victims:";
  for (const auto& v : f.victims) out += " " + v;
  out += "\n  forces:";
  for (const auto& x : f.forces) out += " " + x;
  out += "\n  reports:\n";
  for (const auto& r : f.reports) {
    out += "    " + internal::DayOf(r.occurred_at) + "  " + r.force_code + "  " +
           (r.reference.empty() ? r.id : r.reference) + "  " + r.recorded_as + "\n";
  }
  for (const auto& r : f.reasons) out += "  - " + r.text + " [" + r.rule_id + "]\n";
  for (const auto& r : f.recommendations) out += "  -> " + r.text + "\n";
  if (!f.links.empty()) {
    out += "  links:\n";
    for (const auto& l : f.links) {
      char strength[16];
      std::snprintf(strength, sizeof strength, "%.2f", l.strength);
      out += "    " + l.kind + " " + l.report_a + " ~ " + l.report_b + " (" + l.detail +
             ", strength " + strength + ")\n";
    }
  }
  return out;
}

}  // namespace threadline::linkage::conduct
