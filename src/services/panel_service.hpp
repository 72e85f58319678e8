#pragma once
// Panels (stalking clinics, MATACs, MARACs), their nominations and agendas,
// and the RFGV harm ranking of perpetrators behind MATAC nominations.
//
// Who sees what:
//  - a panel is visible to its owning agency and to the agencies that
//    receive that agency's "case" records under an agreement in force;
//  - a force's ranking is visible to the force itself and to the agencies
//    that receive its "case" records; analysts see it with every person id
//    replaced by a pseudonym (services/pseudonym.hpp);
//  - an agenda lists only the cases and persons the reader may see, and says
//    how many it left out.
// "Not yours" and "no such panel or force" are the same answer (kNotFound).
//
// Every use case checks the role first, writes in one transaction and audits
// what it discloses: one entry per person ranked, per case or person on an
// agenda, per score recorded.
//
// Ranking: the incidents of one force in the model's look-back window are
// streamed from the store (a report with a suspect and a victim is one
// incident per suspect and victim; a report with no recorded victim is not
// an incident against anyone and is not ranked) and scored by
// risk::RankPerpetrators. The serial flag is dropped for a suspect whose
// recorded date of birth shows they were under 16 on the day of the
// ranking (DOMAIN.md: serial perpetrators are 16 or over); an unknown or
// partial date of birth that cannot show it leaves the flag as scored.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/case_records.hpp"
#include "domain/result.hpp"
#include "risk/harm_ranking.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "services/panel_attendance.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct NewPanel {
  std::string code;      // unique: lower-case letters, digits and '-', 3 to 64 characters
  std::string name;      // required, up to 200 characters
  std::string kind;      // stalking_clinic, matac, marac
  std::string area;      // a force code or a local area, required, up to 100 characters
  std::string schedule;  // optional, up to 200 characters ("weekly on Tuesday")
};

struct RankQuery {
  std::string force_code;
  size_t top_n = 20;  // 1 to kMaxTopN
  std::string as_of;  // a date, not in the future; empty = today
};

// One ranked perpetrator: the score, its four parts with the values behind
// them, and the explanation a panel reads.
struct RankedPerpetrator {
  int rank = 0;          // 1 = highest harm
  domain::Id person_id;  // a pseudonym ("P-...") for analysts
  int score = 0;
  int recency_points = 0;
  int frequency_points = 0;
  int gravity_points = 0;
  int victim_points = 0;
  int days_since_last = 0;  // recency: days from the last incident to the ranking day
  int incidents = 0;        // frequency: incidents (one per victim) in the window
  double gravity = 0;       // harm: sum of the incidents' weights, in days of custody
  int victims = 0;          // distinct victims
  bool serial = false;
  std::string explanation;    // risk::ExplainScore
  std::string model_version;  // "rfgv-v1+harm-weights-v1"
};

struct Ranking {
  std::string force_code;
  std::string as_of;  // the ranking day
  std::string model_version;
  int lookback_days = 0;
  bool pseudonymised = false;
  size_t reports = 0;       // reports of the force read from the window's start
  size_t perpetrators = 0;  // perpetrators scored, before the cut to top_n
  std::vector<RankedPerpetrator> ranked;
};

struct RecordedScores {
  std::string force_code;
  std::string scored_on;
  std::string model_version;
  size_t recorded = 0;          // scores stored now
  size_t already_recorded = 0;  // perpetrators scored on that day with that model before
};

struct ScoreHistoryEntry {
  domain::HarmScore score;
  int change_since_first = 0;  // score minus the first score's
};

struct HarmScoreHistory {
  domain::Id person_id;
  std::vector<ScoreHistoryEntry> entries;  // oldest first
  int change_since_first = 0;              // the latest score minus the first
  // False when the scores were made with different models, so the change
  // compares unlike bands.
  bool same_model = true;
};

struct NewNomination {
  std::string meeting_date;  // required, a date
  domain::Id case_id;        // the case put forward; or
  domain::Id person_id;      // the perpetrator, when there is no case (yet)
  std::string source;        // team, partner, ranking, review
  // Why the panel should discuss it, up to 2000 characters; required unless
  // the source is the ranking (then the score's explanation is used).
  std::string reason;
};

