#include "screening/questionnaire.hpp"

#include <set>
#include <unordered_set>

#include "screening/json_util.hpp"

namespace threadline::screening {
namespace {

namespace json = boost::json;
using internal::GetBool;
using internal::GetString;
using internal::GetStringArray;

struct CoreSpec {
  std::string_view id;
  QuestionType type;
};

// Indexed by CoreQuestion.
constexpr std::array<CoreSpec, kCoreQuestionCount> kCore = {{
    {"four_fixated", QuestionType::kYesNoUnknown},
    {"four_obsessive", QuestionType::kYesNoUnknown},
    {"four_unwanted", QuestionType::kYesNoUnknown},
    {"four_repeated", QuestionType::kYesNoUnknown},
    {"relationship", QuestionType::kSingleChoice},
    {"occasions", QuestionType::kInteger},
    {"period_days", QuestionType::kInteger},
    {"behaviours", QuestionType::kMultiChoice},
    {"alarm_distress", QuestionType::kYesNoUnknown},
    {"fear_of_violence", QuestionType::kYesNoUnknown},
    {"fear_of_violence_occasions", QuestionType::kInteger},
    {"serious_alarm_distress", QuestionType::kYesNoUnknown},
    {"daily_life_changes", QuestionType::kMultiChoice},
    {"threats_physical", QuestionType::kYesNoUnknown},
    {"threats_sexual", QuestionType::kYesNoUnknown},
    {"threats_to_kill", QuestionType::kYesNoUnknown},
    {"violence_this_episode", QuestionType::kYesNoUnknown},
    {"weapon", QuestionType::kYesNoUnknown},
    {"coercive_indicators", QuestionType::kMultiChoice},
    {"single_communication", QuestionType::kYesNoUnknown},
    {"communication_nature", QuestionType::kMultiChoice},
    {"risk_very_frightened", QuestionType::kYesNoUnknown},
    {"risk_previous_stalking", QuestionType::kYesNoUnknown},
    {"risk_property_damaged", QuestionType::kYesNoUnknown},
    {"risk_visits_frequent", QuestionType::kYesNoUnknown},
    {"risk_loitering_home_work", QuestionType::kYesNoUnknown},
    {"risk_harassing_third_parties", QuestionType::kYesNoUnknown},
    {"risk_others_recruited", QuestionType::kYesNoUnknown},
    {"risk_drugs_alcohol_mental_health", QuestionType::kYesNoUnknown},
    {"risk_history_violence", QuestionType::kYesNoUnknown},
    {"risk_escalation", QuestionType::kYesNoUnknown},
    {"officer_risk_judgement", QuestionType::kSingleChoice},
}};

constexpr std::array<std::string_view, 5> kTypeNames = {"yes_no_unknown", "single_choice",
                                                        "multi_choice", "integer", "text"};
constexpr size_t kMaxMultiOptions = 64;

std::optional<QuestionType> ParseType(std::string_view name) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<QuestionType>(i);
  }
  return std::nullopt;
}

bool IsChoice(QuestionType t) {
  return t == QuestionType::kSingleChoice || t == QuestionType::kMultiChoice;
}

std::optional<ShowIf> ParseShowIf(const json::object& obj, const std::string& field,
                                  std::vector<FieldError>& errors) {
  const json::value* v = obj.if_contains("show_if");
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) {
    errors.push_back({field + "/show_if", "must be an object"});
    return std::nullopt;
  }
  ShowIf s;
  s.question = GetString(v->get_object(), "question", field + "/show_if/question", true, errors);
  s.any_of = GetStringArray(v->get_object(), "any_of", field + "/show_if/any_of", errors);
  return s;
}

std::vector<Option> ParseOptions(const json::object& q, const std::string& field,
                                 std::vector<FieldError>& errors) {
  std::vector<Option> out;
  const json::value* v = q.if_contains("options");
  if (v == nullptr) return out;
  if (!v->is_array()) {
    errors.push_back({field + "/options", "must be an array"});
    return out;
  }
  std::set<std::string> seen;
  const auto& arr = v->get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string f = field + "/options/" + std::to_string(i);
    if (!arr[i].is_object()) {
      errors.push_back({f, "must be an object with value and label"});
      continue;
    }
    Option o{GetString(arr[i].get_object(), "value", f + "/value", true, errors),
             GetString(arr[i].get_object(), "label", f + "/label", true, errors)};
    if (!o.value.empty() && !seen.insert(o.value).second) {
      errors.push_back({f + "/value", "duplicates option '" + o.value + "'"});
    }
    out.push_back(std::move(o));
  }
  return out;
}

