#include "screening/render.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "screening/json_text.hpp"

namespace threadline::screening {
namespace {

namespace json = boost::json;

// Reading back: throws std::exception on a wrong shape; ResultFromJson
// catches at the boundary.
std::string Str(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  return v == nullptr ? std::string() : std::string(v->as_string());
}

std::vector<std::string> StrList(const json::object& o, std::string_view k) {
  std::vector<std::string> out;
  if (const json::value* v = o.if_contains(k)) {
    for (const auto& s : v->as_array()) out.emplace_back(s.as_string());
  }
  return out;
}

// Identifiers and catalogue text come back interned (symbol.hpp): the
// result must not point into `v`, which the caller may drop at once.
Symbol Sym(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  return v == nullptr ? Symbol() : Symbol::Intern(v->as_string());
}

std::vector<Symbol> SymList(const json::object& o, std::string_view k) {
  std::vector<Symbol> out;
  if (const json::value* v = o.if_contains(k)) {
    for (const auto& s : v->as_array()) out.push_back(Symbol::Intern(s.as_string()));
  }
  return out;
}

std::vector<Reason> ReasonsFrom(const json::object& o) {
  std::vector<Reason> out;
  for (const auto& r : o.at("reasons").as_array()) {
    const auto& ro = r.as_object();
    out.push_back({Sym(ro, "rule_id"), Str(ro, "text"), SymList(ro, "questions")});
  }
  return out;
}

Tri TriFrom(std::string_view s) {
  return s == "yes" ? Tri::kYes : (s == "no" ? Tri::kNo : Tri::kUnknown);
}

RiskAssessment RiskFrom(const json::object& o) {
  RiskAssessment r;
  const std::string level = Str(o, "level");
  r.level = level == "high" ? RiskLevel::kHigh
                            : (level == "medium" ? RiskLevel::kMedium : RiskLevel::kStandard);
  r.drivers = StrList(o, "drivers");
  r.yes_count = static_cast<int>(o.at("yes_count").as_int64());
  r.unknown_count = static_cast<int>(o.at("unknown_count").as_int64());
  for (const auto& i : o.at("items").as_array()) {
    const auto& io = i.as_object();
    const auto rule = FindRiskItem(io.at("id").as_string());
    if (!rule) throw std::invalid_argument("unknown risk item");
    r.items.push_back({RiskItemId(*rule), Info(*rule).description, TriFrom(Str(io, "answer"))});
  }
  r.reasons = ReasonsFrom(o);
  return r;
}

void Wrap(std::string& out, std::string_view prefix, std::string_view text) {
  constexpr size_t kWidth = 96;
  std::string line(prefix);
  const std::string indent(prefix.size(), ' ');
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(pos, end - pos);
    if (line.size() + word.size() + 1 > kWidth && line.size() > indent.size()) {
      out += line + "\n";
      line = indent;
    }
    if (line.size() > indent.size()) line += ' ';
    line += word;
    pos = end + 1;
  }
  out += line + "\n";
}

}  // namespace

std::string ToJsonText(const ScreeningResult& r) {
  std::string out;
  out.reserve(8192);  // a typical result, so the text is not copied as it grows
  internal::JsonText w(out);
  const auto strings = [&w](std::string_view name, const auto& list) {
    w.Key(name);
    w.BeginArray();
    for (const auto& s : list) w.String(std::string_view(s));
    w.EndArray();
  };
  // An array of objects, `members` writing each one's.
  const auto objects = [&w](std::string_view name, const auto& list, const auto& members) {
    w.Key(name);
    w.BeginArray();
    for (const auto& item : list) {
      w.BeginObject();
      members(item);
      w.EndObject();
    }
    w.EndArray();
  };
  const auto reasons = [&](const std::vector<Reason>& list) {
    objects("reasons", list, [&](const Reason& reason) {
      w.Member("rule_id", reason.rule_id.view());
      w.Member("text", reason.text);
      strings("questions", reason.questions);
    });
  };
  w.BeginObject();
  w.Member("questionnaire_version", r.questionnaire_version);
  w.Member("rules_version", r.rules_version);
  w.Member("principal", r.principal().code.view());
  objects("classifications", r.classifications, [&](const Classification& c) {
    w.Member("code", c.code.view());
    w.Member("ho_class", c.ho_class.view());
    w.Member("label", c.label.view());
    w.Member("legislation", c.legislation.view());
    w.Key("principal");
    w.Bool(c.principal);
    reasons(c.reasons);
  });
  objects("offences", r.offences, [&](const OffenceStatus& o) {
    w.Member("code", o.code.view());
    w.Member("status", TriName(o.status));
  });
  objects("possible", r.possible, [&](const PossibleClassification& p) {
    w.Member("code", p.code.view());
    w.Member("ho_class", p.ho_class.view());
    strings("questions", p.questions);
    w.Member("text", p.text);
  });
  strings("settle_questions", r.settle_questions);
  objects("counting", r.counting, [&](const CountingAdvice& c) {
    w.Member("rule_id", c.rule_id.view());
    w.Member("code", c.code.view());
    w.Member("crime_reference", c.crime_reference);
    w.Member("incident", c.incident);
    w.Member("from", c.from.view());
    w.Member("to", c.to.view());
    w.Member("text", c.text);
  });
  w.Key("risk");
  w.BeginObject();
  w.Member("level", RiskLevelName(r.risk.level));
  strings("drivers", r.risk.drivers);
  w.Key("yes_count");
  w.Int(r.risk.yes_count);
  w.Key("unknown_count");
  w.Int(r.risk.unknown_count);
  objects("items", r.risk.items, [&](const auto& i) {
    w.Member("id", i.id);
    w.Member("label", i.label);
    w.Member("answer", TriName(i.answer));
  });
  reasons(r.risk.reasons);
  w.EndObject();
  objects("actions", r.actions, [&](const Action& a) {
    w.Member("code", a.code.view());
    w.Member("text", a.text.view());
    w.Member("why", a.why.view());
  });
  strings("overrides", r.overrides);
  w.EndObject();
  return out;
}

