#include "common/http/server_core.h"

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include "common/http/connection.h"
#include "common/http/tls_context.h"

namespace interplan::http {

ServerCore::ServerCore(HttpServer::Options options)
    : options_(std::move(options)),
      workers_(static_cast<size_t>(std::max(1, options_.threads))),
      table_({options_.max_connections, options_.max_connections_per_client,
              options_.max_buffered_bytes}),
      grace_timer_(io_) {}

absl::Status ServerCore::SetUpTls() {
  const TlsFiles& files = options_.tls;
  if (!files.enabled() && files.client_ca_file.empty()) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<boost::asio::ssl::context>> context = MakeServerTlsContext(files);
  if (!context.ok()) return context.status();
  tls_ = *std::move(context);
  return absl::OkStatus();
}

void ServerCore::Open(std::shared_ptr<Connection> connection, const std::string& client) {
  const uint64_t id = connection->id();
  table_.Add(id, client);
  connections_.emplace(id, connection);
  connection->Start();
}

void ServerCore::Forget(uint64_t id) {
  table_.Remove(id);
  connections_.erase(id);
  if (stopping_ && connections_.empty()) grace_timer_.cancel();
}

void ServerCore::Evict(uint64_t id) {
  auto it = connections_.find(id);
  if (it != connections_.end()) it->second->Close();
}

void ServerCore::BeginStopping() {
  stopping_ = true;
  std::vector<std::shared_ptr<Connection>> open;
  for (const auto& [id, connection] : connections_) open.push_back(connection);
  for (const std::shared_ptr<Connection>& connection : open) connection->OnServerStopping();
  if (connections_.empty()) return;
  const absl::Duration grace =
      std::clamp(options_.shutdown_grace, absl::ZeroDuration(), absl::Hours(24));
  grace_timer_.expires_after(absl::ToChronoNanoseconds(grace));
  grace_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    grace_over_ = true;
    std::vector<std::shared_ptr<Connection>> left;
    for (const auto& [id, connection] : connections_) left.push_back(connection);
    for (const std::shared_ptr<Connection>& connection : left) connection->OnGraceOver();
  });
}

}  // namespace interplan::http
