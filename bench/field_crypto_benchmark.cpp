// The cost of field encryption at rest: sealing and opening one 200-byte
// field, submitting a report through the sealing store against the bare
// store, and loading 100,000 persons (as the linkage index does at start)
// through the sealing store against the bare store.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "access/field_crypto.hpp"
#include "store/sealed_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;
using threadline::Status;
using namespace threadline::store;
namespace domain = threadline::domain;
namespace access = threadline::access;

constexpr size_t kPersons = 100'000;

std::shared_ptr<access::KeyRing> Keys() {
  static const auto keys =
      access::KeyRing::FromText("bench AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").value();
  return keys;
}

const std::string& Field200() {
  static const std::string field = [] {
    std::string s;
    while (s.size() < 200) s += "He waited outside her workplace again and followed her home. ";
    s.resize(200);
    return s;
  }();
  return field;
}

void BM_Seal200Bytes(benchmark::State& state) {
  auto keys = Keys();
  for (auto _ : state) {
    benchmark::DoNotOptimize(keys->Seal(Field200(), "reports.summary:01HZZZZZZZZZZZZZZZZZZZZZZZ"));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 200);
}
BENCHMARK(BM_Seal200Bytes);

void BM_Open200Bytes(benchmark::State& state) {
  auto keys = Keys();
  const std::string ad = "reports.summary:01HZZZZZZZZZZZZZZZZZZZZZZZ";
  const std::string sealed = keys->Seal(Field200(), ad).value();
  for (auto _ : state) benchmark::DoNotOptimize(keys->Open(sealed, ad));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 200);
}
BENCHMARK(BM_Open200Bytes);

// Two databases in a temporary folder, removed at exit: one written bare,
// one written through the sealing store, each with the same persons.
class Fixture {
 public:
  Fixture() {
    dir_ = fs::temp_directory_path() / ("threadline_bench_crypto_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    bare_ = Open(false);
    sealed_ = Open(true);
    Fill(*bare_);
    Fill(*sealed_);
  }
  ~Fixture() {
    bare_.reset();
    sealed_.reset();
    fs::remove_all(dir_);
  }
  Store& store(bool sealed) { return sealed ? *sealed_ : *bare_; }
  const domain::Id& agency() const { return agency_.id; }
  const domain::Id& person() const { return first_person_; }
  domain::Id NewId() { return domain::NextId(1'700'000'000'000 + counter_++, rng_); }

 private:
  std::unique_ptr<Store> Open(bool sealed) {
    auto raw = OpenSqlite({(dir_ / (sealed ? "sealed.db" : "bare.db")).string()}).value();
    return sealed ? SealSensitiveFields(std::move(raw), Keys()) : std::move(raw);
  }

  void Fill(Store& store) {
    if (agency_.id.empty()) agency_ = {NewId(), "bench", "Bench Police", "police_force", "Here"};
    (void)store.Write([&](WriteTx& tx) { return tx.InsertAgency(agency_); });
    std::mt19937_64 rng(42);
    for (size_t done = 0; done < kPersons;) {
      (void)store.Write([&](WriteTx& tx) {
        for (size_t i = 0; i < 5000 && done < kPersons; ++i, ++done) {
          domain::Person p;
          p.id = domain::NextId(1'600'000'000'000 + static_cast<int64_t>(done), rng);
          if (first_person_.empty()) first_person_ = p.id;
          p.agency_id = agency_.id;
          p.given_name = "Given" + std::to_string(done % 977);
          p.family_name = "Family" + std::to_string(done % 3313);
          p.dob = "1980-07-14";
          p.address = std::to_string(done % 200) + " Long Street, Somewhere Town";
          p.postcode = "LS1 4AP";
          p.phones = {"07700 9" + std::to_string(100000 + done % 900000)};
          p.emails = {"person" + std::to_string(done) + "@example.org"};
          p.handles = {"@person" + std::to_string(done)};
          p.vehicles = {"AB12 CDE"};
          p.created_at = "2026-01-01T00:00:00Z";
          if (Status s = tx.InsertPerson(p); !s.ok()) return s;
        }
        return Status::Ok();
      });
    }
  }

  fs::path dir_;
  std::unique_ptr<Store> bare_;
  std::unique_ptr<Store> sealed_;
  domain::Agency agency_;
  domain::Id first_person_;
  std::mt19937_64 rng_{7};
  int64_t counter_ = 0;
};

Fixture& TheFixture() {
  static Fixture fixture;
  return fixture;
}

// All persons, in pages of 1000: arg 1 = through the sealing store.
void BM_Load100kPersons(benchmark::State& state) {
  Store& store = TheFixture().store(state.range(0) == 1);
  size_t loaded = 0;
  for (auto _ : state) {
    loaded = 0;
    domain::Id after;
    for (;;) {
      std::vector<domain::Person> page;
      (void)store.Read([&](ReadTx& tx) {
        auto persons = tx.ListPersons(after, 1000);
        if (persons.ok()) page = std::move(*persons);
        return persons.status();
      });
      if (page.empty()) break;
      loaded += page.size();
      after = page.back().id;
    }
  }
  if (loaded != kPersons) state.SkipWithError("did not load every person");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(loaded));
}
BENCHMARK(BM_Load100kPersons)->ArgName("sealed")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// One report with a 200-byte summary per committed write transaction (each
// commit waits for the disk): arg 1 = through the sealing store.
void BM_SubmitReport(benchmark::State& state) {
  Fixture& f = TheFixture();
  Store& store = f.store(state.range(0) == 1);
  for (auto _ : state) {
    domain::Report r;
    r.id = f.NewId();
    r.force_id = f.agency();
    r.reference = "CAD-" + r.id.substr(20);
    r.occurred_at = "2026-01-02T10:00:00Z";
    r.summary = Field200();
    r.recorded_as = "stalking_s2a";
    r.behaviours = {"following", "loitering"};
    r.parties = {{"victim", f.person()}};
    r.created_at = r.occurred_at;
    if (!store.Write([&](WriteTx& tx) { return tx.InsertReport(r); }).ok()) {
      state.SkipWithError("insert failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SubmitReport)->ArgName("sealed")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A single person read (the API's GET /persons/{id}): arg 1 = sealed.
void BM_GetPerson(benchmark::State& state) {
  Fixture& f = TheFixture();
  Store& store = f.store(state.range(0) == 1);
  for (auto _ : state) {
    (void)store.Read([&](ReadTx& tx) {
      auto p = tx.GetPerson(f.person());
      benchmark::DoNotOptimize(p);
      return p.status();
    });
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetPerson)->ArgName("sealed")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
