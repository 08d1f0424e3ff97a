// Group commit: many concurrent small durable writes share one transaction
// and so one fsync. A caller's work runs inside its own SAVEPOINT of the
// shared transaction, so it succeeds or fails alone, and it is answered only
// after the shared COMMIT is durable.
//
// Who runs the work: there is no background thread. Callers queue up; the
// caller at the front of the queue becomes the leader, takes the queued
// writes (its own first, up to max_batch), runs them all on its own thread
// in one Database::Write, answers every member, and hands the front of the
// queue to the next caller. Meanwhile the writes arriving form the next
// batch, so the busier the database, the larger the batches. A caller
// alone in the queue runs its work through plain Database::Write.
//
// Where it pays: SQLite, whose one writer fsyncs every commit. PostgreSQL
// already shares WAL flushes between concurrent commits and runs them on
// several connections; there batching puts all the work on one connection
// (bench/storage_group_commit_bench measures both).
#ifndef INTERPLAN_COMMON_STORAGE_GROUP_COMMIT_H_
#define INTERPLAN_COMMON_STORAGE_GROUP_COMMIT_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/storage/database.h"

namespace interplan::storage {

struct GroupCommitOptions {
  // The most writes one transaction carries.
  int max_batch = 64;
  // How long a leader waits for the queue to fill up to max_batch before it
  // starts. Zero: take whatever is queued when the database is free, which
  // already batches under load without delaying a lone writer.
  absl::Duration max_delay = absl::ZeroDuration();
};

// Counters since construction, for tests, metrics and benchmarks.
struct GroupCommitStats {
  // Write calls answered (including those refused while shutting down).
  int64_t writes = 0;
  // Groups of queued writes a leader took, one transaction attempt each.
  int64_t batches = 0;
  // Database::Write calls made: one per batch plus one per write re-run
  // alone after a batch was abandoned.
  int64_t transactions = 0;
  // Batches abandoned (a serialization conflict, a savepoint the engine
  // could not roll back to, a deferred constraint refused at COMMIT) and
  // re-run one write per transaction.
  int64_t abandoned_batches = 0;
  // The most writes seen in one batch.
  int64_t largest_batch = 0;
};

class GroupCommitter {
 public:
  // `db` must outlive the committer.
  explicit GroupCommitter(Database& db, GroupCommitOptions options = {});

  // Waits for the writes already queued to be answered; a Write arriving
  // meanwhile fails with UNAVAILABLE ("shutting down"). Destroy the
  // committer only once no thread will call Write again.
  ~GroupCommitter();

  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `work` in a read-write transaction shared with other callers'
  // work, and blocks until it is durably committed or has failed.
  //
  // - `work` runs within a SAVEPOINT of its own: if it fails, only its
  //   changes are rolled back and its status is returned; the others commit.
  //   A unique violation is ALREADY_EXISTS for this caller only.
  // - OK means the shared COMMIT succeeded: the write survives kill -9.
  //   If BEGIN or COMMIT fails, every caller whose work succeeded gets that
  //   error, except when COMMIT rejects a deferred constraint (nothing was
  //   committed, so the batch is re-run as below and only the culprit
  //   fails).
  // - The members of a batch run one after another in queue order, each
  //   seeing the ones before it, so the outcome is that of running them
  //   serially; concurrent writers still never both commit a check-then-
  //   write decision on the same rows.
  // - On a serialization conflict (PostgreSQL), inside one work or at
  //   COMMIT, the batch is rolled back and every member is run again in a
  //   transaction of its own through Database::Write, which retries
  //   conflicts: no caller sees a conflict a lone Database::Write would not.
  //   So is a batch whose savepoint the engine could not roll back to.
  //
  // Hence, as with Database::Write, `work` may run more than once and must
  // not keep side effects outside the transaction (reset any output it
  // fills at its start). It may run on another caller's thread, must not
  // COMMIT, ROLLBACK or release savepoints it did not create, and must not
  // call Write on this committer (it would wait for itself).
  absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> work);

  GroupCommitStats stats() const;

 private:
  struct Writer;

  // Runs `batch` (the front of the queue), fills each member's status and
  // counts its transactions into `counts`.
  void RunBatch(std::span<Writer* const> batch, GroupCommitStats& counts);
  // Runs the batch in one transaction; false when it had to be abandoned
  // (nothing committed), so the members must be run one by one.
  bool TryBatchTransaction(std::span<Writer* const> batch);

  Database& db_;
  const GroupCommitOptions options_;

  mutable std::mutex mu_;
  // Waiting and running writes; the front one is the leader.
  std::deque<Writer*> queue_ ABSL_GUARDED_BY(mu_);
  // Threads inside Write, so the destructor can wait for them.
  int active_ = 0 ABSL_GUARDED_BY(mu_);
  bool closing_ = false ABSL_GUARDED_BY(mu_);
  bool leader_lingering_ = false ABSL_GUARDED_BY(mu_);
  std::condition_variable drained_;
  GroupCommitStats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_GROUP_COMMIT_H_
