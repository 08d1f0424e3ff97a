// Answers of a costly read kept until this service's data changes: the
// key is the request (fingerprint), today's date (reads default as_of to
// it) and the service's write generation (CallGate::write_generation),
// which moves after every acknowledged write before the writer hears of
// it. A read after a write therefore never gets an answer computed before
// it; reads between writes share one computation. For national summaries
// other services fan out to (the gateway's views), whose data mostly
// changes elsewhere: a report written changes nothing plans or campaigns
// would answer.
//
// Replicas of the service on a shared database write without moving this
// process's generation: `shared_version` (ServiceServer::SharedWriteVersion)
// is read with the generation and goes into the key, so a write any replica
// acknowledged moves it too; when it cannot be read, the answer is
// computed and not kept.
//
// The request must carry everything the answer depends on, including the
// caller's scope when reads are narrowed to it.
#ifndef INTERPLAN_COMMON_SERVER_READ_MEMO_H_
#define INTERPLAN_COMMON_SERVER_READ_MEMO_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/api/fingerprint.h"
#include "common/server/call_gate.h"
#include "common/time/date.h"
#include "google/protobuf/message.h"

namespace interplan {

template <typename Response>
class ReadMemo {
 public:
  // Keeps at most `capacity` answers (the oldest go first).
  ReadMemo(const CallGate& gate, std::function<absl::StatusOr<std::string>()> shared_version,
           size_t capacity = 16)
      : gate_(gate), shared_version_(std::move(shared_version)), capacity_(capacity) {}

  absl::StatusOr<Response> Get(const google::protobuf::Message& request,
                               const std::function<absl::StatusOr<Response>()>& compute) {
    // The generation first, then the data: a write acknowledged after
    // this point moves it, so its readers miss.
    const uint64_t generation = gate_.write_generation();
    absl::StatusOr<std::string> shared = shared_version_();
    if (!shared.ok()) return compute();
    const std::string key =
        absl::StrCat(generation, ":", *shared, ":", time::FormatDate(time::Today()), ":",
                     MessageFingerprint(request));
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = answers_.find(key);
      if (it != answers_.end()) return *it->second;
    }
    absl::StatusOr<Response> answer = compute();
    if (!answer.ok()) return answer;
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, added] = answers_.emplace(key, std::make_shared<const Response>(*answer));
    if (added) {
      order_.push_back(key);
      while (order_.size() > capacity_) {
        answers_.erase(order_.front());
        order_.pop_front();
      }
    }
    return answer;
  }

 private:
  const CallGate& gate_;
  const std::function<absl::StatusOr<std::string>()> shared_version_;
  const size_t capacity_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const Response>> answers_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> order_ ABSL_GUARDED_BY(mu_);  // keys of answers_, oldest first
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_READ_MEMO_H_
