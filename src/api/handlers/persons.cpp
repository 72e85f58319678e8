#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_render.hpp"

namespace threadline::api {

void AddPersonRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/persons/{id}", [&context](const HttpRequest& request) {
    auto person = context.reports.GetPerson(ActorFor(request), request.path_params.at("id"));
    if (!person.ok()) return ProblemResponse(person.error(), request.request_id);
    return JsonResponse(PersonJson(*person));
  });
}

}  // namespace threadline::api
