#pragma once
// The link chart of a person's course of conduct for the running server:
// reads what the viewer may see, redacts it as every other read does,
// arranges it (services/link_chart.hpp) and audits the disclosure.
//
// Stateless apart from its references, so it is cheap to make per request.

#include "domain/result.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/link_chart.hpp"
#include "services/link_service.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct LinkChart {
  chart::Chart chart;
  bool links_shown = false;  // the viewer's role may read identity links
  bool truncated = false;    // more reports than kMaxReports: the rest left out
};

class LinkChartService {
 public:
  // At most this many reports are charted; LinkChart::truncated says when
  // more were left out.
  static constexpr size_t kMaxReports = 200;
  // Same-person links drawn: identity resolution at least this sure, as on
  // the person page.
  static constexpr double kMinLinkProbability = 0.5;

  LinkChartService(store::Store& store, const AccessControl& access, LinkService& links)
      : store_(store), access_(access), links_(links) {}

  // The chart around person `id`: the person; when the viewer's role may
  // read identity links ("link.read"), the records probably the same
  // individual and the same-person links between everyone charted; the
  // reports naming the person (and those linked records the viewer may
  // see) that the viewer may see; the other parties of those reports; the
  // identifiers of every person whose contact details the viewer may see;
  // and the forces that recorded the reports.
  //
  // Requires "person.read". kNotFound when there is no such person or the
  // viewer may not see them. Records the viewer may not see appear only
  // as ids with `visible` false (pointers to ask for sharing), exactly as
  // the links endpoint shows them; a visible record's withheld fields are
  // emptied and listed with their reason. Every person and report shown is
  // audited ("person.chart", "report.chart") with the basis of its
  // disclosure; the answer is withheld if the audit cannot be written.
  Result<LinkChart> ForPerson(const Actor& actor, const domain::Id& id);

 private:
  store::Store& store_;
  const AccessControl& access_;
  LinkService& links_;
};

}  // namespace threadline::services
