#include "synth/writer.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <system_error>

#include "synth/synth.hpp"

namespace threadline::synth {
namespace {

constexpr size_t kFlushAt = 1 << 20;

void PersonRow(CsvFile& file, const domain::Person& p) {
  file.Row({p.id, p.agency_id, p.given_name, p.family_name, p.dob, p.gender, p.address, p.postcode,
            JoinValues(p.phones), JoinValues(p.emails), JoinValues(p.handles),
            JoinValues(p.vehicles), p.created_at});
}

Status OpenPersons(CsvFile& file, const std::string& dir) {
  return file.Open(dir + "/persons.csv",
                   {"id", "agency_id", "given_name", "family_name", "dob", "gender", "address",
                    "postcode", "phones", "emails", "handles", "vehicles", "created_at"});
}

Status MakeDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable("cannot create " + dir + ": " + ec.message());
  return Status::Ok();
}

Status WriteAgencies(const std::vector<domain::Agency>& agencies, const std::string& dir) {
  CsvFile f;
  if (auto s = f.Open(dir + "/agencies.csv", {"id", "code", "name", "kind", "region"}); !s.ok()) {
    return s;
  }
  for (const auto& a : agencies) f.Row({a.id, a.code, a.name, a.kind, a.region});
  return f.Close();
}

std::string ReportJson(const domain::Report& r) {
  boost::json::array behaviours;
  for (const auto& b : r.behaviours) behaviours.emplace_back(b);
  boost::json::array parties;
  for (const auto& p : r.parties) {
    parties.emplace_back(boost::json::object{{"role", p.role}, {"person_id", p.person_id}});
  }
  const boost::json::object o{{"id", r.id},
                              {"force_id", r.force_id},
                              {"reference", r.reference},
                              {"occurred_at", r.occurred_at},
                              {"reported_at", r.reported_at},
                              {"summary", r.summary},
                              {"recorded_as", r.recorded_as},
                              {"behaviours", std::move(behaviours)},
                              {"parties", std::move(parties)},
                              {"created_at", r.created_at}};
  return boost::json::serialize(o);
}

Status WriteReports(const Dataset& d, const std::string& dir) {
  CsvFile reports, parties, truth, jsonl;
  Status s = reports.Open(dir + "/reports.csv",
                          {"id", "force_id", "reference", "occurred_at", "reported_at",
                           "recorded_as", "behaviours", "summary", "created_at"});
  if (s.ok()) s = parties.Open(dir + "/parties.csv", {"report_id", "role", "person_id"});
  if (s.ok()) {
    s = truth.Open(dir + "/courses_truth.csv", {"report_id", "course_id", "is_stalking_pattern"});
  }
  if (s.ok()) s = jsonl.Open(dir + "/reports.jsonl", {});
  if (!s.ok()) return s;
  for (size_t i = 0; i < d.reports.size(); ++i) {
    const auto& r = d.reports[i];
    reports.Row({r.id, r.force_id, r.reference, r.occurred_at, r.reported_at, r.recorded_as,
                 JoinValues(r.behaviours), r.summary, r.created_at});
    for (const auto& p : r.parties) parties.Row({r.id, p.role, p.person_id});
    truth.Row({r.id, i < d.report_course.size() ? d.report_course[i] : "",
               i < d.report_is_stalking_pattern.size() && d.report_is_stalking_pattern[i]
                   ? "true"
                   : "false"});
    jsonl.Raw(ReportJson(r));
    jsonl.Raw("\n");
  }
  for (auto* f : {&reports, &parties, &truth, &jsonl}) {
    if (auto c = f->Close(); !c.ok()) return c;
  }
  return Status::Ok();
}

}  // namespace

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string JoinValues(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ';';
    out += values[i];
  }
  return out;
}

Status CsvFile::Open(const std::string& path, std::initializer_list<std::string_view> header) {
  path_ = path;
  out_.open(path, std::ios::binary | std::ios::trunc);
  if (!out_) return Unavailable("cannot write " + path);
  buffer_.reserve(kFlushAt + 4096);
  if (header.size() > 0) Row(header);
  return Status::Ok();
}

void CsvFile::Row(std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (const auto field : fields) {
    if (!first) buffer_ += ',';
    first = false;
    AppendCsvField(buffer_, field);
  }
  buffer_ += "\r\n";
  MaybeFlush();
}

void CsvFile::Raw(std::string_view text) {
  buffer_ += text;
  MaybeFlush();
}

void CsvFile::MaybeFlush() {
  if (buffer_.size() < kFlushAt) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

Status CsvFile::Close() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  out_.close();
  if (!out_) return Unavailable("error writing " + path_);
  return Status::Ok();
}

Status WriteFiles(const Dataset& d, const std::string& dir) {
  if (auto s = MakeDir(dir); !s.ok()) return s;
  if (auto s = WriteAgencies(d.agencies, dir); !s.ok()) return s;
  CsvFile persons, truth;
  if (auto s = OpenPersons(persons, dir); !s.ok()) return s;
  if (auto s = truth.Open(dir + "/persons_truth.csv", {"person_id", "entity_id"}); !s.ok()) {
    return s;
  }
  for (size_t i = 0; i < d.persons.size(); ++i) {
    PersonRow(persons, d.persons[i]);
    truth.Row({d.persons[i].id, i < d.person_entity.size() ? d.person_entity[i] : ""});
  }
  if (auto s = persons.Close(); !s.ok()) return s;
  if (auto s = truth.Close(); !s.ok()) return s;
  if (auto s = WriteReports(d, dir); !s.ok()) return s;
  CsvFile outcomes;
  if (auto s = outcomes.Open(dir + "/outcomes.csv",
                             {"id", "report_id", "kind", "reason", "occurred_on", "created_at"});
      !s.ok()) {
    return s;
  }
  for (const auto& o : d.outcomes) {
    outcomes.Row({o.id, o.report_id, o.kind, o.reason, o.occurred_on, o.created_at});
  }
  return outcomes.Close();
}

Status WritePersonsOnly(const Config& config, const refdata::RefData& refdata,
                        const std::vector<domain::Agency>& agencies, const std::string& dir) {
  if (config.persons_only == 0) return InvalidArgument("persons_only must be positive");
  if (auto s = MakeDir(dir); !s.ok()) return s;
  if (auto s = WriteAgencies(agencies, dir); !s.ok()) return s;
  CsvFile persons, truth;
  if (auto s = OpenPersons(persons, dir); !s.ok()) return s;
  if (auto s = truth.Open(dir + "/persons_truth.csv", {"person_id", "entity_id"}); !s.ok()) {
    return s;
  }
  const Status s = StreamPersons(config, refdata, agencies,
                                 [&](const domain::Person& p, const std::string& entity) {
                                   PersonRow(persons, p);
                                   truth.Row({p.id, entity});
                                 });
  if (!s.ok()) return s;
  if (auto c = persons.Close(); !c.ok()) return c;
  return truth.Close();
}

}  // namespace threadline::synth
