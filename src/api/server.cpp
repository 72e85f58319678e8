#include "api/server.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <type_traits>
#include <unordered_map>

#include "api/handler_fiber.hpp"
#include "api/problem.hpp"

namespace threadline::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

std::string NewRequestId() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  uint64_t bits = engine();
  for (char& c : id) {
    c = kHex[bits & 15U];
    bits >>= 4;
  }
  return id;
}

// Handlers of these wait for a commit to reach the disk.
bool ChangesData(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

// A client may pass its own request id, but only a short, plain one: it is
// written to the log as is.
bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

// Fills path and query from the request target; false when it is malformed.
bool ParseTarget(std::string_view target, HttpRequest& out) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return false;
  out.path = url->path();
  if (out.path.empty() || out.path.front() != '/') return false;
  for (const auto& param : url->params()) out.query[param.key] = param.value;
  return true;
}

// Base64 of 16 random bytes: fresh for every answer, so an injected script
// cannot guess the nonce of the page it lands in.
std::string NewCspNonce() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(16, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

// Handler headers first, then the security headers, which always win (see
// server.hpp): a handler cannot weaken them, even by accident.
void AddDefaultHeaders(http::response<http::string_body>& res, const HttpResponse& r,
                       const std::string& nonce, bool secure) {
  res.set(http::field::server, "threadline");
  bool has_cache = false;
  for (const auto& [name, value] : r.headers) {
    has_cache = has_cache || beast::iequals(name, "Cache-Control");
    res.set(name, value);
  }
  if (!has_cache) res.set(http::field::cache_control, "no-store");
  res.set("Content-Security-Policy", ContentSecurityPolicy(nonce));
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  if (secure) {
    res.set(http::field::strict_transport_security, "max-age=31536000; includeSubDomains");
  } else {
    // Browsers ignore it over plain HTTP; sending it would only mislead.
    res.erase(http::field::strict_transport_security);
  }
}

// The wire form of a handler's answer, with the headers every answer carries.
std::shared_ptr<http::response<http::string_body>> BuildResponse(HttpResponse r,
                                                                 const std::string& request_id,
                                                                 const std::string& nonce,
                                                                 bool secure, unsigned version,
                                                                 bool keep_alive) {
  auto res = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(r.status), version);
  res->set(http::field::content_type, r.content_type);
  res->set("X-Request-Id", request_id);
  AddDefaultHeaders(*res, r, nonce, secure);
  res->keep_alive(keep_alive);
  res->body() = std::move(r.body);
  res->prepare_payload();
  return res;
}

// Reads a whole file, or says why not (for the error at start).
Status CheckReadable(const std::string& file, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return InvalidArgument("cannot read the TLS " + what + " file " + file + ": " +
                           std::strerror(errno));
  }
  return Status::Ok();
}

// A server context for HTTPS: TLS 1.2 or later; for TLS 1.2 only ECDHE key
// exchange with AEAD ciphers (TLS 1.3 suites are all of that kind already);
// no renegotiation, no compression.
Result<std::unique_ptr<ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                     const std::string& key_file) {
  if (Status s = CheckReadable(cert_file, "certificate"); !s.ok()) return s.error();
  if (Status s = CheckReadable(key_file, "private key"); !s.ok()) return s.error();
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use | ssl::context::no_compression);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native,
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                              "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                              "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
    return Internal("OpenSSL refused the TLS protocol settings");
  }
  // An encrypted key would make OpenSSL ask for a passphrase on the terminal;
  // refuse it instead.
  ctx->set_password_callback(
      [](std::size_t, ssl::context::password_purpose) { return std::string(); });
  beast::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return InvalidArgument("the TLS certificate file " + cert_file +
                           " does not hold a PEM certificate (" + ec.message() + ")");
  }
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec && ec.category() == net::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
    return InvalidArgument("the TLS private key in " + key_file +
                           " does not match the certificate in " + cert_file);
  }
  if (ec) {
    return InvalidArgument("the TLS private key file " + key_file +
                           " does not hold an unencrypted PEM private key that matches the "
                           "certificate (" +
                           ec.message() + ")");
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    return InvalidArgument("the TLS private key in " + key_file +
                           " does not match the certificate in " + cert_file);
  }
  return ctx;
}

}  // namespace

std::string ContentSecurityPolicy(const std::string& nonce) {
  const std::string n = "'nonce-" + nonce + "'";
  return "default-src 'self'; script-src 'self' " + n + "; style-src 'self' " + n +
         "; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'";
}

