// The HTTP server's bookkeeping of open connections, which decides who gets
// a socket when sockets run short: at most `max_connections` in all and
// `max_per_client` from one remote address. A connection waiting for a
// request (new, or kept alive between requests) is "idle" and may be
// closed to make room: when a limit is reached the connection idle longest
// goes first (of that client when the client is at its own limit), so
// sockets held open by clients that send nothing cannot keep out a client
// with a request to make. It also keeps the budget of bytes buffered for
// requests across all connections. Pure bookkeeping: it closes nothing
// itself and is used from one thread.
#ifndef INTERPLAN_COMMON_HTTP_CONNECTION_TABLE_H_
#define INTERPLAN_COMMON_HTTP_CONNECTION_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>

namespace interplan::http {

class ConnectionTable {
 public:
  struct Limits {
    size_t max_connections = 1024;
    size_t max_per_client = 128;
    size_t max_buffered_bytes = 64 << 20;
  };

  // What to do with a new connection from a client.
  struct Admission {
    bool admit = false;
    // When admitted: the idle connection to close first to make room.
    std::optional<uint64_t> evict;
  };

  explicit ConnectionTable(Limits limits) : limits_(limits) {}

  // Decides on one more connection from `client` (its address). Refused
  // when a limit is reached and no idle connection can make room.
  Admission Admit(const std::string& client) const;

  // A connection opened (`id` not in use), busy until MarkIdle.
  void Add(uint64_t id, const std::string& client);
  // A connection closed; unknown ids are ignored.
  void Remove(uint64_t id);
  // Idle from now (the longest idle are evicted first), or busy again.
  void MarkIdle(uint64_t id);
  void MarkBusy(uint64_t id);

  // Takes `bytes` from the buffer budget; false (and nothing taken) when
  // the budget cannot cover them.
  bool TryCharge(size_t bytes);
  void Release(size_t bytes);

  size_t size() const { return entries_.size(); }
  size_t idle() const { return idle_.size(); }
  size_t buffered_bytes() const { return buffered_; }
  size_t connections_of(const std::string& client) const;

 private:
  struct Client {
    size_t connections = 0;
    std::list<uint64_t> idle;  // oldest first
  };
  struct Entry {
    std::string client;
    bool idle = false;
    std::list<uint64_t>::iterator in_idle;         // valid when idle
    std::list<uint64_t>::iterator in_client_idle;  // valid when idle
  };

  const Limits limits_;
  std::unordered_map<uint64_t, Entry> entries_;
  std::unordered_map<std::string, Client> clients_;
  std::list<uint64_t> idle_;  // every idle connection, oldest first
  size_t buffered_ = 0;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_CONNECTION_TABLE_H_
