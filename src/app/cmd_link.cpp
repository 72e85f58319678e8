// `threadline link`: batch identity resolution over CSV files.
//
//   threadline link --input F --map COL=ROLE ... [--input-b G] [--evaluate
//       --truth-column C [--truth-regex R]] [--model M] [--out-clusters F]
//       [--out-pairs F] [--explain IDA:IDB]
//   threadline link train --input F --map COL=ROLE ... --model-out M
//
// With --evaluate it prints exactly one line:
//   linkage DATASET records=N candidates=N blocking_recall=X precision=X
//   recall=X f1=X seconds=X pairs_per_sec_per_core=X peak_mb=X
// Malformed rows and unusable values go to stderr with their line numbers.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>

#include "app/allocator.hpp"
#include "app/commands.hpp"
#include "linkage/column_map.hpp"
#include "linkage/engine.hpp"
#include "linkage/evaluation.hpp"
#include "linkage/scorer.hpp"

namespace threadline::app {
namespace {

namespace lk = threadline::linkage;

struct LinkArgs {
  std::string input, input_b, id_column, truth_column, truth_regex, name;
  std::string truth_file, truth_key;
  std::vector<std::string> maps, blocks;
  bool skip_initial_space = false;
  bool reject_bad_rows = false;
  bool rule_stats = false;
  bool evaluate = false;
  std::string model_in, model_out, out_clusters, out_pairs, explain;
  double threshold = -1;
  size_t max_block_size = 0;
  double max_pairs_per_record = -1;
};

[[noreturn]] void Fail(const std::string& message, int code = 1) {
  std::cerr << "threadline link: " << message << "\n";
  throw CLI::RuntimeError(code);
}

template <typename T>
T Check(Result<T> r, int code = 2) {
  if (!r.ok()) Fail(r.error().message, code);
  return std::move(r).value();
}

void AddInputOptions(CLI::App* cmd, LinkArgs& a, bool required) {
  cmd->add_option("--input", a.input, "CSV file (the only one, or file A)")->required(required);
  cmd->add_option("--input-b", a.input_b, "second CSV file: link-only mode A x B");
  cmd->add_option("--map", a.maps, "COLUMN=ROLE (given_name, family_name, dob, ...)")
      ->required(required);
  cmd->add_option("--id-column", a.id_column, "column holding record ids");
  cmd->add_option("--truth-column", a.truth_column, "column holding the true entity");
  cmd->add_option("--truth-regex", a.truth_regex, "regex; capture group 1 is the entity");
  cmd->add_option("--truth-file", a.truth_file,
                  "CSV holding the truth; --truth-column is then its entity column");
  cmd->add_option("--truth-key", a.truth_key,
                  "column of --truth-file matching --id-column (default: its first column)");
  cmd->add_option("--block", a.blocks, "blocking rule (repeatable), e.g. family_dm+dob_year");
  cmd->add_flag("--skip-initial-space", a.skip_initial_space, "ignore spaces after commas");
  cmd->add_flag("--reject-bad-rows", a.reject_bad_rows, "fail on the first malformed row");
  cmd->add_option("--max-block-size", a.max_block_size,
                  "leave out blocks larger than this (default: the engine's)");
  cmd->add_option("--max-pairs-per-record", a.max_pairs_per_record,
                  "pair budget of each blocking rule, per record (0: none)");
  cmd->add_flag("--rule-stats", a.rule_stats,
                "print what each blocking rule did and how long each step took (stderr)");
}

std::vector<lk::InputRecord> ReadInput(const std::string& path, const LinkArgs& a, uint8_t source) {
  lk::CsvOptions csv;
  csv.skip_initial_space = a.skip_initial_space;
  csv.on_error =
      a.reject_bad_rows ? lk::CsvOptions::OnError::kReject : lk::CsvOptions::OnError::kSkip;
  auto table = Check(lk::ReadCsvFile(path, csv));
  // With a separate truth file the truth column is that file's, joined later.
  lk::ColumnMapping mapping{Check(lk::ParseColumnRoles(a.maps)), a.id_column,
                            a.truth_file.empty() ? a.truth_column : std::string(),
                            a.truth_file.empty() ? a.truth_regex : std::string()};
  auto mapped = Check(lk::MapRecords(table, mapping, source));
  table.issues.insert(table.issues.end(), mapped.issues.begin(), mapped.issues.end());
  for (size_t i = 0; i < table.issues.size() && i < 20; ++i) {
    std::cerr << path << ":" << table.issues[i].line << ": " << table.issues[i].message << "\n";
  }
  if (table.issues.size() > 20) {
    std::cerr << path << ": " << table.issues.size() - 20 << " more issues\n";
  }
  return std::move(mapped.records);
}

// Sets each record's truth from --truth-file, joined on the record id.
// Records without a row there keep an empty truth (their own entity).
void JoinTruthFile(const LinkArgs& a, std::vector<lk::InputRecord>& records) {
  auto table = Check(lk::ReadCsvFile(a.truth_file));
  const auto column = [&](const std::string& name, size_t fallback) -> size_t {
    if (name.empty()) return fallback;
    for (size_t i = 0; i < table.header.size(); ++i) {
      if (table.header[i] == name) return i;
    }
    Fail(a.truth_file + ": no column named '" + name + "'", 2);
  };
  const size_t key = column(a.truth_key, 0), value = column(a.truth_column, 1);
  if (key >= table.header.size() || value >= table.header.size()) {
    Fail(a.truth_file + ": needs a key and a truth column", 2);
  }
  std::unordered_map<std::string_view, std::string_view> truth;
  truth.reserve(table.rows.size());
  for (const auto& row : table.rows) truth.emplace(row[key], row[value]);
  for (auto& r : records) {
    const auto it = truth.find(r.id);
    if (it != truth.end()) r.truth = it->second;
  }
}

lk::Dataset LoadDataset(const LinkArgs& a) {
  auto records = ReadInput(a.input, a, 0);
  if (!a.input_b.empty()) {
    auto b = ReadInput(a.input_b, a, 1);
    records.insert(records.end(), std::make_move_iterator(b.begin()),
                   std::make_move_iterator(b.end()));
  }
  if (!a.truth_file.empty()) JoinTruthFile(a, records);
  if (records.empty()) Fail("no records to link", 2);
  return lk::MakeDataset(std::move(records), Check(lk::NicknameTable::Default(), 1));
}

lk::EngineOptions Options(const LinkArgs& a) {
  lk::EngineOptions o;
  o.blocking.link_only = !a.input_b.empty();
  if (a.max_block_size > 0) o.blocking.max_block_size = a.max_block_size;
  if (a.max_pairs_per_record >= 0) o.blocking.max_pairs_per_record = a.max_pairs_per_record;
  return o;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot open " + path, 2);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) Fail("cannot write " + path);
}

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void WriteOutputs(const LinkArgs& a, const lk::Dataset& d, const lk::LinkOutput& out) {
  if (!a.out_clusters.empty()) {
    std::string s = "record_id,source,cluster_id\n";
    for (size_t i = 0; i < d.records.size(); ++i) {
      s += CsvField(d.records[i].id) + "," + std::to_string(d.records[i].source) + "," +
           std::to_string(out.clusters.cluster_of[i]) + "\n";
    }
    WriteFile(a.out_clusters, s);
  }
  if (!a.out_pairs.empty()) {
    std::string s = "id_a,id_b,match_weight,match_probability\n";
    char num[64];
    for (const auto& p : out.scored) {
      std::snprintf(num, sizeof(num), ",%.4f,%.6f\n", p.weight, lk::Scorer::Probability(p.weight));
      s += CsvField(d.records[p.a].id) + "," + CsvField(d.records[p.b].id) + num;
    }
    WriteFile(a.out_pairs, s);
  }
}

void PrintExplanation(const std::string& spec, const lk::Model& model, const lk::Dataset& d) {
  const size_t colon = spec.find(':');
  if (colon == std::string::npos) Fail("--explain wants IDA:IDB", 2);
  auto find = [&](const std::string& id) -> size_t {
    for (size_t i = 0; i < d.records.size(); ++i) {
      if (d.records[i].id == id) return i;
    }
    Fail("no record with id " + id, 2);
  };
  const size_t x = find(spec.substr(0, colon)), y = find(spec.substr(colon + 1));
  const auto e = lk::Explain(model, d.features[x], d.features[y]);
  std::cout << lk::ExplanationToText(e, &d.records[x], &d.records[y]);
}

// One line per blocking rule on stderr: how it blocked and how many pairs
// it was the first to produce.
void PrintRuleStats(const lk::BlockingIndex& index) {
  for (const auto& r : index.stats()) {
    std::fprintf(stderr, "rule %s blocks=%zu largest=%zu oversized=%zu pairs=%llu\n",
                 r.rule.c_str(), r.blocks, r.largest_block, r.oversized_blocks,
                 static_cast<unsigned long long>(r.pairs));
  }
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double PeakMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void RunLink(const LinkArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  if (a.input.empty() || a.maps.empty()) Fail("--input and --map are required", 2);
  if (a.evaluate && a.truth_column.empty()) Fail("--evaluate needs --truth-column", 2);
  const lk::Dataset data = LoadDataset(a);
  const double load_seconds = Since(start);
  const lk::EngineOptions options = Options(a);
  std::unique_ptr<lk::BlockingIndex> index;
  lk::Model model = a.model_in.empty()
                        ? Check(lk::TrainModel(data, a.blocks, options, nullptr, &index))
                        : Check(lk::ModelFromJson(ReadFile(a.model_in)));
  if (a.threshold > 0) model.cluster.match_threshold = a.threshold;
  const double train_seconds = Since(start) - load_seconds;
  const auto out = Check(lk::LinkDataset(model, data, {}, options, std::move(index)));
  if (a.rule_stats) {
    PrintRuleStats(*out.index);
    std::fprintf(stderr, "steps load=%.2f train=%.2f index=%.2f score=%.2f cluster=%.2f\n",
                 load_seconds, train_seconds, out.index_wall_seconds, out.score_wall_seconds,
                 out.cluster_wall_seconds);
  }
  WriteOutputs(a, data, out);
  if (!a.explain.empty()) PrintExplanation(a.explain, model, data);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate =
      out.scoring_seconds > 0 ? static_cast<double>(out.candidates) / out.scoring_seconds : 0;
  std::string name = a.name.empty() ? std::filesystem::path(a.input).stem().string() : a.name;
  char line[512];
  if (!a.evaluate) {
    std::snprintf(line, sizeof(line),
                  "linkage %s records=%zu candidates=%zu clusters=%zu "
                  "seconds=%.3f pairs_per_sec_per_core=%.0f peak_mb=%.1f\n",
                  name.c_str(), data.records.size(), static_cast<size_t>(out.candidates),
                  out.clusters.cluster_count, seconds, rate, PeakMb());
    std::cout << line;
    return;
  }
  const auto truth = lk::TruthIds(data.records);
  const bool link_only = options.blocking.link_only;
  const double blocking_recall = lk::BlockingRecall(*out.index, truth, data.sources, link_only);
  const auto m = lk::EvaluateClusters(out.clusters.cluster_of, truth, data.sources, link_only);
  std::snprintf(line, sizeof(line),
                "linkage %s records=%zu candidates=%zu blocking_recall=%.4f precision=%.4f "
                "recall=%.4f f1=%.4f seconds=%.3f pairs_per_sec_per_core=%.0f peak_mb=%.1f\n",
                name.c_str(), data.records.size(), static_cast<size_t>(out.candidates),
                blocking_recall, m.precision, m.recall, m.f1, seconds, rate, PeakMb());
  std::cout << line;
}

void RunTrain(const LinkArgs& a) {
  const lk::Dataset data = LoadDataset(a);
  lk::TrainReport report;
  const lk::Model model = Check(lk::TrainModel(data, a.blocks, Options(a), &report));
  WriteFile(a.model_out, lk::ModelToJson(model) + "\n");
  std::cerr << "trained on " << data.records.size() << " records: " << report.em_pairs
            << " candidate pairs, " << report.em_patterns << " patterns, " << report.iterations
            << " EM iterations" << (report.converged ? "" : " (not converged)") << "\n";
}

}  // namespace

void RegisterLinkCommand(CLI::App& app) {
  auto args = std::make_shared<LinkArgs>();
  auto* cmd = app.add_subcommand("link", "Find records of the same person in CSV files");
  AddInputOptions(cmd, *args, false);
  cmd->add_flag("--evaluate", args->evaluate, "compare with the truth column and print scores");
  cmd->add_option("--model", args->model_in, "use this trained model (JSON) instead of training");
  cmd->add_option("--out-clusters", args->out_clusters, "write record_id,source,cluster_id CSV");
  cmd->add_option("--out-pairs", args->out_pairs,
                  "write the scored pairs with match probability of at least 0.01 (CSV)");
  cmd->add_option("--explain", args->explain, "print the weight waterfall for IDA:IDB");
  cmd->add_option("--threshold", args->threshold, "match probability to link (default: model's)");
  cmd->add_option("--name", args->name, "data set name for the output line");

  auto train_args = std::make_shared<LinkArgs>();
  auto* train = cmd->add_subcommand("train", "Train a model (EM) and save it as JSON");
  AddInputOptions(train, *train_args, true);
  train->add_option("--model-out", train_args->model_out, "where to write the model")->required();
  train->callback([train_args] {
    ReturnFreedMemoryPromptly();
    RunTrain(*train_args);
  });

  // `link` itself cannot mark --input and --map required: `link train ...`
  // carries them on the subcommand instead. RunLink checks them.
  cmd->require_subcommand(0, 1);
  cmd->callback([cmd, train, args] {
    if (train->parsed()) return;
    ReturnFreedMemoryPromptly();
    RunLink(*args);
  });
}

}  // namespace threadline::app
