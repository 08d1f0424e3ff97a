// Coalesces concurrent builds of the same thing (a view under one cache
// key): the first caller for a key starts the build, with its deadline, on
// a background thread, and the callers that come while it runs wait for
// that build instead of starting their own. Each caller waits only until
// its own deadline (plus `grace`, the time a build takes to put together
// what arrived by its deadline); the build goes on without it, so whatever
// the build does with its result (caching it) still happens. A caller whose
// deadline is earlier than the running build's by more than half the grace
// builds its own answer, with its own deadline, on its own thread; callers
// whose deadlines are closer than that share the build, whichever of them
// reached it first (a burst of callers released together arrives in any
// order, each with a deadline set moments apart). The destructor waits for
// the builds still running.
//
// Thread-safe.
#ifndef INTERPLAN_GATEWAY_SINGLE_FLIGHT_H_
#define INTERPLAN_GATEWAY_SINGLE_FLIGHT_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace interplan::gateway {

template <typename T>
class SingleFlight {
 public:
  // What a build produces, shared by every caller that waited for it.
  using Result = absl::StatusOr<std::shared_ptr<const T>>;
  // Builds the value; sections not answered by the deadline are missing.
  using Build = std::function<Result(absl::Time deadline)>;

  SingleFlight() : state_(std::make_shared<State>()) {}
  ~SingleFlight() {
    absl::MutexLock lock(&state_->mu);
    state_->mu.Await(absl::Condition(
        +[](State* state) { return state->running == 0; }, state_.get()));
  }
  SingleFlight(const SingleFlight&) = delete;
  SingleFlight& operator=(const SingleFlight&) = delete;

  // The result of the build for `key` with `deadline`: of the one running
  // (when it ends no later than `deadline`), or of `build`, started now.
  // nullopt when `deadline` + `grace` passed first (the build goes on).
  // `build` must own what it uses, or use only what outlives this object:
  // it may outlive the call.
  std::optional<Result> Do(const std::string& key, absl::Time deadline, absl::Duration grace,
                           Build build) {
    std::shared_ptr<Flight> flight;
    bool start = false;
    {
      absl::MutexLock lock(&state_->mu);
      std::shared_ptr<Flight>& slot = state_->flights[key];
      if (slot == nullptr) {
        slot = std::make_shared<Flight>();
        slot->deadline = deadline;
        start = true;
        ++state_->running;
      }
      flight = slot;
    }
    if (!start && flight->deadline > deadline + grace / 2) {
      // The running build may answer after this caller must have its
      // answer: one of its own, with what arrives in time.
      return build(deadline);
    }
    if (start) {
      std::thread([state = state_, key, flight, deadline, build = std::move(build)] {
        Result result = build(deadline);
        absl::MutexLock lock(&state->mu);
        flight->result = std::move(result);
        flight->done = true;
        auto it = state->flights.find(key);
        if (it != state->flights.end() && it->second == flight) state->flights.erase(it);
        --state->running;
      }).detach();
    }
    absl::MutexLock lock(&state_->mu);
    state_->mu.AwaitWithDeadline(absl::Condition(&flight->done), deadline + grace);
    if (!flight->done) return std::nullopt;
    return flight->result;
  }

  // Builds running now.
  int Running() {
    absl::MutexLock lock(&state_->mu);
    return state_->running;
  }

 private:
  // done and result are guarded by State::mu; deadline is set once, before
  // the flight is shared.
  struct Flight {
    absl::Time deadline;
    bool done = false;
    Result result = absl::UnknownError("not built yet");
  };
  // Shared with the build threads, so that one can still unlock the mutex
  // after the destructor has seen its build end.
  struct State {
    absl::Mutex mu;
    std::map<std::string, std::shared_ptr<Flight>> flights ABSL_GUARDED_BY(mu);
    int running ABSL_GUARDED_BY(mu) = 0;
  };

  std::shared_ptr<State> state_;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_SINGLE_FLIGHT_H_
