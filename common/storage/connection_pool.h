// A fixed-size pool of database connections, each used by one thread at a
// time. Connections are opened on first need, up to the pool size, or all
// at once by OpenAll().
#ifndef INTERPLAN_COMMON_STORAGE_CONNECTION_POOL_H_
#define INTERPLAN_COMMON_STORAGE_CONNECTION_POOL_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace interplan::storage {

template <typename Connection>
class ConnectionPool {
 public:
  using Factory = std::function<absl::StatusOr<std::unique_ptr<Connection>>()>;

  // Returns a borrowed connection to the pool when destroyed; Discard()
  // closes it instead (after a broken connection).
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->Return(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }
    void Discard() { connection_.reset(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ConnectionPool(int size, Factory factory)
      : size_(size < 1 ? 1 : size), factory_(std::move(factory)) {}

  // Opens connections until the pool holds its size of them, so that no
  // call after start-up waits on a connect (and on the name lookup of the
  // server's host, which a loaded resolver can stretch to seconds). The
  // first failure is returned; the connections opened so far stay.
  absl::Status OpenAll() {
    std::vector<Lease> opened;
    while (true) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (open_ >= size_) return absl::OkStatus();
      }
      absl::StatusOr<Lease> lease = Acquire();
      if (!lease.ok()) return lease.status();
      opened.push_back(std::move(*lease));
    }
  }

  // Waits for a free connection, opening a new one while below the size.
  absl::StatusOr<Lease> Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      if (!idle_.empty()) {
        std::unique_ptr<Connection> connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(connection));
      }
      if (open_ < size_) {
        ++open_;
        lock.unlock();
        absl::StatusOr<std::unique_ptr<Connection>> connection = factory_();
        if (!connection.ok()) {
          lock.lock();
          --open_;
          available_.notify_one();
          return connection.status();
        }
        return Lease(this, std::move(*connection));
      }
      available_.wait(lock);
    }
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    std::lock_guard<std::mutex> lock(mu_);
    if (connection == nullptr) {
      --open_;
    } else {
      idle_.push_back(std::move(connection));
    }
    available_.notify_one();
  }

  const int size_;
  Factory factory_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ = 0 ABSL_GUARDED_BY(mu_);
};

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_CONNECTION_POOL_H_