int64_t GetInt(const json::object& q, std::string_view key, const std::string& field,
               int64_t fallback, std::vector<FieldError>& errors) {
  const json::value* v = q.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64()) {
    errors.push_back({field, "must be an integer"});
    return fallback;
  }
  return v->get_int64();
}

Question ParseQuestion(const json::object& q, const std::string& field, const std::string& section,
                       std::vector<FieldError>& errors) {
  Question out;
  out.section = section;
  out.id = GetString(q, "id", field + "/id", true, errors);
  out.text = GetString(q, "text", field + "/text", true, errors);
  out.help = GetString(q, "help", field + "/help", false, errors);
  out.required = GetBool(q, "required", field + "/required", false, errors);
  const std::string type = GetString(q, "type", field + "/type", true, errors);
  if (auto t = ParseType(type)) {
    out.type = *t;
  } else if (!type.empty()) {
    errors.push_back({field + "/type", "is not a known question type: '" + type + "'"});
  }
  out.options = ParseOptions(q, field, errors);
  if (IsChoice(out.type) && out.options.empty()) {
    errors.push_back({field + "/options", "a choice question needs at least one option"});
  } else if (out.type == QuestionType::kYesNoUnknown && !out.options.empty()) {
    // Labels may be reworded; the values are fixed.
    if (out.options.size() != 3 || out.OptionIndex("yes") < 0 || out.OptionIndex("no") < 0 ||
        out.OptionIndex("unknown") < 0) {
      errors.push_back({field + "/options", "yes/no/unknown options must be yes, no and unknown"});
    }
  } else if (!IsChoice(out.type) && !out.options.empty()) {
    errors.push_back({field + "/options", "only choice questions have options"});
  }
  if (out.type == QuestionType::kMultiChoice && out.options.size() > kMaxMultiOptions) {
    errors.push_back({field + "/options", "a multi-choice question has at most 64 options"});
  }
  out.min = GetInt(q, "min", field + "/min", 0, errors);
  out.max = GetInt(q, "max", field + "/max", 1000000, errors);
  if (out.min > out.max) errors.push_back({field + "/max", "must not be below min"});
  out.max_length =
      static_cast<size_t>(GetInt(q, "max_length", field + "/max_length", 2000, errors));
  out.show_if = ParseShowIf(q, field, errors);
  return out;
}

void CheckShowIf(const Questionnaire& qn, const std::optional<ShowIf>& s, const std::string& field,
                 std::vector<FieldError>& errors) {
  if (!s) return;
  const int target = qn.Find(s->question);
  if (target < 0) {
    errors.push_back({field + "/show_if/question", "names no question: '" + s->question + "'"});
    return;
  }
  for (const auto& v : s->any_of) {
    if (qn.questions()[target].OptionIndex(v) < 0) {
      errors.push_back(
          {field + "/show_if/any_of", "'" + v + "' is not an option of " + s->question});
    }
  }
}

json::array OptionsJson(const Question& q) {
  json::array arr;
  if (q.type == QuestionType::kYesNoUnknown && q.options.empty()) {
    for (auto [v, l] : {std::pair{"yes", "Yes"}, {"no", "No"}, {"unknown", "Not known"}}) {
      arr.push_back(json::object{{"value", v}, {"label", l}});
    }
    return arr;
  }
  for (const auto& o : q.options)
    arr.push_back(json::object{{"value", o.value}, {"label", o.label}});
  return arr;
}

void PutShowIf(json::object& obj, const std::optional<ShowIf>& s) {
  if (!s) return;
  json::array any;
  for (const auto& v : s->any_of) any.emplace_back(v);
  obj["show_if"] = json::object{{"question", s->question}, {"any_of", std::move(any)}};
}

}  // namespace

std::string_view QuestionTypeName(QuestionType type) {
  return kTypeNames[static_cast<size_t>(type)];
}

std::string_view CoreQuestionId(CoreQuestion q) { return kCore[static_cast<size_t>(q)].id; }

int Question::OptionIndex(std::string_view value) const {
  for (size_t i = 0; i < options.size(); ++i) {
    if (options[i].value == value) return static_cast<int>(i);
  }
  return -1;
}

