// The public self-referral against the real server: a referral from the
// public form reaches the triage queue of its area's force, sealed at rest
// and audited; every bad request is refused with a problem and stores
// nothing; the answer never echoes what was sent and nothing can be read
// back without signing in; an address that sends too many is told to wait.

#include <gtest/gtest.h>

#include <regex>

#include "../support/shared_server_test.hpp"
#include "../support/store_lookup.hpp"
#include "../support/temp_dir.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

constexpr const char* kWhat = "A man from my old job waits at the bus stop outside my flat.";

// A referral on someone's behalf, wanting contact, with every personal
// field filled in.
boost::json::object FullReferral() {
  return {{"referrer", "on_behalf"},
          {"relationship", "Her sister"},
          {"name", "Robin Selfcase"},
          {"what_is_happening", kWhat},
          {"since", "1_to_6_months"},
          {"immediate_danger", false},
          {"area", "met"},
          {"contact_wanted", true},
          {"phone", "07700 900417"},
          {"email", "robin.selfcase@example.org"},
          {"leave_message", false},
          {"safe_contact",
           {{"channels", boost::json::array{"text", "email"}},
            {"times", "Weekdays 10:00 to 14:00"},
            {"code_word", "bluebell"}}},
          {"consent_to_share", true}};
}

// The personal values of FullReferral(): none may come back in an answer.
const std::vector<std::string> kPersonal = {"Robin",       "Selfcase", "Her sister", "07700 900417",
                                            "example.org", "bluebell", "bus stop",   "Weekdays"};

void ExpectProblem(const Reply& reply, unsigned status, const std::string& type,
                   const std::string& what) {
  EXPECT_EQ(reply.status, status) << what << ": " << reply.body;
  EXPECT_EQ(reply.Header("content-type"), "application/problem+json") << what;
  if (reply.body.empty()) return;
  const auto body = reply.Json().as_object();
  EXPECT_EQ(body.at("type").as_string(), "/problems/" + type) << what;
  EXPECT_FALSE(body.at("detail").as_string().empty()) << what;
}

// The field names a problem lists.
std::vector<std::string> ProblemFields(const Reply& reply) {
  std::vector<std::string> out;
  const auto body = reply.Json().as_object();
  if (const auto* errors = body.if_contains("errors")) {
    for (const auto& e : errors->as_array()) out.emplace_back(e.at("field").as_string());
  }
  return out;
}

class SelfReferralApiTest : public testing::SharedServerTest {
 protected:
  static void SetUpTestSuite() { StartDemoServer({"--self-referrals-per-hour", "1000"}); }

  struct Stored {
    int64_t cases, items, events, audit;
    bool operator==(const Stored&) const = default;
  };
  static Stored Snapshot() {
    return {Count(store::Table::kCases), Count(store::Table::kCaseItems),
            Count(store::Table::kCaseEvents), Count(store::Table::kAudit)};
  }

  // Posts as nobody: no cookie, no CSRF token, no bearer token.
  static Reply Send(const std::string& body, const std::string& type = "application/json") {
    HttpClient anonymous(server_->port());
    return anonymous.Request("POST", "/api/v1/self-referrals", body, type);
  }

  // The triage queue as the Met lead sees it: the case with `reference`,
  // or null.
  static boost::json::value InQueue(const std::string& reference) {
    HttpClient lead(server_->port());
    As(lead, "lead");
    const Reply queue = lead.Get("/api/v1/referrals?limit=200");
    EXPECT_EQ(queue.status, 200u) << queue.body;
    const auto all = queue.Json();
    for (const auto& c : all.at("items").as_array()) {
      if (c.at("reference").as_string() == reference) return c;
    }
    return nullptr;
  }
};

