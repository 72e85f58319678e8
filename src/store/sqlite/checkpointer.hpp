#pragma once
// Checkpoints the write-ahead log on a thread of its own.
//
// SQLite's automatic checkpoint runs inside the commit that crosses its
// threshold: that commit, and every write queued behind it, waits while a
// thousand pages are copied into the database file and the file is synced.
// The Checkpointer replaces it: the writer's commits only wake it, and it
// copies on a connection of its own while the writer goes on committing.
//
// A checkpoint that runs beside commits cannot always copy the last frames
// (they keep arriving), and the log only starts again from its beginning
// once every frame has been copied. So once the log is twice its threshold
// the writer itself finishes the job inside a commit, where nothing new can
// arrive; by then little is left to copy. Readers holding an old snapshot
// can still hold the log back, as they can with SQLite's own checkpoints.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/db.hpp"

namespace threadline::store::sqlite {

class Checkpointer {
 public:
  // Opens a connection of its own on `path` and installs itself as
  // `writer`'s log hook, in place of SQLite's automatic checkpoints.
  // `threshold_frames`: the log size (in pages) that starts a checkpoint.
  static Result<std::unique_ptr<Checkpointer>> Start(Connection& writer, const std::string& path,
                                                     int threshold_frames = 1000);
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  // Gives SQLite's automatic checkpoints back to the writer and joins the
  // thread (after the checkpoint it is running, if any).
  ~Checkpointer();

  // Blocks until no checkpoint is asked for or running.
  void WaitIdle();
  // Checkpoints run so far on the thread, and by the writer catching up.
  int64_t background_runs() const { return background_runs_.load(); }
  int64_t catch_up_runs() const { return catch_up_runs_.load(); }

 private:
  Checkpointer(Connection& writer, std::unique_ptr<Connection> own, int threshold_frames);

  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  void Run();

  Connection& writer_;
  std::unique_ptr<Connection> own_;
  const int threshold_;
  int next_catch_up_;  // the writer's thread only
  std::atomic<int64_t> background_runs_{0};
  std::atomic<int64_t> catch_up_runs_{0};
  std::mutex mutex_;
  std::condition_variable wake_;  // a checkpoint asked for, or stopping
  std::condition_variable idle_;  // nothing asked for or running
  bool requested_ = false;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace threadline::store::sqlite
