#include "store/sqlite/checkpointer.hpp"

#include <pthread.h>

namespace threadline::store::sqlite {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(Connection& writer,
                                                          const std::string& path,
                                                          int threshold_frames) {
  if (threshold_frames < 1) return InvalidArgument("a checkpoint threshold is at least one page");
  auto own = Connection::Open(path, /*read_only=*/false);
  if (!own.ok()) return own.error();
  return std::unique_ptr<Checkpointer>(new Checkpointer(writer, std::move(*own), threshold_frames));
}

Checkpointer::Checkpointer(Connection& writer, std::unique_ptr<Connection> own,
                           int threshold_frames)
    : writer_(writer),
      own_(std::move(own)),
      threshold_(threshold_frames),
      next_catch_up_(2 * threshold_frames),
      thread_([this] { Run(); }) {
  // The checkpointing connection writes nothing, so never checkpoints
  // after a commit of its own.
  sqlite3_wal_autocheckpoint(own_->raw(), 0);
  sqlite3_wal_hook(writer_.raw(), &Checkpointer::OnCommit, this);
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_autocheckpoint(writer_.raw(), threshold_);
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Checkpointer::WaitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return !requested_ && !running_; });
}

// Runs on the writer's thread after each commit, with the log's size.
int Checkpointer::OnCommit(void* self, sqlite3* db, const char* schema, int frames) {
  auto* c = static_cast<Checkpointer*>(self);
  if (frames < c->threshold_) {
    c->next_catch_up_ = 2 * c->threshold_;  // the log has started again
    return SQLITE_OK;
  }
  if (frames >= c->next_catch_up_) {
    const int rc =
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    // Busy: the thread is copying; the next commit tries again. Otherwise
    // once per threshold's worth of frames at most, or a reader holding the
    // log back would make every commit copy again.
    if (rc != SQLITE_BUSY) {
      c->next_catch_up_ = frames + c->threshold_;
      c->catch_up_runs_.fetch_add(1);
    }
    return SQLITE_OK;
  }
  {
    const std::lock_guard lock(c->mutex_);
    if (c->requested_) return SQLITE_OK;
    c->requested_ = true;
  }
  c->wake_.notify_one();
  // Whatever happens here, the commit has happened.
  return SQLITE_OK;
}

void Checkpointer::Run() {
  ::pthread_setname_np(::pthread_self(), "checkpointer");
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || requested_; });
    if (stopping_) break;
    requested_ = false;
    running_ = true;
    lock.unlock();
    // Busy (the writer catching up, a backup) or not, the next commit over
    // the threshold asks again.
    (void)sqlite3_wal_checkpoint_v2(own_->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                    nullptr);
    background_runs_.fetch_add(1);
    lock.lock();
    running_ = false;
    if (!requested_) idle_.notify_all();
  }
  running_ = false;
  requested_ = false;
  idle_.notify_all();
}

}  // namespace threadline::store::sqlite
