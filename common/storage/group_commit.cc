#include "common/storage/group_commit.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace interplan::storage {
namespace {

// Each member runs between these; members run one at a time, so one name
// serves them all. A name of its own keeps clear of the work's savepoints.
constexpr absl::string_view kBeginMember = "SAVEPOINT interplan_group_commit";
constexpr absl::string_view kEndMember = "RELEASE SAVEPOINT interplan_group_commit";
constexpr absl::string_view kUndoMember =
    "ROLLBACK TO SAVEPOINT interplan_group_commit;"
    " RELEASE SAVEPOINT interplan_group_commit";

// What the batch returns to Database::Write when it gives up: not a
// serialization conflict, so the engine rolls back without retrying.
absl::Status BatchAbandoned() { return absl::AbortedError("group commit batch abandoned"); }

}  // namespace

// One caller's write, on the caller's stack while it waits.
struct GroupCommitter::Writer {
  explicit Writer(absl::FunctionRef<absl::Status(Transaction&)> w) : work(w) {}

  absl::FunctionRef<absl::Status(Transaction&)> work;
  absl::Status status;
  bool done = false;  // guarded by mu_
  // Wakes this caller: its write is answered, or it leads now.
  std::condition_variable cv;
};

GroupCommitter::GroupCommitter(Database& db, GroupCommitOptions options)
    : db_(db), options_(options) {}

GroupCommitter::~GroupCommitter() {
  std::unique_lock<std::mutex> lock(mu_);
  closing_ = true;
  // A lingering leader stops waiting for company.
  if (leader_lingering_ && !queue_.empty()) queue_.front()->cv.notify_one();
  drained_.wait(lock, [this] { return active_ == 0; });
}

GroupCommitStats GroupCommitter::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

absl::Status GroupCommitter::Write(absl::FunctionRef<absl::Status(Transaction&)> work) {
  const size_t max_batch = static_cast<size_t>(std::max(options_.max_batch, 1));
  Writer self(work);
  std::unique_lock<std::mutex> lock(mu_);
  if (closing_) {
    ++stats_.writes;
    return absl::UnavailableError("group committer is shutting down: write not attempted");
  }
  ++active_;
  queue_.push_back(&self);
  if (leader_lingering_ && queue_.size() >= max_batch) {
    queue_.front()->cv.notify_one();
  }
  while (!self.done && queue_.front() != &self) self.cv.wait(lock);

  if (!self.done) {
    // This caller leads: its batch stays at the front of the queue while it
    // runs, so writes arriving meanwhile wait behind it.
    if (options_.max_delay > absl::ZeroDuration() && queue_.size() < max_batch && !closing_) {
      leader_lingering_ = true;
      self.cv.wait_until(
          lock, std::chrono::steady_clock::now() + absl::ToChronoNanoseconds(options_.max_delay),
          [&] { return closing_ || queue_.size() >= max_batch; });
      leader_lingering_ = false;
    }
    const size_t size = std::min(queue_.size(), max_batch);
    std::vector<Writer*> batch(queue_.begin(), queue_.begin() + size);
    lock.unlock();

    GroupCommitStats counts;
    RunBatch(batch, counts);

    lock.lock();
    ++stats_.batches;
    stats_.transactions += counts.transactions;
    stats_.abandoned_batches += counts.abandoned_batches;
    stats_.largest_batch = std::max(stats_.largest_batch, static_cast<int64_t>(size));
    for (Writer* writer : batch) {
      queue_.pop_front();
      writer->done = true;
      // Under the lock: once it sees `done` the writer may return and
      // destroy its condition variable.
      if (writer != &self) writer->cv.notify_one();
    }
    if (!queue_.empty()) queue_.front()->cv.notify_one();  // the next leader
  }

  ++stats_.writes;
  if (--active_ == 0 && closing_) drained_.notify_all();
  return self.status;
}

void GroupCommitter::RunBatch(std::span<Writer* const> batch, GroupCommitStats& counts) {
  ++counts.transactions;
  if (batch.size() == 1) {
    // Alone: exactly what Database::Write does, with no savepoint.
    batch[0]->status = db_.Write(batch[0]->work);
    return;
  }
  if (TryBatchTransaction(batch)) return;
  ++counts.abandoned_batches;
  for (Writer* writer : batch) {
    ++counts.transactions;
    writer->status = db_.Write(writer->work);
  }
}

bool GroupCommitter::TryBatchTransaction(std::span<Writer* const> batch) {
  for (Writer* writer : batch) writer->status = absl::OkStatus();
  int runs = 0;
  bool abandoned = false;
  const absl::Status committed = db_.Write([&](Transaction& txn) -> absl::Status {
    // The engine runs this again only after a serialization conflict at
    // COMMIT; rather than retry the whole batch, run its members alone.
    if (++runs > 1) {
      abandoned = true;
      return BatchAbandoned();
    }
    for (Writer* writer : batch) {
      if (!txn.ExecuteScript(kBeginMember).ok()) {
        abandoned = true;
        return BatchAbandoned();
      }
      absl::Status status = writer->work(txn);
      // RELEASE fails when the work swallowed an error that left the
      // transaction unusable (PostgreSQL): that is the work's failure.
      if (status.ok()) status = txn.ExecuteScript(kEndMember);
      if (status.ok()) continue;
      // A conflict dooms the whole transaction, not just this savepoint; a
      // failed undo means the engine already rolled everything back (SQLite
      // does on I/O errors) or the connection is gone.
      if (IsSerializationConflict(status) || !txn.ExecuteScript(kUndoMember).ok()) {
        abandoned = true;
        return BatchAbandoned();
      }
      writer->status = std::move(status);
    }
    return absl::OkStatus();
  });
  if (abandoned) return false;
  if (committed.ok()) return true;
  // A conflict at COMMIT (when the engine does not retry) rolled back all.
  if (IsSerializationConflict(committed)) return false;
  // Every member ran and COMMIT refused a constraint checked only then (a
  // deferred one): the engine rolled everything back, and running the
  // members alone tells which one is to blame.
  const bool commit_rejected_a_constraint =
      runs == 1 && (absl::IsFailedPrecondition(committed) || absl::IsAlreadyExists(committed));
  if (commit_rejected_a_constraint) return false;
  // BEGIN failed, or COMMIT failed in a way that may or may not have
  // committed (a lost connection, an I/O error): running anything again
  // could apply it twice, so every member that had succeeded gets the error.
  // A member that had failed on its own keeps its own error.
  for (Writer* writer : batch) {
    if (writer->status.ok()) writer->status = committed;
  }
  return true;
}

}  // namespace interplan::storage
