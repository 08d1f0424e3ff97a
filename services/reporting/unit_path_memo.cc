#include "services/reporting/unit_path_memo.h"

#include "absl/strings/str_cat.h"

namespace interplan::reporting {

void UnitPathMemo::AppendVersionKey(const std::string& unit_code,
                                    const std::string& unit_valid_from,
                                    const std::string& recorded_path, std::string* key) {
  absl::StrAppend(key, unit_code, "@", unit_valid_from, "|", recorded_path);
}

std::shared_ptr<const UnitPathMemo::Paths> UnitPathMemo::Snapshot(
    const std::string& day_key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_day_.find(day_key);
  if (it != by_day_.end()) return it->second;
  static const auto* const kNone = new std::shared_ptr<const Paths>(std::make_shared<Paths>());
  return *kNone;
}

void UnitPathMemo::Remember(const std::string& day_key, const Paths& found) {
  if (found.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_day_.find(day_key);
  // Copy on write: a reader's snapshot never changes under it.
  auto merged = std::make_shared<Paths>();
  if (it != by_day_.end()) {
    *merged = *it->second;
  } else {
    days_in_order_.push_back(day_key);
  }
  for (const auto& [key, path] : found) merged->insert_or_assign(key, path);
  by_day_[day_key] = std::move(merged);
  while (days_in_order_.size() > kDaysKept) {
    by_day_.erase(days_in_order_.front());
    days_in_order_.pop_front();
  }
}

}  // namespace interplan::reporting