TEST_F(SelfReferralApiTest, AReferralReachesTheTriageQueueOfItsAreaSealedAndAudited) {
  const Stored before = Snapshot();
  const Reply r = Send(boost::json::serialize(FullReferral()));
  ASSERT_EQ(r.status, 201u) << r.body;
  const auto answer = r.Json().as_object();
  const std::string reference(answer.at("reference").as_string());
  EXPECT_TRUE(std::regex_match(reference, std::regex("STK-[0-9]{4}-[0-9]{6}"))) << reference;
  EXPECT_FALSE(answer.at("next_steps").as_array().empty());
  EXPECT_TRUE(answer.at("emergency").is_null());
  // Only the reference and next steps: no id to read it back by, nothing sent.
  EXPECT_EQ(answer.size(), 3u) << r.body;
  EXPECT_TRUE(r.Header("location").empty());
  for (const auto& p : kPersonal) EXPECT_EQ(r.body.find(p), std::string::npos) << p;
  // The case, its details, safe-contact preferences and consent; an event
  // and an audit entry for each.
  EXPECT_EQ(Snapshot(),
            (Stored{before.cases + 1, before.items + 3, before.events + 4, before.audit + 4}));

  const auto queued = InQueue(reference);
  ASSERT_TRUE(queued.is_object()) << reference << " is not in the Met lead's triage queue";
  EXPECT_EQ(queued.at("source").as_string(), "self");
  EXPECT_EQ(queued.at("status").as_string(), "referred");
  EXPECT_EQ(queued.at("referral_reason").as_string(), kWhat);
  const std::string id(queued.at("id").as_string());
  HttpClient lead(server_->port());
  As(lead, "lead");
  EXPECT_EQ(queued.at("owner_agency_id"), lead.Get("/api/v1/session").Json().at("agency_id"));
  const Reply details = lead.Get("/api/v1/cases/" + id + "/self-referrals");
  ASSERT_EQ(details.status, 200u) << details.body;
  const auto details_json = details.Json();
  const auto& d = details_json.at("items").as_array().at(0).at("body").as_object();
  EXPECT_EQ(d.at("referrer").as_string(), "on_behalf");
  EXPECT_EQ(d.at("relationship").as_string(), "Her sister");
  EXPECT_EQ(d.at("phone").as_string(), "07700 900417");
  EXPECT_EQ(d.at("area").as_string(), "met");
  EXPECT_EQ(d.at("consent_to_share").as_bool(), true);
  const Reply prefs = lead.Get("/api/v1/cases/" + id + "/safe-contact");
  ASSERT_EQ(prefs.status, 200u) << prefs.body;
  const auto prefs_json = prefs.Json();
  const auto& p = prefs_json.at("items").as_array().at(0).at("body").as_object();
  EXPECT_EQ(p.at("channels").as_array(), (boost::json::array{"text", "email"}));
  EXPECT_EQ(p.at("code_word").as_string(), "bluebell");
  EXPECT_EQ(p.at("do_not").as_string(), "Leave a message");
  const Reply consents = lead.Get("/api/v1/cases/" + id + "/consents");
  ASSERT_EQ(consents.status, 200u) << consents.body;
  EXPECT_EQ(consents.Json().at("items").as_array().at(0).at("status").as_string(), "given");
  const Reply timeline = lead.Get("/api/v1/cases/" + id + "/timeline");
  ASSERT_EQ(timeline.status, 200u) << timeline.body;
  EXPECT_NE(timeline.body.find("Self-referral through the public form for met"), std::string::npos)
      << timeline.body;

  // Audited as the public: no user, no agency, the caller's address.
  const auto audit = testing::AuditOfFile(server_->db(), "case.self_refer");
  const auto entry = std::find_if(audit.begin(), audit.end(),
                                  [&](const domain::AuditEntry& e) { return e.record_id == id; });
  ASSERT_NE(entry, audit.end());
  EXPECT_TRUE(entry->actor_id.empty());
  EXPECT_TRUE(entry->agency_id.empty());
  EXPECT_EQ(entry->source, "127.0.0.1");
  EXPECT_EQ(entry->purpose, "public self-referral form");

  // Sealed at rest: the database file holds neither the text nor the phone.
  store::SqliteOptions options{server_->db()};
  options.apply_migrations = false;
  auto raw = store::OpenSqlite(options);
  ASSERT_TRUE(raw.ok());
  ASSERT_TRUE((*raw)
                  ->Read([&](store::ReadTx& tx) {
                    auto c = tx.GetCase(id);
                    if (!c.ok()) return c.status();
                    EXPECT_EQ(c->referral_reason.find("bus stop"), std::string::npos);
                    auto items = tx.ListCaseItems(id, "");
                    if (!items.ok()) return items.status();
                    for (const auto& i : *items) {
                      EXPECT_EQ(i.body_json.find("07700"), std::string::npos) << i.kind;
                      EXPECT_EQ(i.body_json.find("bluebell"), std::string::npos) << i.kind;
                    }
                    return Status::Ok();
                  })
                  .ok());
}

TEST_F(SelfReferralApiTest, ImmediateDangerIsToldToCall999AndTheReferralIsStillStored) {
  const Stored before = Snapshot();
  const Reply r = Send(R"({"referrer":"victim","what_is_happening":"He is outside my door now.",
      "since":"not_sure","immediate_danger":true,"area":"met","contact_wanted":false,
      "consent_to_share":false})");
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_NE(std::string(r.Json().at("emergency").as_string()).find("call 999 now"),
            std::string::npos)
      << r.body;
  // No contact wanted: the case, its details and the refused consent.
  EXPECT_EQ(Snapshot(),
            (Stored{before.cases + 1, before.items + 2, before.events + 3, before.audit + 3}));
  const auto queued = InQueue(std::string(r.Json().at("reference").as_string()));
  ASSERT_TRUE(queued.is_object());
  HttpClient lead(server_->port());
  As(lead, "lead");
  const Reply consents =
      lead.Get("/api/v1/cases/" + std::string(queued.at("id").as_string()) + "/consents");
  EXPECT_EQ(consents.Json().at("items").as_array().at(0).at("status").as_string(), "refused");
}

