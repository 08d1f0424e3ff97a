// Runs calls at the same moment, for tests of concurrent writers (replicas
// racing on one database): each on its own thread, released together.
#ifndef INTERPLAN_TESTS_SUPPORT_ALL_AT_ONCE_H_
#define INTERPLAN_TESTS_SUPPORT_ALL_AT_ONCE_H_

#include <functional>
#include <future>
#include <vector>

namespace interplan::testing {

// The results of `calls`, in order.
template <typename Result>
std::vector<Result> AllAtOnce(std::vector<std::function<Result()>> calls) {
  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  std::vector<std::future<Result>> running;
  for (auto& call : calls) {
    running.push_back(std::async(std::launch::async, [start, call] {
      start.wait();
      return call();
    }));
  }
  go.set_value();
  std::vector<Result> results;
  for (auto& r : running) results.push_back(r.get());
  return results;
}

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_ALL_AT_ONCE_H_