json::value ToJson(const ScreeningResult& r) { return json::parse(ToJsonText(r)); }

Result<ScreeningResult> ResultFromJson(const json::value& v) {
  try {
    const auto& o = v.as_object();
    ScreeningResult r;
    r.questionnaire_version = Str(o, "questionnaire_version");
    r.rules_version = Str(o, "rules_version");
    for (const auto& c : o.at("classifications").as_array()) {
      const auto& co = c.as_object();
      r.classifications.push_back({Sym(co, "code"), Sym(co, "ho_class"), Sym(co, "label"),
                                   Sym(co, "legislation"), co.at("principal").as_bool(),
                                   ReasonsFrom(co)});
    }
    if (r.classifications.empty()) return InvalidArgument("a result needs a classification");
    for (const auto& p : o.at("possible").as_array()) {
      const auto& po = p.as_object();
      r.possible.push_back(
          {Sym(po, "code"), Sym(po, "ho_class"), SymList(po, "questions"), Str(po, "text")});
    }
    for (const auto& x : o.at("offences").as_array()) {
      const auto& xo = x.as_object();
      r.offences.push_back({Sym(xo, "code"), TriFrom(Str(xo, "status"))});
    }
    r.settle_questions = StrList(o, "settle_questions");
    for (const auto& c : o.at("counting").as_array()) {
      const auto& co = c.as_object();
      r.counting.push_back({Sym(co, "rule_id"), Sym(co, "code"), Str(co, "crime_reference"),
                            Str(co, "incident"), Sym(co, "from"), Sym(co, "to"), Str(co, "text")});
    }
    r.risk = RiskFrom(o.at("risk").as_object());
    for (const auto& a : o.at("actions").as_array()) {
      const auto& ao = a.as_object();
      r.actions.push_back({Sym(ao, "code"), Sym(ao, "text"), Sym(ao, "why")});
    }
    r.overrides = StrList(o, "overrides");
    return r;
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("not a screening result: ") + e.what());
  }
}

json::value ToJson(const ResultDiff& diff) {
  json::array a;
  for (const auto& c : diff.changes) {
    a.push_back(json::object{{"kind", c.kind},
                             {"subject", c.subject},
                             {"from", c.from},
                             {"to", c.to},
                             {"text", c.text}});
  }
  return a;
}

json::value ToJson(const Rescreening& r, const Questionnaire& qn) {
  return json::object{{"answers", AnswersToJson(qn, r.answers)},
                      {"result", ToJson(r.result)},
                      {"changes", ToJson(r.changes)}};
}

std::string ToText(const ScreeningResult& r) {
  std::string out;
  out += "Screening (questionnaire " + r.questionnaire_version + ", " + r.rules_version + ")\n\n";
  for (const auto& c : r.classifications) {
    out += c.principal ? "PRINCIPAL: " : "INCLUDED:  ";
    out += c.code;
    if (!c.ho_class.empty()) out += " [" + std::string(c.ho_class) + "]";
    out += " - " + std::string(c.label) + "\n";
    if (!c.legislation.empty()) out += "           " + std::string(c.legislation) + "\n";
    for (const auto& reason : c.reasons) {
      Wrap(out, "  - ", std::string(reason.rule_id) + ": " + reason.text);
    }
  }
  if (!r.possible.empty()) {
    out += "\nOPEN QUESTIONS\n";
    for (const auto& p : r.possible) Wrap(out, "  - ", p.text);
  }
  out += "\nCRIME RECORDING\n";
  for (const auto& c : r.counting) Wrap(out, "  - ", c.text);
  out += "\nRISK: " + std::string(RiskLevelName(r.risk.level));
  if (!r.risk.drivers.empty()) {
    out += " (driven by ";
    for (size_t i = 0; i < r.risk.drivers.size(); ++i) out += (i ? ", " : "") + r.risk.drivers[i];
    out += ")";
  }
  out += "\n";
  for (const auto& reason : r.risk.reasons) Wrap(out, "  - ", reason.text);
  out += "\nACTIONS\n";
  for (const auto& a : r.actions)
    Wrap(out, "  [ ] ", std::string(a.code) + ": " + std::string(a.text));
  if (!r.overrides.empty()) {
    out += "\nSUPERVISOR OVERRIDES\n";
    for (const auto& o : r.overrides) Wrap(out, "  - ", o);
  }
  return out;
}

std::string ToText(const ResultDiff& diff) {
  if (diff.empty()) return "No change.\n";
  std::string out;
  for (const auto& c : diff.changes) Wrap(out, "  * ", c.text);
  return out;
}

}  // namespace threadline::screening
