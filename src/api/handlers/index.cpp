#include "api/handlers/routes.hpp"
#include "api/handlers/static_files.hpp"

namespace threadline::api {
namespace {

// What "/" shows when the web application has not been built: what is
// running and how to get the rest. No script, no style, nothing personal.
constexpr const char* kNotBuiltPage = R"(<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Threadline</title></head>
<body>
<h1>Threadline</h1>
<p>The Threadline server is running, but the web application has not been built.
Run <code>make build</code> (or <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>),
or start the server with <code>--web-root</code> naming the built files.</p>
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

void AddIndexRoutes(Router& router, ApiContext&, const WebFiles* web) {
  router.Add(
      "GET", "/",
      [web](const HttpRequest& request) {
        if (web != nullptr) {
          if (auto index = web->Index(request)) return std::move(*index);
        }
        HttpResponse r;
        r.content_type = "text/html; charset=utf-8";
        r.body = kNotBuiltPage;
        return r;
      },
      RouteAccess::kPublic);
  if (web != nullptr) {
    router.SetFallback([web](const HttpRequest& request) { return web->Serve(request); });
  }
}

}  // namespace threadline::api