TEST_F(SelfReferralApiTest, AnotherAreaGoesToThatForceNotToTheMet) {
  auto kent = FullReferral();
  kent["area"] = "kent";
  const Reply r = Send(boost::json::serialize(kent));
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_TRUE(InQueue(std::string(r.Json().at("reference").as_string())).is_null());
}

TEST_F(SelfReferralApiTest, EveryBadRequestIsAProblemAndStoresNothing) {
  const auto with = [](const char* field, boost::json::value value) {
    auto o = FullReferral();
    o[field] = std::move(value);
    return boost::json::serialize(o);
  };
  const auto without = [](const char* field) {
    auto o = FullReferral();
    o.erase(field);
    return boost::json::serialize(o);
  };
  struct Case {
    const char* what;
    std::string body;
    std::string type;
    unsigned status;
    std::string problem;
    std::string field;  // a field the problem must name ("" = the body)
  };
  std::string bad_utf8 = boost::json::serialize(FullReferral());
  bad_utf8.replace(bad_utf8.find("flat"), 4, "fl\xC3\x28t");
  auto no_contact_but_phone = FullReferral();
  no_contact_but_phone["contact_wanted"] = false;
  no_contact_but_phone.erase("email");
  no_contact_but_phone.erase("leave_message");
  no_contact_but_phone.erase("safe_contact");
  auto email_channel_without_email = FullReferral();
  email_channel_without_email.erase("email");
  const std::vector<Case> cases = {
      {"malformed JSON", R"({"referrer":"victim",)", "application/json", 400, "invalid-argument",
       ""},
      {"not an object", "[1,2]", "application/json", 400, "invalid-argument", ""},
      {"invalid UTF-8", bad_utf8, "application/json", 400, "invalid-argument", ""},
      {"wrong content type", boost::json::serialize(FullReferral()), "text/plain", 400,
       "invalid-argument", "content-type"},
      {"form encoding", "referrer=victim", "application/x-www-form-urlencoded", 400,
       "invalid-argument", "content-type"},
      {"danger as a string", with("immediate_danger", "yes"), "application/json", 400,
       "invalid-argument", "immediate_danger"},
      {"text as a number", with("what_is_happening", 42), "application/json", 400,
       "invalid-argument", "what_is_happening"},
      {"missing area", without("area"), "application/json", 400, "invalid-argument", "area"},
      {"missing what is happening", without("what_is_happening"), "application/json", 400,
       "invalid-argument", "what_is_happening"},
      {"missing consent", without("consent_to_share"), "application/json", 400, "invalid-argument",
       "consent_to_share"},
      {"unknown area", with("area", "atlantis"), "application/json", 400, "invalid-argument",
       "area"},
      {"not an area", with("area", "probation-london"), "application/json", 400, "invalid-argument",
       "area"},
      {"unknown field", with("nhs_number", "943 476 5919"), "application/json", 400,
       "invalid-argument", "nhs_number"},
      {"oversized text", with("what_is_happening", boost::json::string(std::string(5001, 'a'))),
       "application/json", 400, "invalid-argument", "what_is_happening"},
      {"oversized short field", with("relationship", boost::json::string(std::string(201, 'a'))),
       "application/json", 400, "invalid-argument", "relationship"},
      {"two-line short field", with("name", "Robin\nSelfcase"), "application/json", 400,
       "invalid-argument", "name"},
      {"on behalf without relationship", without("relationship"), "application/json", 400,
       "invalid-argument", "relationship"},
      {"no way to contact", with("phone", ""), "application/json", 400, "invalid-argument",
       "phone"},
      {"not a phone number", with("phone", "call me maybe"), "application/json", 400,
       "invalid-argument", "phone"},
      {"not an email address", with("email", "robin at example"), "application/json", 400,
       "invalid-argument", "email"},
      {"email channel without email", boost::json::serialize(email_channel_without_email),
       "application/json", 400, "invalid-argument", "email"},
      {"letter channel", with("safe_contact", {{"channels", boost::json::array{"letter"}}}),
       "application/json", 400, "invalid-argument", "safe_contact/channels"},
      {"unknown safe-contact field",
       with("safe_contact", {{"channels", boost::json::array{"text"}}, {"address", "1 Road"}}),
       "application/json", 400, "invalid-argument", "safe_contact/address"},
      {"contact details without contact", boost::json::serialize(no_contact_but_phone),
       "application/json", 400, "invalid-argument", "phone"},
      {"oversized body",
       with("what_is_happening", boost::json::string(std::string(size_t{70} * 1024, 'a'))),
       "application/json", 413, "too-large", ""},
  };
  for (const auto& c : cases) {
    const Stored before = Snapshot();
    const Reply r = Send(c.body, c.type);
    ExpectProblem(r, c.status, c.problem, c.what);
    if (!c.field.empty() && r.status == 400) {
      const auto fields = ProblemFields(r);
      EXPECT_NE(std::find(fields.begin(), fields.end(), c.field), fields.end())
          << c.what << ": " << r.body;
    }
    for (const auto& p : kPersonal) EXPECT_EQ(r.body.find(p), std::string::npos) << c.what << p;
    EXPECT_EQ(Snapshot(), before) << c.what << " stored something";
  }
}

