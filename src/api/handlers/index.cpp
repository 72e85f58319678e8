#include "api/handlers/routes.hpp"

namespace threadline::api {
namespace {

// A plain page for whoever opens the server's address in a browser: what is
// running and where the API lives. No script, no style, nothing personal.
constexpr const char* kIndexPage = R"(<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Threadline</title></head>
<body>
<h1>Threadline</h1>
<p>The Threadline server is running.</p>
<ul>
<li><a href="/healthz">/healthz</a> &mdash; the process is up</li>
<li><a href="/readyz">/readyz</a> &mdash; the database answers</li>
<li><a href="/api/v1/agencies">/api/v1/agencies</a> &mdash; agencies taking part</li>
<li><a href="/api/v1/reports">/api/v1/reports</a> &mdash; incident reports, newest first</li>
</ul>
</body>
</html>
)";

}  // namespace

void AddIndexRoutes(Router& router, ApiContext&) {
  router.Add(
      "GET", "/",
      [](const HttpRequest&) {
        HttpResponse r;
        r.content_type = "text/html; charset=utf-8";
        r.body = kIndexPage;
        return r;
      },
      RouteAccess::kPublic);
}

}  // namespace threadline::api
