#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"

namespace threadline::api {

void AddHealthRoutes(Router& router, ApiContext& context) {
  router.Add(
      "GET", "/healthz",
      [](const HttpRequest&) {
        return JsonResponse(boost::json::object{{"status", "ok"}});
      },
      RouteAccess::kPublic);
  router.Add(
      "GET", "/readyz",
      [&context](const HttpRequest& request) {
        const Status s = context.store.Ping();
        if (!s.ok()) {
          return HttpProblem(503, "not-ready", "Not ready", "The database is not reachable.",
                             request.request_id);
        }
        // Reads are refused while their audit entries cannot be written, so
        // an instance in that state is not ready either. Flushing also means
        // that once this answers, every read answered before is in the log.
        if (!context.store.FlushAudit().ok()) {
          return HttpProblem(503, "not-ready", "Not ready", "The audit log cannot be written.",
                             request.request_id);
        }
        return JsonResponse(boost::json::object{{"status", "ready"}});
      },
      RouteAccess::kPublic);
}

}  // namespace threadline::api
