// One round of calls to the suite's services for a view: all started at
// once through the clients' background calls (common/clients/async_call.h:
// no thread waits per call), each with the caller's deadline and identity; Wait() returns when
// every call has answered, or at the deadline after cancelling the late ones. A call's failure is
// kept for the view to report; it never fails the others.
#ifndef INTERPLAN_GATEWAY_FANOUT_H_
#define INTERPLAN_GATEWAY_FANOUT_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/call/principal.h"
#include "common/clients/async_call.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "interplan/gateway/v1/gateway.pb.h"

namespace interplan::gateway {

// "interplan-campaigns" for CAMPAIGNS, ...: the process behind a section.
const char* ServiceOf(v1::Section section);

// Adds `status` to `sections`, or merges it into the entry already there
// for its section: a section stays available only if every report of it
// says so, and keeps the first reason it was given.
void MergeSection(const v1::SectionStatus& status,
                  google::protobuf::RepeatedPtrField<v1::SectionStatus>* sections);

class Fanout {
 public:
  struct CallBase {
    virtual ~CallBase() = default;
    std::unique_ptr<AsyncCall> rpc;
    absl::Status status;
    v1::Section section = v1::SECTION_UNSPECIFIED;
    std::string what;  // "GetCompliance 2022-H1", for reasons
    // NOT_FOUND is an answer ("no such campaign this year"), not a failure
    // of the section.
    bool not_found_is_answer = false;
    // Cleared (after Wait()) for a call whose failure is not its service's
    // fault, so that it does not make its section unavailable.
    bool counts_for_section = true;
    bool done = false;
  };
  template <typename Request, typename Response>
  struct Call : CallBase {
    Request request;
    Response response;
    bool ok() const { return done && status.ok(); }
    bool not_found() const { return done && absl::IsNotFound(status); }
  };

  // With `caller`, every call carries it on (the services then answer
  // what that caller may read; see common/auth/forward_caller.h).
  explicit Fanout(absl::Time deadline, std::optional<auth::Principal> caller = std::nullopt)
      : deadline_(deadline), caller_(std::move(caller)) {}
  Fanout(const Fanout&) = delete;
  Fanout& operator=(const Fanout&) = delete;
  // Cancels the calls still running and waits for them to end.
  ~Fanout();

  // Starts `method(request, response, call, on_done)` — a client's Start*
  // method (common/clients) — and returns the call, whose response is valid once
  // Wait() returned and the call is ok().
  template <typename Request, typename Response, typename Method>
  Call<Request, Response>* Start(v1::Section section, std::string what, Request request,
                                 Method&& method, bool not_found_is_answer = false) {
    auto call = std::make_unique<Call<Request, Response>>();
    call->section = section;
    call->what = std::move(what);
    call->request = std::move(request);
    call->not_found_is_answer = not_found_is_answer;
    call->rpc = std::make_unique<AsyncCall>(CallOptions{deadline_, caller_});
    Call<Request, Response>* raw = call.get();
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back(std::move(call));
      ++outstanding_;
    }
    method(&raw->request, &raw->response, raw->rpc.get(),
           [this, raw](absl::Status status) { Finish(raw, std::move(status)); });
    return raw;
  }

  // Until every call started so far has answered; at the deadline, cancels
  // the others and waits for their (prompt) cancellation.
  void Wait();

  // Per section with calls: available unless one of its calls failed, and
  // then why ("interplan-campaigns: SummarizeCampaign: no answer before the
  // deadline"). Merged into what `out` already holds.
  void ReportSections(google::protobuf::RepeatedPtrField<v1::SectionStatus>* out) const;

  absl::Time deadline() const { return deadline_; }

 private:
  void Finish(CallBase* call, absl::Status status);
  void CancelRunningLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const absl::Time deadline_;
  const std::optional<auth::Principal> caller_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<CallBase>> calls_ ABSL_GUARDED_BY(mu_);
  int outstanding_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_FANOUT_H_