TEST_F(SelfReferralApiTest, TheAnonymousCallerCannotReadAnythingBack) {
  const Reply sent = Send(boost::json::serialize(FullReferral()));
  ASSERT_EQ(sent.status, 201u) << sent.body;
  const auto queued = InQueue(std::string(sent.Json().at("reference").as_string()));
  ASSERT_TRUE(queued.is_object());
  const std::string id(queued.at("id").as_string());
  HttpClient anonymous(server_->port());
  for (const std::string& path : std::vector<std::string>{
           "/api/v1/referrals", "/api/v1/cases", "/api/v1/cases/" + id,
           "/api/v1/cases/" + id + "/self-referrals", "/api/v1/cases/" + id + "/safe-contact",
           "/api/v1/cases/" + id + "/timeline", "/api/v1/self-referrals/" + id}) {
    const Reply r = anonymous.Get(path);
    EXPECT_TRUE(r.status == 401 || r.status == 404 || r.status == 405) << path << " " << r.status;
    for (const auto& p : kPersonal) EXPECT_EQ(r.body.find(p), std::string::npos) << path;
  }
  // The form's own collection answers nothing to a read.
  EXPECT_EQ(anonymous.Get("/api/v1/self-referrals").status, 405u);
}

TEST_F(SelfReferralApiTest, TheAreasAreThePoliceForceAreasOfTheTable) {
  HttpClient anonymous(server_->port());
  const Reply r = anonymous.Get("/api/v1/self-referrals/areas");
  ASSERT_EQ(r.status, 200u) << r.body;
  std::map<std::string, std::string> areas;
  const auto json = r.Json();
  for (const auto& a : json.at("items").as_array()) {
    areas[std::string(a.at("code").as_string())] = a.at("name").as_string();
  }
  EXPECT_EQ(areas.size(), 43u);
  EXPECT_EQ(areas["met"], "Metropolitan Police Service");
  EXPECT_FALSE(areas.contains("btp"));
  EXPECT_FALSE(areas.contains("probation-london"));
}

// An address that keeps sending is told to wait, valid request or not; a
// server of its own so the limit is low.
TEST(SelfReferralRateLimit, TooManyFromOneAddressIs429WithRetryAfter) {
  testing::UseDemoLoginsInTests();
  testing::TempDir dir;
  testing::ServerProcess server(dir, {"--reports", "0", "--self-referrals-per-hour", "3"}, "demo");
  HttpClient client(server.port());
  const std::string good = boost::json::serialize(FullReferral());
  EXPECT_EQ(client.Post("/api/v1/self-referrals", good).status, 201u);
  EXPECT_EQ(client.Post("/api/v1/self-referrals", "{").status, 400u);
  EXPECT_EQ(client.Post("/api/v1/self-referrals", good).status, 201u);
  const Reply limited = client.Post("/api/v1/self-referrals", good);
  ExpectProblem(limited, 429, "rate-limited", "the fourth in an hour");
  const int retry = std::stoi(limited.Header("retry-after"));
  EXPECT_GT(retry, 3500);
  EXPECT_LE(retry, 3600);
  EXPECT_NE(limited.Json().at("detail").as_string().find("999"), std::string::npos);
  // Nothing more was stored: two referrals.
  store::SqliteOptions options{server.db()};
  options.apply_migrations = false;
  auto s = store::OpenSqlite(options);
  ASSERT_TRUE(s.ok());
  int64_t self = 0;
  ASSERT_TRUE((*s)->Read([&](store::ReadTx& tx) {
                    return tx.ScanCases([&](const domain::Case& c) {
                      if (c.source == "self") ++self;
                      return Status::Ok();
                    });
                  })
                  .ok());
  EXPECT_EQ(self, 2);
}

}  // namespace
}  // namespace threadline
