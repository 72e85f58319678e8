#pragma once
// HTTPS for tests: a self-signed certificate made with the OpenSSL C API (no
// `openssl` program needed), and an HTTP/1.1 client over TLS (Boost.Beast
// ssl_stream) that trusts only that certificate and checks the server's
// name against it, as a browser would.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "http_client.hpp"

namespace threadline::testing {

// A fresh P-256 key and a self-signed certificate for 127.0.0.1 and
// localhost, valid from a minute ago for a day, both in PEM.
struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;

  static TestCertificate Make() {
    using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
    using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;
    KeyPtr key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    CertPtr cert(X509_new(), &X509_free);
    if (!key || !cert) throw std::runtime_error("OpenSSL cannot make a key");
    X509_set_version(cert.get(), 2);  // v3, for the subjectAltName extension
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    if (san == nullptr || X509_add_ext(cert.get(), san, -1) != 1) {
      throw std::runtime_error("OpenSSL cannot add the subjectAltName");
    }
    X509_EXTENSION_free(san);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
      throw std::runtime_error("OpenSSL cannot sign the certificate");
    }
    TestCertificate out;
    out.cert_pem = ToPem([&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); });
    out.key_pem = ToPem([&](BIO* b) {
      return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    return out;
  }

  // Writes cert.pem and key.pem into `dir`; returns their paths.
  std::pair<std::string, std::string> WriteTo(const std::filesystem::path& dir) const {
    const std::string cert = (dir / "cert.pem").string();
    const std::string key = (dir / "key.pem").string();
    std::ofstream(cert) << cert_pem;
    std::ofstream(key) << key_pem;
    return {cert, key};
  }

 private:
  template <typename Write>
  static std::string ToPem(Write write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || write(bio.get()) != 1) throw std::runtime_error("OpenSSL cannot write PEM");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
  }
};

class TlsClient {
 public:
  // Trusts `trusted_cert_pem` only. `max_version` (e.g. TLS1_2_VERSION)
  // caps the protocol the client offers; 0 leaves OpenSSL's default.
  TlsClient(int port, const std::string& trusted_cert_pem, int max_version = 0)
      : port_(port), ctx_(boost::asio::ssl::context::tls_client) {
    ::signal(SIGPIPE, SIG_IGN);
    ctx_.add_certificate_authority(boost::asio::buffer(trusted_cert_pem));
    ctx_.set_verify_mode(boost::asio::ssl::verify_peer);
    if (max_version != 0) SSL_CTX_set_max_proto_version(ctx_.native_handle(), max_version);
  }

  // Connects and completes the handshake (once per connection); false, with
  // error(), when either fails.
  bool Connect() {
    if (stream_) return true;
    stream_.emplace(ioc_, ctx_);
    stream_->set_verify_callback(boost::asio::ssl::host_name_verification("127.0.0.1"));
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"),
                                      static_cast<unsigned short>(port_));
    boost::beast::error_code ec;
    boost::beast::get_lowest_layer(*stream_).connect(ep, ec);
    if (!ec) stream_->handshake(boost::asio::ssl::stream_base::client, ec);
    if (ec) {
      error_ = ec.message();
      stream_.reset();
      return false;
    }
    return true;
  }

  const std::string& error() const { return error_; }

  // "TLSv1.3", "TLSv1.2", ... of the open connection.
  std::string Protocol() { return stream_ ? SSL_get_version(stream_->native_handle()) : ""; }

  // One request; status 0 when there is no connection or no answer.
  Reply Request(const std::string& method, const std::string& target, const std::string& body = "",
                const std::string& content_type = "application/json") {
    namespace http = boost::beast::http;
    if (!Connect()) return Reply{};
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty() || method == "POST") {
      req.set(http::field::content_type, content_type);
      req.body() = body;
      req.prepare_payload();
    }
    boost::beast::error_code ec;
    http::write(*stream_, req, ec);  // the answer may come although the write failed (413)
    bool keep_alive = false;
    auto reply = ReadReplyFrom(*stream_, buffer_, keep_alive);
    if (!reply) {
      stream_.reset();
      return Reply{};
    }
    if (!keep_alive) Close();
    return *reply;
  }

  Reply Get(const std::string& target) { return Request("GET", target); }

  // Ends the connection with a TLS close_notify.
  void Close() {
    if (!stream_) return;
    boost::beast::error_code ec;
    stream_->shutdown(ec);
    stream_.reset();
  }

 private:
  int port_;
  boost::asio::io_context ioc_;
  boost::asio::ssl::context ctx_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> stream_;
  boost::beast::flat_buffer buffer_;
  std::string error_;
};

}  // namespace threadline::testing
