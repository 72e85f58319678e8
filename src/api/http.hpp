#pragma once
// The request and response values that handlers see: no Beast types leak
// past the server, so handlers are plain functions that are easy to test.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "services/actor.hpp"

namespace threadline::api {

struct HttpRequest {
  std::string method;                              // "GET", "POST", ...
  std::string path;                                // percent-decoded path, no query
  std::map<std::string, std::string> query;        // decoded; a repeated key keeps the last
  std::map<std::string, std::string> path_params;  // filled by the router
  std::map<std::string, std::string> headers;      // names in lower case
  std::string body;
  std::string request_id;
  std::string remote;   // peer address
  bool secure = false;  // the connection is TLS (so cookies may be marked Secure)
  // A fresh random nonce (base64) that the response's Content-Security-Policy
  // allows for <script nonce="..."> and <style nonce="..."> elements.
  std::string csp_nonce;
  // Who is asking: set by the sign-in guard before any handler of a route
  // that needs a signed-in caller runs; anonymous otherwise.
  services::Actor actor = services::Actor::Anonymous("", "");
  std::string session_token_hash;  // the cookie session's, empty for bearer tokens

  const std::string& Header(const std::string& lower_name) const {
    static const std::string kEmpty;
    const auto it = headers.find(lower_name);
    return it == headers.end() ? kEmpty : it->second;
  }
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace threadline::api