struct AgendaEntry {
  std::string basis;  // "nominated" or "due_for_review"
  std::string why;    // one readable line saying why it is on the agenda
  domain::Id case_id;
  std::string case_reference;
  int tier = 0;
  domain::Id person_id;  // the perpetrator, when known
  int score = 0;         // harm score at nomination, 0 when not ranked
  std::string score_version;
  std::string last_event_at;                     // due-for-review cases: the last timeline event
  std::optional<domain::Nomination> nomination;  // nominated entries
};

struct PanelAgenda {
  domain::Panel panel;
  std::string meeting_date;
  // Nominations, highest score first, then the cases due for review, the
  // longest without activity first.
  std::vector<AgendaEntry> entries;
  int withheld = 0;  // entries about cases or persons the reader may not see
  // Who attended, from the minutes recorded for the agenda's cases.
  MeetingAttendance attendance;
};

class PanelService {
 public:
  static constexpr size_t kDefaultTopN = 20;
  static constexpr size_t kMaxTopN = 500;
  // An open tier 3 or 4 case with no timeline event for longer than this
  // before the meeting is due for review.
  static constexpr int kReviewAfterDays = 28;

  PanelService(store::Store& store, const AccessControl& access, const risk::RfgvModel& model,
               Clock clock)
      : store_(store), access_(access), model_(model), clock_(std::move(clock)) {}

  // Needs panel.manage. The actor's agency owns the panel (the system actor
  // must give the code of an agency as the area, and that agency owns it).
  // kInvalidArgument with one FieldError per bad field; kConflict for a code
  // in use.
  Result<domain::Panel> CreatePanel(const Actor& actor, const NewPanel& panel);
  // Need panel.read: the panels the actor may see, by code; one panel
  // (kNotFound when not visible).
  Result<std::vector<domain::Panel>> ListPanels(const Actor& actor);
  Result<domain::Panel> GetPanel(const Actor& actor, const domain::Id& id);

  // Needs rank.read. The top perpetrators of one force on `as_of`.
  Result<Ranking> Rank(const Actor& actor, const RankQuery& query);

  // Needs panel.manage. Scores every perpetrator of the force on `as_of`
  // (empty = today) and stores the scores, so a panel can see whether a
  // score fell after its intervention. Perpetrators already scored that day
  // with the same model are left as they were: running it twice is harmless.
  Result<RecordedScores> RecordScores(const Actor& actor, const std::string& force_code,
                                      const std::string& as_of);
  // Needs panel.read. The person's recorded scores, oldest first, from the
  // forces whose rankings the actor may see.
  Result<HarmScoreHistory> ScoreHistory(const Actor& actor, const domain::Id& person_id);

  // Needs case.read. Puts a case (or a perpetrator) forward for one meeting
  // of a panel the actor may see; a named case must be visible to them and
  // not closed, and gets a "case.nominated" timeline event. From the
  // ranking, the perpetrator's current score, its breakdown and the model
  // version are stored with the nomination. kConflict when the case (or,
  // without a case, the person) is already nominated for that meeting.
  Result<domain::Nomination> Nominate(const Actor& actor, const domain::Id& panel_id,
                                      const NewNomination& nomination);

  // Needs panel.read. The nominations for the meeting on `date`, then the
  // open tier 3 and 4 cases of the panel's agency with no timeline event in
  // the kReviewAfterDays days before it that were not nominated.
  Result<PanelAgenda> Agenda(const Actor& actor, const domain::Id& panel_id,
                             const std::string& date);

  const risk::RfgvModel& model() const { return model_; }

 private:
  struct Scored;
  Result<domain::Agency> RankableForce(store::ReadTx& tx, const Actor& actor,
                                       const std::string& force_code) const;
  Result<Scored> ScoreForce(store::ReadTx& tx, const domain::Id& force_id, int32_t today,
                            size_t top_n) const;
  Result<domain::Panel> VisiblePanel(store::ReadTx& tx, const Actor& actor,
                                     const domain::Id& id) const;
  Result<std::vector<domain::Id>> RankableForces(store::ReadTx& tx, const Actor& actor) const;
  // The person's score as a suspect in the reports of the forces the actor
  // may rank; nullopt when they have no incident in the window.
  Result<std::optional<risk::RfgvScore>> ScorePerson(store::ReadTx& tx, const Actor& actor,
                                                     const domain::Id& person_id,
                                                     int32_t today) const;

  store::Store& store_;
  const AccessControl& access_;
  const risk::RfgvModel& model_;
  Clock clock_;
};

}  // namespace threadline::services