int Questionnaire::Find(std::string_view id) const {
  for (size_t i = 0; i < questions_.size(); ++i) {
    if (questions_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

Result<Questionnaire> Questionnaire::FromJson(std::string_view text) {
  std::vector<FieldError> errors;
  const json::value root = internal::ParseJson(text, "questionnaire", errors);
  if (!root.is_object()) {
    if (errors.empty()) errors.push_back({"questionnaire", "must be a JSON object"});
    return InvalidArgument("questionnaire is not valid", std::move(errors));
  }
  const auto& obj = root.get_object();
  Questionnaire qn;
  qn.id_ = GetString(obj, "id", "id", true, errors);
  qn.version_ = GetString(obj, "version", "version", true, errors);
  qn.title_ = GetString(obj, "title", "title", true, errors);
  qn.description_ = GetString(obj, "description", "description", false, errors);
  const json::value* sections = obj.if_contains("sections");
  if (sections == nullptr || !sections->is_array() || sections->get_array().empty()) {
    errors.push_back({"sections", "must be a non-empty array"});
    return InvalidArgument("questionnaire is not valid", std::move(errors));
  }
  std::unordered_set<std::string> ids;
  std::unordered_set<std::string> section_ids;
  const auto& arr = sections->get_array();
  for (size_t s = 0; s < arr.size(); ++s) {
    const std::string sf = "sections/" + std::to_string(s);
    if (!arr[s].is_object()) {
      errors.push_back({sf, "must be an object"});
      continue;
    }
    const auto& so = arr[s].get_object();
    Section sec;
    sec.id = GetString(so, "id", sf + "/id", true, errors);
    sec.title = GetString(so, "title", sf + "/title", true, errors);
    sec.help = GetString(so, "help", sf + "/help", false, errors);
    sec.show_if = ParseShowIf(so, sf, errors);
    if (!sec.id.empty() && !section_ids.insert(sec.id).second) {
      errors.push_back({sf + "/id", "duplicates section '" + sec.id + "'"});
    }
    const json::value* qs = so.if_contains("questions");
    if (qs == nullptr || !qs->is_array()) {
      errors.push_back({sf + "/questions", "must be an array"});
      continue;
    }
    for (size_t i = 0; i < qs->get_array().size(); ++i) {
      const std::string qf = sf + "/questions/" + std::to_string(i);
      const auto& qv = qs->get_array()[i];
      if (!qv.is_object()) {
        errors.push_back({qf, "must be an object"});
        continue;
      }
      Question q = ParseQuestion(qv.get_object(), qf, sec.id, errors);
      if (!q.id.empty() && !ids.insert(q.id).second) {
        errors.push_back({qf + "/id", "duplicates question '" + q.id + "'"});
      }
      sec.questions.push_back(static_cast<int>(qn.questions_.size()));
      qn.questions_.push_back(std::move(q));
    }
    qn.sections_.push_back(std::move(sec));
  }
  for (size_t c = 0; c < kCoreQuestionCount; ++c) {
    qn.core_[c] = qn.Find(kCore[c].id);
    if (qn.core_[c] < 0) {
      errors.push_back({std::string(kCore[c].id), "the classifier needs this question"});
    } else if (qn.questions_[qn.core_[c]].type != kCore[c].type) {
      errors.push_back({std::string(kCore[c].id),
                        "must have type " + std::string(QuestionTypeName(kCore[c].type))});
    }
  }
  for (size_t i = 0; i < qn.questions_.size(); ++i) {
    CheckShowIf(qn, qn.questions_[i].show_if, "questions/" + qn.questions_[i].id, errors);
  }
  for (const auto& sec : qn.sections_) CheckShowIf(qn, sec.show_if, "sections/" + sec.id, errors);
  if (!errors.empty()) return InvalidArgument("questionnaire is not valid", std::move(errors));
  return qn;
}

json::value Questionnaire::ToJson() const {
  json::array sections;
  for (const auto& sec : sections_) {
    json::array qs;
    for (int i : sec.questions) {
      const Question& q = questions_[i];
      json::object o{{"id", q.id},
                     {"text", q.text},
                     {"type", QuestionTypeName(q.type)},
                     {"required", q.required},
                     {"help", q.help}};
      if (IsChoice(q.type) || q.type == QuestionType::kYesNoUnknown) o["options"] = OptionsJson(q);
      if (q.type == QuestionType::kInteger) {
        o["min"] = q.min;
        o["max"] = q.max;
      }
      if (q.type == QuestionType::kText) o["max_length"] = q.max_length;
      PutShowIf(o, q.show_if);
      qs.push_back(std::move(o));
    }
    json::object so{{"id", sec.id}, {"title", sec.title}, {"help", sec.help}};
    PutShowIf(so, sec.show_if);
    so["questions"] = std::move(qs);
    sections.push_back(std::move(so));
  }
  return json::object{{"id", id_},
                      {"version", version_},
                      {"title", title_},
                      {"description", description_},
                      {"sections", std::move(sections)}};
}

}  // namespace threadline::screening