// What the server needs of a connection, whichever stream it runs on.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection at once if it is waiting for a request; a busy one
  // closes after its response.
  virtual void CloseIfIdle() = 0;
  virtual void ForceClose() = 0;
};

struct Server::Impl {
  Impl(ServerOptions o, RequestHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        acceptor(net::make_strand(ioc)),
        signals(ioc),
        drain_timer(acceptor.get_executor()) {
    if (options.write_threads > 0) writers.emplace(static_cast<size_t>(options.write_threads));
  }

  void Accept();
  void BeginShutdown();
  void Register(const std::shared_ptr<SessionBase>& s);
  void Unregister(SessionBase* s);

  ServerOptions options;
  RequestHandler handler;
  std::unique_ptr<ssl::context> tls;  // set by Listen() when TLS is configured
  net::io_context ioc;
  // Runs the handlers of requests that change data, when options.write_threads > 0.
  std::optional<net::thread_pool> writers;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer drain_timer;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};
  std::mutex sessions_mutex;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
};

// One connection: plain (`PlainStream`) or TLS (`TlsStream`). Everything
// runs on the connection's strand.
template <typename Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  Session(tcp::socket socket, Server::Impl& server) requires(!kTls)
      : stream_(std::move(socket)), server_(server) {
    RememberPeer();
  }
  Session(tcp::socket socket, ssl::context& tls, Server::Impl& server) requires(kTls)
      : stream_(std::move(socket), tls), server_(server) {
    RememberPeer();
  }
  ~Session() override {
    server_.Unregister(this);
    --server_.connections;
  }

  void Start(bool reject) {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this(), reject] {
      if constexpr (kTls) {
        self->Handshake(reject);
      } else {
        self->Begin(reject);
      }
    });
  }

  void CloseIfIdle() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) {
        beast::error_code ec;
        self->Socket().shutdown(tcp::socket::shutdown_both, ec);
        self->Socket().close(ec);
      }
    });
  }

  void ForceClose() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      beast::error_code ec;
      self->Socket().close(ec);
    });
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }
  tcp::socket& Socket() { return Lowest().socket(); }

  void RememberPeer() {
    beast::error_code ec;
    const auto endpoint = Socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  // TLS only. The handshake gets the same time as a request; until it is
  // done the connection counts as idle, so shutdown need not wait for it.
  void Handshake(bool reject) {
    Lowest().expires_after(server_.options.request_timeout);
    idle_ = true;
    stream_.async_handshake(ssl::stream_base::server,
                            [self = this->shared_from_this(), reject](beast::error_code ec) {
                              self->idle_ = false;
                              if (ec) {
                                spdlog::debug("TLS handshake failed: {}", ec.message());
                                return self->CloseSocket();
                              }
                              self->handshake_done_ = true;
                              self->Begin(reject);
                            });
  }

  void Begin(bool reject) {
    if (reject) {
      RespondAndClose(503, "unavailable", "Service unavailable",
                      "Too many connections; retry shortly.", 11);
    } else {
      Read();
    }
  }

  void Read() {
    if (server_.stopping) return Close();
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(static_cast<uint32_t>(server_.options.header_limit));
    Lowest().expires_after(server_.options.request_timeout);
    idle_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, this->shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    idle_ = false;
    const int version = 11;
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::bad_descriptor ||
        ec == ssl::error::stream_truncated) {
      return Close();
    }
    // A broken TLS record cannot carry an answer.
    if (ec.category() == net::error::get_ssl_category()) return CloseSocket();
    if (ec == http::error::body_limit) {
      return RespondAndClose(
          413, "too-large", "Request body too large",
          "The body exceeds " + std::to_string(server_.options.body_limit) + " bytes.", version);
    }
    if (ec == http::error::header_limit) {
      return RespondAndClose(431, "headers-too-large", "Request headers too large",
                             "The request headers are too large.", version);
    }
    if (ec) {
      return RespondAndClose(400, "bad-request", "Bad request",
                             "The request is not well-formed HTTP.", version);
    }
    // Shutdown closed the connection while a whole request was already
    // read: it cannot be answered, so it must not be run (a write would be
    // committed and never confirmed to the client).
    if (!Socket().is_open()) return;
    Handle(parser_->release());
  }

  void Handle(http::request<http::string_body> req) {
    const auto started = std::chrono::steady_clock::now();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.remote = remote_;
    request.secure = kTls;
    request.csp_nonce = NewCspNonce();
    for (const auto& field : req) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      request.headers[name] = std::string(field.value());
    }
    const std::string& given_id = request.Header("x-request-id");
    request.request_id = IsSafeRequestId(given_id) ? given_id : NewRequestId();
    request.body = std::move(req.body());
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    if (!ParseTarget(req.target(), request)) {
      return Finish(
          HttpProblem(400, "bad-target", "Bad request target",
                      "The request target is not a valid path and query.", request.request_id),
          request, started, version, keep_alive);
    }
    if (server_.options.fibers && ChangesData(req.method())) {
      return RunOnFiber(std::move(request), started, version, keep_alive);
    }
    if (server_.writers && ChangesData(req.method())) {
      // The connection stays busy (not idle) until Finish, and the guard
      // keeps the I/O threads running until the answer is posted back.
      net::post(
          *server_.writers,
          [self = this->shared_from_this(), work = net::make_work_guard(stream_.get_executor()),
           request = std::move(request), started, version, keep_alive]() mutable {
            HttpResponse response = self->Respond(request);
            net::post(self->stream_.get_executor(),
                      [self, response = std::move(response), request = std::move(request), started,
                       version, keep_alive]() mutable {
                        self->Finish(std::move(response), request, started, version, keep_alive);
                      });
          });
      return;
    }
    Finish(Respond(request), request, started, version, keep_alive);
  }

  HttpResponse Respond(HttpRequest& request) {
    try {
      return server_.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("{{\"request_id\":\"{}\",\"msg\":\"handler threw\",\"what\":{}}}",
                    request.request_id, boost::json::serialize(boost::json::value(e.what())));
      return ProblemResponse(Internal(e.what()), request.request_id);
    } catch (...) {
      spdlog::error("{{\"request_id\":\"{}\",\"msg\":\"handler threw a non-exception\"}}",
                    request.request_id);
      return ProblemResponse(Internal("the handler failed"), request.request_id);
    }
  }

  // The handler runs on a fiber of its own; while it waits for a commit the
  // fiber is set aside and this thread serves other connections. The
  // connection stays busy (not idle) until Finish, and the wake's guard
  // keeps the I/O threads running until the answer is sent.
  void RunOnFiber(HttpRequest request, std::chrono::steady_clock::time_point started,
                  unsigned version, bool keep_alive) {
    auto& call =
        in_flight_.emplace(InFlight{std::move(request), {}, started, version, keep_alive, nullptr});
    call.fiber = std::make_unique<HandlerFiber>(
        [this] { in_flight_->response = Respond(in_flight_->request); },
        [self = this->shared_from_this(), work = net::make_work_guard(stream_.get_executor())] {
          net::post(self->stream_.get_executor(), [self] { self->StepFiber(); });
        });
    StepFiber();
  }

  void StepFiber() {
    if (!in_flight_->fiber->Resume()) return;  // set aside until its commit is made
    InFlight call = std::move(*in_flight_);
    in_flight_.reset();
    Finish(std::move(call.response), call.request, call.started, call.version, call.keep_alive);
  }

  // Back on the connection's strand: logs the request and sends the answer.
  void Finish(HttpResponse response, const HttpRequest& request,
              std::chrono::steady_clock::time_point started, unsigned version, bool keep_alive) {
    Log(request, response, started);
    Write(std::move(response), request, version, keep_alive && !server_.stopping);
  }

  void Log(const HttpRequest& request, const HttpResponse& response,
           std::chrono::steady_clock::time_point started) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    boost::json::object line;
    line["time"] = domain_time();
    line["request_id"] = request.request_id;
    line["method"] = request.method;
    line["path"] = request.path;
    line["status"] = response.status;
    line["duration_us"] = static_cast<int64_t>(us);
    spdlog::info(boost::json::serialize(line));
  }

  static std::string domain_time() {
    const auto now = std::chrono::system_clock::now();
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];  // room for any int the compiler imagines in tm
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf;
  }

  void Write(HttpResponse r, const HttpRequest& request, unsigned version, bool keep_alive) {
    auto res = BuildResponse(std::move(r), request.request_id, request.csp_nonce, kTls, version,
                             keep_alive);
    http::async_write(
        stream_, *res,
        [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
          if (ec) return self->CloseSocket();
          if (!keep_alive) return self->Close();
          self->Read();
        });
  }

  // Answers a request the server refuses to read (too large, malformed) and
  // then closes gently: stop sending, then read and discard what the client
  // is still sending for a moment. Closing with unread data would make the
  // kernel send a reset that can destroy the answer before the client reads it.
  // Over TLS the discarding happens below TLS, on the raw connection.
  void RespondAndClose(unsigned status, const char* slug, const char* title,
                       const std::string& detail, unsigned version) {
    const std::string id = NewRequestId();
    auto res = BuildResponse(HttpProblem(status, slug, title, detail, id), id, NewCspNonce(), kTls,
                             version, false);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
                        if (ec) return self->CloseSocket();
                        beast::error_code ignored;
                        self->Socket().shutdown(tcp::socket::shutdown_send, ignored);
                        self->Lowest().expires_after(std::chrono::seconds(2));
                        self->Drain();
                      });
  }

  void Drain() {
    drain_buffer_.resize(size_t{64} * 1024);
    Lowest().async_read_some(net::buffer(drain_buffer_),
                             [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                               self->drained_ += n;
                               if (ec || self->drained_ > size_t{16} * 1024 * 1024)
                                 return self->CloseSocket();
                               self->Drain();
                             });
  }

  // Ends the connection cleanly: over TLS with a close_notify first (waiting
  // at most two seconds for the client's), so the client can tell a complete
  // answer from a cut one.
  void Close() {
    if constexpr (kTls) {
      if (handshake_done_ && !closing_ && Socket().is_open()) {
        closing_ = true;
        Lowest().expires_after(std::chrono::seconds(2));
        stream_.async_shutdown(
            [self = this->shared_from_this()](beast::error_code) { self->CloseSocket(); });
        return;
      }
    }
    CloseSocket();
  }

  void CloseSocket() {
    beast::error_code ec;
    Socket().shutdown(tcp::socket::shutdown_send, ec);
    Socket().close(ec);
  }

  Stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool idle_ = false;
  bool handshake_done_ = false;
  bool closing_ = false;
  std::vector<char> drain_buffer_;
  size_t drained_ = 0;
  // The request whose handler runs on a fiber (RunOnFiber), while it runs.
  struct InFlight {
    HttpRequest request;
    HttpResponse response;
    std::chrono::steady_clock::time_point started;
    unsigned version = 11;
    bool keep_alive = false;
    std::unique_ptr<HandlerFiber> fiber;
  };
  std::optional<InFlight> in_flight_;
};

