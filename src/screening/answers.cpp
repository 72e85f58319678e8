#include "screening/answers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "domain/datetime.hpp"
#include "domain/text.hpp"
#include "domain/vocabulary.hpp"
#include "screening/json_util.hpp"

namespace threadline::screening {
namespace {

namespace json = boost::json;
using internal::GetBool;
using internal::GetString;
using internal::GetStringArray;

constexpr size_t kMaxHistory = 500;
constexpr size_t kMaxReference = 128;
constexpr std::array<std::string_view, 5> kCrimeStatusNames = {"none", "open", "closed", "charged",
                                                               "cautioned"};

bool ParseTri(std::string_view s, Tri& out) {
  if (s == "yes")
    out = Tri::kYes;
  else if (s == "no")
    out = Tri::kNo;
  else if (s == "unknown")
    out = Tri::kUnknown;
  else
    return false;
  return true;
}

bool ParseMulti(const Question& q, const json::value& v, const std::string& field, AnswerValue& out,
                std::vector<FieldError>& errors) {
  if (!v.is_array()) {
    errors.push_back({field, "must be an array of options (empty for none)"});
    return false;
  }
  uint64_t bits = 0;
  for (const auto& item : v.get_array()) {
    const int idx = item.is_string() ? q.OptionIndex(item.get_string()) : -1;
    if (idx < 0) {
      errors.push_back({field, "contains something that is not an option of this question"});
      return false;
    }
    bits |= uint64_t{1} << idx;
  }
  out = AnswerValue::Multi(bits);
  return true;
}

bool ParseText(const Question& q, const json::value& v, const std::string& field, AnswerValue& out,
               std::vector<FieldError>& errors) {
  if (!v.is_string()) {
    errors.push_back({field, "must be a string"});
    return false;
  }
  const std::string_view s = v.get_string();
  if (s.size() > q.max_length) {
    errors.push_back({field, "is longer than " + std::to_string(q.max_length) + " bytes"});
    return false;
  }
  if (!domain::IsValidUtf8(s) || !domain::HasNoControlCharacters(s)) {
    errors.push_back({field, "must be UTF-8 text without control characters"});
    return false;
  }
  out = AnswerValue::Text(std::string(s));
  return true;
}

std::optional<CrimeStatus> ParseCrimeStatus(std::string_view s) {
  for (size_t i = 0; i < kCrimeStatusNames.size(); ++i) {
    if (kCrimeStatusNames[i] == s) return static_cast<CrimeStatus>(i);
  }
  return std::nullopt;
}

std::string CheckedReference(const json::object& o, std::string_view key, const std::string& f,
                             bool required, std::vector<FieldError>& errors) {
  std::string s = GetString(o, key, f, required, errors);
  if (s.size() > kMaxReference || !domain::IsValidUtf8(s) || !domain::HasNoControlCharacters(s)) {
    errors.push_back({f, "must be text of at most 128 bytes"});
  }
  return s;
}

HistoryIncident ParseHistoryIncident(const json::object& o, const std::string& f,
                                     std::vector<FieldError>& errors) {
  HistoryIncident h;
  h.incident = CheckedReference(o, "incident", f + "/incident", true, errors);
  h.crime_reference = CheckedReference(o, "crime_reference", f + "/crime_reference", false, errors);
  h.occurred_on = GetString(o, "occurred_on", f + "/occurred_on", false, errors);
  if (!h.occurred_on.empty() && !domain::ParseDate(h.occurred_on)) {
    errors.push_back({f + "/occurred_on", "must be a date YYYY-MM-DD"});
  }
  h.recorded_as = GetString(o, "recorded_as", f + "/recorded_as", false, errors, "not_recorded");
  if (!domain::IsCode(domain::RecordedAsCodes(), h.recorded_as)) {
    errors.push_back({f + "/recorded_as", "is not a known recorded-as code"});
  }
  const std::string status = GetString(o, "crime_status", f + "/crime_status", false, errors,
                                       h.crime_reference.empty() ? "none" : "open");
  if (auto s = ParseCrimeStatus(status)) {
    h.crime_status = *s;
  } else {
    errors.push_back({f + "/crime_status", "must be none, open, closed, charged or cautioned"});
  }
  if (h.crime_status != CrimeStatus::kNone && h.crime_reference.empty()) {
    errors.push_back({f + "/crime_reference", "is required when a crime was recorded"});
  }
  h.same_suspect = GetBool(o, "same_suspect", f + "/same_suspect", true, errors);
  h.same_victim = GetBool(o, "same_victim", f + "/same_victim", true, errors);
  const auto codes = GetStringArray(o, "behaviours", f + "/behaviours", errors);
  const auto all = domain::Behaviours();
  for (const auto& c : codes) {
    const auto* b = domain::FindBehaviour(c);
    if (b == nullptr) {
      errors.push_back({f + "/behaviours", "'" + c + "' is not a known behaviour code"});
    } else {
      h.behaviours |= uint32_t{1} << (b - all.data());
    }
  }
  if (const json::value* fear = o.if_contains("fear_of_violence")) {
    if (fear->is_bool()) {
      h.fear_of_violence = FromBool(fear->get_bool());
    } else if (!fear->is_string() || !ParseTri(fear->get_string(), h.fear_of_violence)) {
      errors.push_back({f + "/fear_of_violence", "must be true, false, yes, no or unknown"});
    }
  }
  return h;
}

void ParseHistory(const json::value& v, std::vector<HistoryIncident>& out,
                  std::vector<FieldError>& errors) {
  if (!v.is_array()) {
    errors.push_back({"history", "must be an array of incidents"});
    return;
  }
  if (v.get_array().size() > kMaxHistory) {
    errors.push_back({"history", "has more than 500 incidents"});
    return;
  }
  for (size_t i = 0; i < v.get_array().size(); ++i) {
    const std::string f = "history/" + std::to_string(i);
    const auto& item = v.get_array()[i];
    if (!item.is_object()) {
      errors.push_back({f, "must be an object"});
      continue;
    }
    out.push_back(ParseHistoryIncident(item.get_object(), f, errors));
  }
}

}  // namespace

AnswerValue AnswerValue::Of(Tri t) {
  AnswerValue v;
  v.kind = Kind::kTri;
  v.tri = t;
  return v;
}
AnswerValue AnswerValue::Choice(int option) {
  AnswerValue v;
  v.kind = Kind::kChoice;
  v.choice = option;
  return v;
}
AnswerValue AnswerValue::Multi(uint64_t bits) {
  AnswerValue v;
  v.kind = Kind::kMulti;
  v.bits = bits;
  return v;
}
AnswerValue AnswerValue::Integer(int64_t i) {
  AnswerValue v;
  v.kind = Kind::kInteger;
  v.integer = i;
  return v;
}
AnswerValue AnswerValue::Text(std::string s) {
  AnswerValue v;
  v.kind = Kind::kText;
  v.text = std::move(s);
  return v;
}

std::string_view CrimeStatusName(CrimeStatus s) {
  return kCrimeStatusNames[static_cast<size_t>(s)];
}

Answers EmptyAnswers(const Questionnaire& qn) {
  Answers a;
  a.questionnaire_version = qn.version();
  a.values.resize(qn.questions().size());
  return a;
}

bool ParseAnswerValue(const Questionnaire& qn, int index, const json::value& v,
                      const std::string& field, AnswerValue& out, std::vector<FieldError>& errors) {
  const Question& q = qn.questions()[index];
  switch (q.type) {
    case QuestionType::kYesNoUnknown: {
      Tri t;
      if (!v.is_string() || !ParseTri(v.get_string(), t)) {
        errors.push_back({field, "must be \"yes\", \"no\" or \"unknown\""});
        return false;
      }
      out = AnswerValue::Of(t);
      return true;
    }
    case QuestionType::kSingleChoice: {
      const int idx = v.is_string() ? q.OptionIndex(v.get_string()) : -1;
      if (idx < 0) {
        errors.push_back({field, "must be one of the options of this question"});
        return false;
      }
      out = AnswerValue::Choice(idx);
      return true;
    }
    case QuestionType::kMultiChoice:
      return ParseMulti(q, v, field, out, errors);
    case QuestionType::kInteger:
      if (!v.is_int64() || v.get_int64() < q.min || v.get_int64() > q.max) {
        errors.push_back({field, "must be a whole number from " + std::to_string(q.min) + " to " +
                                     std::to_string(q.max)});
        return false;
      }
      out = AnswerValue::Integer(v.get_int64());
      return true;
    case QuestionType::kText:
      return ParseText(q, v, field, out, errors);
  }
  return false;
}

Result<Answers> ParseAnswers(const Questionnaire& qn, std::string_view text) {
  std::vector<FieldError> errors;
  const json::value root = internal::ParseJson(text, "body", errors);
  if (!root.is_object()) {
    if (errors.empty()) errors.push_back({"body", "must be a JSON object"});
    return InvalidArgument("the answers are not valid", std::move(errors));
  }
  const auto& obj = root.get_object();
  Answers answers = EmptyAnswers(qn);
  const std::string version =
      GetString(obj, "questionnaire_version", "questionnaire_version", true, errors);
  if (!version.empty() && version != qn.version()) {
    errors.push_back(
        {"questionnaire_version",
         "is not a known questionnaire version (this server has " + qn.version() + ")"});
  }
  if (!errors.empty()) return InvalidArgument("the answers are not valid", std::move(errors));
  for (const auto& [key, value] : obj) {
    if (key != "questionnaire_version" && key != "answers" && key != "history") {
      errors.push_back({std::string(key), "is not a known field"});
    }
  }
  const json::value* av = obj.if_contains("answers");
  if (av == nullptr || !av->is_object()) {
    errors.push_back({"answers", "must be an object of question id to answer"});
  } else {
    for (const auto& [key, value] : av->get_object()) {
      const std::string field = "answers/" + std::string(key);
      const int idx = qn.Find(key);
      if (idx < 0) {
        errors.push_back({field, "is not a question in questionnaire " + qn.version()});
        continue;
      }
      ParseAnswerValue(qn, idx, value, field, answers.values[idx], errors);
    }
    for (size_t i = 0; i < qn.questions().size(); ++i) {
      const auto& q = qn.questions()[i];
      if (q.required && !av->get_object().contains(q.id)) {
        errors.push_back({"answers/" + q.id, q.type == QuestionType::kYesNoUnknown
                                                 ? "is required (answer \"unknown\" if not known)"
                                                 : "is required"});
      }
    }
  }
  if (const json::value* hv = obj.if_contains("history"))
    ParseHistory(*hv, answers.history, errors);
  if (!errors.empty()) return InvalidArgument("the answers are not valid", std::move(errors));
  return answers;
}

json::value AnswerToJson(const Question& q, const AnswerValue& v) {
  switch (v.kind) {
    case AnswerValue::Kind::kUnanswered:
      return nullptr;
    case AnswerValue::Kind::kTri:
      return json::string(TriName(v.tri));
    case AnswerValue::Kind::kChoice:
      return json::string(q.options[v.choice].value);
    case AnswerValue::Kind::kMulti: {
      json::array arr;
      for (size_t i = 0; i < q.options.size(); ++i) {
        if (v.bits & (uint64_t{1} << i)) arr.emplace_back(q.options[i].value);
      }
      return arr;
    }
    case AnswerValue::Kind::kInteger:
      return v.integer;
    case AnswerValue::Kind::kText:
      return json::string(v.text);
  }
  return nullptr;
}

std::string AnswerToText(const Question& q, const AnswerValue& v) {
  std::string out;
  AppendAnswerText(q, v, out);
  return out;
}

void AppendAnswerText(const Question& q, const AnswerValue& v, std::string& out) {
  switch (v.kind) {
    case AnswerValue::Kind::kUnanswered:
      out += "not answered";
      return;
    case AnswerValue::Kind::kTri:
      out += TriName(v.tri);
      return;
    case AnswerValue::Kind::kChoice:
      out += q.options[v.choice].value;
      return;
    case AnswerValue::Kind::kMulti: {
      const size_t start = out.size();
      for (size_t i = 0; i < q.options.size(); ++i) {
        if (!(v.bits & (uint64_t{1} << i))) continue;
        if (out.size() > start) out += ", ";
        out += q.options[i].value;
      }
      if (out.size() == start) out += "none";
      return;
    }
    case AnswerValue::Kind::kInteger: {
      char buf[24];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.integer);
      out.append(buf, end);
      return;
    }
    case AnswerValue::Kind::kText:
      out += v.text;
      return;
  }
}

