#include "common/http/connection_table.h"

namespace interplan::http {

ConnectionTable::Admission ConnectionTable::Admit(const std::string& client) const {
  auto it = clients_.find(client);
  if (it != clients_.end() && it->second.connections >= limits_.max_per_client) {
    // Closing one of its own idle connections frees a place in both limits.
    if (it->second.idle.empty()) return {};
    return {true, it->second.idle.front()};
  }
  if (entries_.size() >= limits_.max_connections) {
    if (idle_.empty()) return {};
    return {true, idle_.front()};
  }
  return {true, std::nullopt};
}

void ConnectionTable::Add(uint64_t id, const std::string& client) {
  auto [it, inserted] = entries_.try_emplace(id);
  if (!inserted) return;
  it->second.client = client;
  ++clients_[client].connections;
}

void ConnectionTable::Remove(uint64_t id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  MarkBusy(id);
  auto client = clients_.find(it->second.client);
  if (client != clients_.end() && --client->second.connections == 0) clients_.erase(client);
  entries_.erase(it);
}

void ConnectionTable::MarkIdle(uint64_t id) {
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.idle) return;
  Entry& entry = it->second;
  entry.idle = true;
  entry.in_idle = idle_.insert(idle_.end(), id);
  std::list<uint64_t>& client_idle = clients_[entry.client].idle;
  entry.in_client_idle = client_idle.insert(client_idle.end(), id);
}

void ConnectionTable::MarkBusy(uint64_t id) {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.idle) return;
  Entry& entry = it->second;
  entry.idle = false;
  idle_.erase(entry.in_idle);
  clients_[entry.client].idle.erase(entry.in_client_idle);
}

bool ConnectionTable::TryCharge(size_t bytes) {
  if (bytes > limits_.max_buffered_bytes - buffered_) return false;
  buffered_ += bytes;
  return true;
}

void ConnectionTable::Release(size_t bytes) { buffered_ -= bytes < buffered_ ? bytes : buffered_; }

size_t ConnectionTable::connections_of(const std::string& client) const {
  auto it = clients_.find(client);
  return it == clients_.end() ? 0 : it->second.connections;
}

}  // namespace interplan::http
