#pragma once
// A plain HTTP/1.1 client over a real loopback socket (Boost.Beast), for
// tests. One connection per client object; `Raw` sends bytes as they are,
// for requests no well-behaved client would send.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <csignal>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace threadline::testing {

struct Reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  boost::json::value Json() const { return boost::json::parse(body); }
  std::string Header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Reads one response from `stream` (plain or TLS); nullopt when none could
// be read. `keep_alive` says whether the server keeps the connection open.
template <typename Stream>
std::optional<Reply> ReadReplyFrom(Stream& stream, boost::beast::flat_buffer& buffer,
                                   bool& keep_alive) {
  namespace http = boost::beast::http;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::uint64_t{64} * 1024 * 1024);
  boost::beast::error_code ec;
  http::read(stream, buffer, parser, ec);
  if (ec) return std::nullopt;
  auto res = parser.release();
  Reply reply;
  reply.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(f.value());
  }
  reply.body = res.body();
  keep_alive = res.keep_alive();
  return reply;
}

class HttpClient {
 public:
  // A server that hangs up mid-request must fail the test, not kill it.
  explicit HttpClient(int port) : port_(port) { ::signal(SIGPIPE, SIG_IGN); }

  Reply Request(const std::string& method, const std::string& target, const std::string& body = "",
                const std::string& content_type = "application/json",
                const std::map<std::string, std::string>& headers = {}) {
    namespace http = boost::beast::http;
    Connect();
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty() || method == "POST") {
      req.set(http::field::content_type, content_type);
      req.body() = body;
      req.prepare_payload();
    }
    for (const auto& [name, value] : defaults_) req.set(name, value);
    for (const auto& [name, value] : headers) req.set(name, value);
    // A server may answer and stop reading before the body is sent (413):
    // the answer is still there to read.
    boost::beast::error_code ec;
    http::write(*stream_, req, ec);
    return ReadReply();
  }

  Reply Get(const std::string& target) { return Request("GET", target); }
  Reply Post(const std::string& target, const std::string& json) {
    return Request("POST", target, json);
  }

  // Sends `bytes` as they are and reads one reply (status 0 if the server
  // closed the connection without answering).
  Reply Raw(const std::string& bytes) {
    Connect();
    boost::asio::write(stream_->socket(), boost::asio::buffer(bytes));
    return ReadReply();
  }

  void Close() { stream_.reset(); }

  // Sent with every later request (a session cookie, a CSRF token); an
  // empty value removes the header.
  void SetDefaultHeader(const std::string& name, const std::string& value) {
    if (value.empty()) {
      defaults_.erase(name);
    } else {
      defaults_[name] = value;
    }
  }

 private:
  void Connect() {
    if (stream_) return;
    stream_.emplace(ioc_);
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"),
                                      static_cast<unsigned short>(port_));
    stream_->connect(ep);
  }

  Reply ReadReply() {
    bool keep_alive = false;
    auto reply = ReadReplyFrom(*stream_, buffer_, keep_alive);
    if (!reply || !keep_alive) stream_.reset();
    return reply.value_or(Reply{});
  }

  int port_;
  std::map<std::string, std::string> defaults_;
  boost::asio::io_context ioc_;
  std::optional<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace threadline::testing