uint32_t BehaviourMask(std::initializer_list<std::string_view> codes) {
  uint32_t mask = 0;
  const auto all = domain::Behaviours();
  for (auto c : codes) {
    const auto* b = domain::FindBehaviour(c);
    assert(b != nullptr);
    if (b != nullptr) mask |= uint32_t{1} << (b - all.data());
  }
  return mask;
}

json::value AnswersToJson(const Questionnaire& qn, const Answers& answers) {
  json::object a;
  for (size_t i = 0; i < answers.values.size() && i < qn.questions().size(); ++i) {
    if (answers.values[i].answered()) {
      a[qn.questions()[i].id] = AnswerToJson(qn.questions()[i], answers.values[i]);
    }
  }
  json::array history;
  const auto all = domain::Behaviours();
  for (const auto& h : answers.history) {
    json::array behaviours;
    for (size_t i = 0; i < all.size(); ++i) {
      if (h.behaviours & (uint32_t{1} << i)) behaviours.emplace_back(all[i].code);
    }
    json::object o{{"incident", h.incident},
                   {"recorded_as", h.recorded_as},
                   {"crime_status", CrimeStatusName(h.crime_status)},
                   {"same_suspect", h.same_suspect},
                   {"same_victim", h.same_victim},
                   {"behaviours", std::move(behaviours)},
                   {"fear_of_violence", TriName(h.fear_of_violence)}};
    if (!h.occurred_on.empty()) o["occurred_on"] = h.occurred_on;
    if (!h.crime_reference.empty()) o["crime_reference"] = h.crime_reference;
    history.push_back(std::move(o));
  }
  return json::object{{"questionnaire_version", answers.questionnaire_version},
                      {"answers", std::move(a)},
                      {"history", std::move(history)}};
}

}  // namespace threadline::screening