void Server::Impl::Register(const std::shared_ptr<SessionBase>& s) {
  std::lock_guard lock(sessions_mutex);
  sessions[s.get()] = s;
}

void Server::Impl::Unregister(SessionBase* s) {
  std::lock_guard lock(sessions_mutex);
  sessions.erase(s);
  // The last connection gone during shutdown: no need to wait out the drain.
  if (stopping && sessions.empty()) {
    net::post(acceptor.get_executor(), [this] { drain_timer.cancel(); });
  }
}

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping && ec != net::error::operation_aborted) Accept();
      return;
    }
    const bool reject = ++connections > options.max_connections;
    if (tls) {
      auto session = std::make_shared<Session<TlsStream>>(std::move(socket), *tls, *this);
      Register(session);
      session->Start(reject);
    } else {
      auto session = std::make_shared<Session<PlainStream>>(std::move(socket), *this);
      Register(session);
      session->Start(reject);
    }
    if (!stopping) Accept();
  });
}

// Runs on the acceptor's strand, like the timer it arms.
void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel();
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->CloseIfIdle();
  if (live.empty()) return;
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) s->ForceClose();
    }
  });
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Status Server::Listen() {
  const ServerOptions& o = impl_->options;
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return InvalidArgument("TLS needs both a certificate file and a private key file");
  }
  if (!o.tls_cert_file.empty()) {
    auto tls = MakeTlsContext(o.tls_cert_file, o.tls_key_file);
    if (!tls.ok()) return tls.error();
    impl_->tls = std::move(*tls);
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(o.address, ec);
  if (ec) return InvalidArgument("not an IP address: " + o.address);
  const tcp::endpoint endpoint{address, o.port};
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable, "cannot listen on " + o.address + ":" +
                                                  std::to_string(o.port) + ": " + ec.message());
  }
  return Status::Ok();
}

bool Server::secure() const { return impl_->tls != nullptr; }

uint16_t Server::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void Server::Run() {
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) net::post(impl_->acceptor.get_executor(), [this] { impl_->BeginShutdown(); });
    });
  }
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  // Every handler posted to the pool held the I/O threads running until its
  // answer was handed back, so none is left running here.
  if (impl_->writers) impl_->writers->join();
}

void Server::Shutdown() {
  net::post(impl_->acceptor.get_executor(), [this] { impl_->BeginShutdown(); });
}

}  // namespace threadline::api
