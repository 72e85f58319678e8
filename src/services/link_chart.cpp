#include "services/link_chart.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "linkage/normalize.hpp"

namespace threadline::services::chart {
namespace {

std::string PersonNode(const domain::Id& id) { return "person:" + id; }
std::string ReportNode(const domain::Id& id) { return "report:" + id; }
std::string ForceNode(const std::string& code) { return "force:" + code; }

// The comparable form of an identifier; the recorded text when it does not
// normalise (so nothing recorded is lost from the chart).
std::string Normalised(std::string_view kind, const std::string& value) {
  std::string out;
  if (kind == "phone") out = linkage::NormalizePhone(value);
  if (kind == "email") out = linkage::NormalizeEmail(value);
  if (kind == "handle") out = linkage::NormalizeHandle(value);
  if (kind == "vehicle") out = linkage::NormalizeVehicle(value);
  return out.empty() ? value : out;
}

class Builder {
 public:
  explicit Builder(const Input& input) : input_(input) {}

  Chart Build() {
    AddPersons();
    AddReports();
    AddIdentifiers();
    AddForces();
    AddSamePersonLinks();
    Finish();
    return std::move(chart_);
  }

 private:
  Node& Person(const domain::Id& id) {
    const auto it = person_index_.find(id);
    if (it != person_index_.end()) return persons_[it->second];
    person_index_[id] = persons_.size();
    Node n;
    n.id = PersonNode(id);
    n.kind = NodeKind::kPerson;
    n.record_id = id;
    n.visible = false;
    n.root = id == input_.root;
    persons_.push_back(std::move(n));
    return persons_.back();
  }

  void AddPersons() {
    Person(input_.root);  // first, even if the input lists it later
    for (const auto& p : input_.persons) {
      Node& n = Person(p.id);
      n.visible = p.visible;
      if (!p.visible) continue;
      n.agency_code = p.agency_code;
      n.given_name = p.given_name;
      n.family_name = p.family_name;
      n.basis = p.basis;
      n.withheld = p.withheld;
    }
  }

  void AddReports() {
    std::vector<const ReportSeen*> reports;
    std::set<domain::Id> seen;
    for (const auto& r : input_.reports) {
      if (seen.insert(r.id).second) reports.push_back(&r);
    }
    std::stable_sort(reports.begin(), reports.end(), [](const auto* a, const auto* b) {
      return std::tie(a->occurred_at, a->id) < std::tie(b->occurred_at, b->id);
    });
    std::set<std::tuple<domain::Id, domain::Id, std::string>> parties;
    for (const auto* r : reports) {
      Node n;
      n.id = ReportNode(r->id);
      n.kind = NodeKind::kReport;
      n.record_id = r->id;
      n.reference = r->reference;
      n.occurred_at = r->occurred_at;
      n.recorded_as = r->recorded_as;
      n.force_code = r->force_code;
      report_nodes_.push_back(std::move(n));
      for (const auto& party : r->parties) {
        if (!parties.insert({party.person_id, r->id, party.role}).second) continue;
        Node& person = Person(party.person_id);
        if (std::find(person.roles.begin(), person.roles.end(), party.role) == person.roles.end()) {
          person.roles.push_back(party.role);
        }
        party_edges_.push_back(
            {"party_of", PersonNode(party.person_id), ReportNode(r->id), party.role, 0, 0});
      }
      if (!r->force_code.empty()) {
        forces_.insert(r->force_code);
        force_edges_.push_back(
            {"recorded_by", ReportNode(r->id), ForceNode(r->force_code), {}, 0, 0});
      }
    }
  }

  void AddIdentifiers() {
    // (kind, normalised) -> index into identifiers_, in order of first sight.
    std::map<std::pair<std::string, std::string>, size_t> index;
    std::vector<std::set<domain::Id>> holders;
    auto add = [&](const PersonSeen& p, const char* kind, const std::vector<std::string>& values) {
      for (const auto& value : values) {
        const auto key = std::make_pair(std::string(kind), Normalised(kind, value));
        auto [it, inserted] = index.try_emplace(key, identifiers_.size());
        if (inserted) {
          Node n;
          n.id = "identifier:" + std::to_string(identifiers_.size() + 1);
          n.kind = NodeKind::kIdentifier;
          n.identifier_kind = kind;
          n.value = value;
          identifiers_.push_back(std::move(n));
          holders.emplace_back();
        }
        if (holders[it->second].insert(p.id).second) {
          identifier_edges_.push_back(
              {"has_identifier", PersonNode(p.id), identifiers_[it->second].id, {}, 0, 0});
        }
      }
    };
    for (const auto& p : input_.persons) {
      if (!p.visible) continue;
      add(p, "phone", p.phones);
      add(p, "email", p.emails);
      add(p, "handle", p.handles);
      add(p, "vehicle", p.vehicles);
    }
    for (size_t i = 0; i < identifiers_.size(); ++i) identifiers_[i].holders = holders[i].size();
  }

  void AddForces() {
    for (const auto& code : forces_) {
      Node n;
      n.id = ForceNode(code);
      n.kind = NodeKind::kForce;
      n.force_code = code;
      n.name = code;
      for (const auto& a : input_.forces) {
        if (a.code == code) n.name = a.name;
      }
      force_nodes_.push_back(std::move(n));
    }
  }

  void AddSamePersonLinks() {
    std::set<std::pair<domain::Id, domain::Id>> pairs;
    for (const auto& l : input_.links) {
      if (l.a == l.b || !person_index_.contains(l.a) || !person_index_.contains(l.b)) continue;
      if (!pairs.insert(std::minmax(l.a, l.b)).second) continue;
      link_edges_.push_back(
          {"same_person", PersonNode(l.a), PersonNode(l.b), {}, l.probability, l.weight});
    }
  }

  // Nodes and edges in their documented order.
  void Finish() {
    for (auto& n : persons_) std::sort(n.roles.begin(), n.roles.end());
    auto move_all = [](auto& from, auto& to) {
      for (auto& x : from) to.push_back(std::move(x));
    };
    move_all(persons_, chart_.nodes);
    move_all(report_nodes_, chart_.nodes);
    move_all(identifiers_, chart_.nodes);
    move_all(force_nodes_, chart_.nodes);
    move_all(party_edges_, chart_.edges);
    move_all(force_edges_, chart_.edges);
    move_all(identifier_edges_, chart_.edges);
    move_all(link_edges_, chart_.edges);
  }

  const Input& input_;
  Chart chart_;
  std::vector<Node> persons_;
  std::unordered_map<domain::Id, size_t> person_index_;
  std::vector<Node> report_nodes_;
  std::vector<Node> identifiers_;
  std::vector<Node> force_nodes_;
  std::set<std::string> forces_;
  std::vector<Edge> party_edges_;
  std::vector<Edge> force_edges_;
  std::vector<Edge> identifier_edges_;
  std::vector<Edge> link_edges_;
};

}  // namespace

Chart BuildChart(const Input& input) { return Builder(input).Build(); }

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kPerson:
      return "person";
    case NodeKind::kReport:
      return "report";
    case NodeKind::kIdentifier:
      return "identifier";
    case NodeKind::kForce:
      return "force";
  }
  return "person";
}

}  // namespace threadline::services::chart
