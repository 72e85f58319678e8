#include "api/handlers/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <utility>

#include "api/problem.hpp"

namespace threadline::api {
namespace fs = std::filesystem;
namespace {

// Larger files are not part of a web application; refusing them bounds the
// memory one request can take.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{32} * 1024 * 1024;

constexpr std::string_view kHashedPrefix = "/assets/";
constexpr const char* kHashedCache = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Paths the API and the health checks own: never answered with the web app.
bool IsServerPath(std::string_view path) {
  for (std::string_view owned : {"/api", "/healthz", "/readyz"}) {
    if (path == owned || StartsWith(path, std::string(owned) + "/")) return true;
  }
  return false;
}

std::optional<std::string> ReadFile(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string body;
  body.reserve(static_cast<size_t>(size));
  body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return body;
}

bool Within(const fs::path& root, const fs::path& candidate) {
  auto [r, c] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  return r == root.end();
}

HttpResponse NotFound(const HttpRequest& request) {
  return HttpProblem(404, "not-found", "Not found", "There is no resource at this address.",
                     request.request_id);
}

}  // namespace

WebFiles::WebFiles(fs::path root) {
  if (root.empty()) return;
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec) root_.clear();
}

std::optional<fs::path> WebFiles::Resolve(std::string_view url_path) const {
  if (!enabled() || url_path.size() < 2 || url_path.front() != '/') return std::nullopt;
  fs::path path = root_;
  size_t start = 1;
  while (start <= url_path.size()) {
    const size_t slash = url_path.find('/', start);
    const size_t end = slash == std::string_view::npos ? url_path.size() : slash;
    const std::string_view segment = url_path.substr(start, end - start);
    // Empty segments, ".", "..", hidden names and anything a file system
    // could read as a separator or terminator are refused outright.
    if (segment.empty() || segment.front() == '.' ||
        segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      return std::nullopt;
    }
    path /= std::string(segment);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  // Symbolic links are followed, but only to somewhere inside the root.
  std::error_code ec;
  const fs::path real = fs::canonical(path, ec);
  if (ec || !Within(root_, real) || !fs::is_regular_file(real, ec) || ec) return std::nullopt;
  return real;
}

std::optional<HttpResponse> WebFiles::Index(const HttpRequest& request) const {
  if (!enabled()) return std::nullopt;
  const auto file = Resolve("/index.html");
  if (!file) return std::nullopt;
  auto html = ReadFile(*file);
  if (!html) return std::nullopt;
  HttpResponse r;
  r.content_type = "text/html; charset=utf-8";
  r.body = WithNonce(*html, request.csp_nonce);
  // It carries this answer's nonce: never reuse it.
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse WebFiles::Serve(const HttpRequest& request) const {
  const std::string& path = request.path;
  if (request.method != "GET" || IsServerPath(path) || !enabled()) return NotFound(request);
  if (path == "/index.html") {
    if (auto index = Index(request)) return std::move(*index);
    return NotFound(request);
  }
  if (const auto file = Resolve(path)) {
    auto body = ReadFile(*file);
    if (!body) return NotFound(request);
    HttpResponse r;
    r.content_type = ContentTypeFor(file->filename().string());
    r.body = std::move(*body);
    r.headers.emplace_back("Cache-Control",
                           StartsWith(path, kHashedPrefix) ? kHashedCache : kRevalidate);
    return r;
  }
  // A client-side page ("/reports/01J..."): no dot in its last segment, and
  // not a missing build file, which must stay a 404 rather than turn into HTML.
  const std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
  if (!StartsWith(path, kHashedPrefix) && last.find('.') == std::string_view::npos) {
    if (auto index = Index(request)) return std::move(*index);
  }
  return NotFound(request);
}

std::string ContentTypeFor(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string ext(file_name.substr(dot));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [known, type] : kTypes) {
      if (ext == known) return std::string(type);
    }
  }
  return "application/octet-stream";
}

std::string WithNonce(std::string_view html, std::string_view nonce) {
  const std::string attribute = " nonce=\"" + std::string(nonce) + "\"";
  std::string out;
  out.reserve(html.size() + 8 * attribute.size());
  size_t at = 0;
  while (at < html.size()) {
    const size_t open = html.find('<', at);
    if (open == std::string_view::npos) break;
    out.append(html.substr(at, open + 1 - at));
    at = open + 1;
    for (std::string_view tag : {"script", "style", "link"}) {
      if (html.substr(at, tag.size()) != tag) continue;
      const size_t after = at + tag.size();
      if (after < html.size() && (html[after] == ' ' || html[after] == '>' || html[after] == '\n' ||
                                  html[after] == '\t')) {
        out.append(tag);
        out.append(attribute);
        at = after;
      }
      break;
    }
  }
  out.append(html.substr(at));
  return out;
}

fs::path FindWebRoot(const fs::path& executable) {
  std::error_code ec;
  fs::path dir = executable.parent_path();
  for (int depth = 0; depth < 4 && !dir.empty(); ++depth) {
    const fs::path candidate = dir / "web" / "dist";
    if (fs::is_regular_file(candidate / "index.html", ec)) return fs::canonical(candidate, ec);
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return {};
}

}  // namespace threadline::api
