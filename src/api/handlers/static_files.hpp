#pragma once
// The web application: the files `npm run build` writes to web/dist, served
// at "/" beside the API.
//
//   - a request path names a file under the root, or nothing: no "..", no
//     hidden files, and a symbolic link may not lead outside the root;
//   - index.html is sent for "/" and for every client-side page (a GET
//     path with no file and no dot in its last segment, outside /api,
//     /healthz and /readyz), with the response's CSP nonce on its <script>,
//     <style> and <link> elements and `Cache-Control: no-store`;
//   - files under /assets/ carry a content hash in their names (Vite), so
//     they are cached for a year; other files must be revalidated.
//
// Files are read from disk on each request, so a rebuilt web application is
// served without a restart.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "api/http.hpp"

namespace threadline::api {

class WebFiles {
 public:
  // `root` is the folder holding index.html; empty means no web application.
  explicit WebFiles(std::filesystem::path root = {});

  bool enabled() const { return !root_.empty(); }
  const std::filesystem::path& root() const { return root_; }

  // index.html for `request`, with its nonce; nullopt when it cannot be read.
  std::optional<HttpResponse> Index(const HttpRequest& request) const;
  // The answer to a GET of any other path: a file, index.html for a
  // client-side page, or a 404 problem.
  HttpResponse Serve(const HttpRequest& request) const;

  // The regular file under the root that `url_path` names, or nullopt when
  // it names none, leaves the root or passes through a hidden name.
  std::optional<std::filesystem::path> Resolve(std::string_view url_path) const;

 private:
  std::filesystem::path root_;  // canonical
};

// The media type for a file name's extension.
std::string ContentTypeFor(std::string_view file_name);

// Puts ` nonce="N"` into every <script, <style and <link start tag.
std::string WithNonce(std::string_view html, std::string_view nonce);

// The web application's folder when none is configured: the first
// `web/dist` holding an index.html in the executable's folder or one of its
// parents (a build folder sits inside the source tree); empty when none.
std::filesystem::path FindWebRoot(const std::filesystem::path& executable);

}  // namespace threadline::api
