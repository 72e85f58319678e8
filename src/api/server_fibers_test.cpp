// The server with writes on fibers (ServerOptions::fibers): a handler that
// waits for its commit holds no thread, so a single I/O thread keeps every
// such request in flight at once and still answers reads meanwhile.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "../../tests/support/http_client.hpp"
#include "api/server.hpp"
#include "domain/awaiter.hpp"

namespace threadline::api {
namespace {

// Requests that change data wait, through their awaiter, until the test
// resumes them; reads answer at once, saying whether they had an awaiter.
class ParkingServer {
 public:
  explicit ParkingServer(bool fibers) {
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.write_threads = fibers ? 0 : 1;
    options.fibers = fibers;
    options.handle_signals = false;
    server_ = std::make_unique<Server>(options, [this](HttpRequest& r) { return Handle(r); });
    if (!server_->Listen().ok()) throw std::runtime_error("cannot listen");
    runner_ = std::thread([this] { server_->Run(); });
  }
  ~ParkingServer() {
    ResumeAll();
    server_->Shutdown();
    runner_.join();
  }
  ParkingServer(const ParkingServer&) = delete;
  ParkingServer& operator=(const ParkingServer&) = delete;

  int port() const { return server_->port(); }

  // True once `n` requests wait at the same moment.
  bool WaitForParked(size_t n) {
    std::unique_lock lock(mutex_);
    return parked_cv_.wait_for(lock, std::chrono::seconds(10), [&] { return parked_.size() >= n; });
  }

  void ResumeAll() {
    std::vector<Awaiter::Resume> parked;
    {
      const std::lock_guard lock(mutex_);
      parked.swap(parked_);
    }
    for (auto& resume : parked) resume();
  }

 private:
  HttpResponse Handle(HttpRequest& request) {
    Awaiter* awaiter = CurrentAwaiter();
    if (request.method == "GET") {
      return {200, "text/plain", awaiter == nullptr ? "no awaiter" : "awaiter", {}};
    }
    if (awaiter == nullptr) return {500, "text/plain", "a write without an awaiter", {}};
    awaiter->Await([this](Awaiter::Resume resume) {
      const std::lock_guard lock(mutex_);
      parked_.push_back(std::move(resume));
      parked_cv_.notify_all();
    });
    return {200, "text/plain", "committed", {}};
  }

  std::mutex mutex_;
  std::condition_variable parked_cv_;
  std::vector<Awaiter::Resume> parked_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

TEST(ServerFibers, OneThreadKeepsEveryWaitingWriteInFlightAndStillAnswersReads) {
  ParkingServer server(/*fibers=*/true);
  constexpr size_t kWrites = 8;
  std::vector<std::future<testing::Reply>> writes;
  for (size_t i = 0; i < kWrites; ++i) {
    writes.push_back(std::async(std::launch::async, [port = server.port()] {
      testing::HttpClient client(port);
      return client.Post("/write", "{}");
    }));
  }
  ASSERT_TRUE(server.WaitForParked(kWrites)) << "the writes did not all wait at once";

  testing::HttpClient reader(server.port());
  const testing::Reply read = reader.Get("/read");
  EXPECT_EQ(read.status, 200U);
  EXPECT_EQ(read.body, "no awaiter");  // reads run on the thread itself

  server.ResumeAll();
  for (auto& w : writes) {
    ASSERT_EQ(w.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const testing::Reply reply = w.get();
    EXPECT_EQ(reply.status, 200U);
    EXPECT_EQ(reply.body, "committed");
  }
}

// Without fibers a write has no awaiter and blocks a thread of the pool:
// the handler here refuses it, so this also shows the test above would fail
// if writes were not on fibers.
TEST(ServerFibers, WithoutFibersAWriteHasNoAwaiter) {
  ParkingServer server(/*fibers=*/false);
  testing::HttpClient client(server.port());
  const testing::Reply reply = client.Post("/write", "{}");
  EXPECT_EQ(reply.status, 500U);
  EXPECT_EQ(reply.body, "a write without an awaiter");
}

}  // namespace
}  // namespace threadline::api
