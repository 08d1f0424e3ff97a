// Plans often say a task twice: once in the content parts, without a lead,
// and once in "Tổ chức thực hiện", in the duties of the agency that does
// it. DutyMatcher finds, for a task's words, the agency whose duty
// paragraph says nearly the same (shared word pairs), so that the task gets
// that agency as its (guessed) lead.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_DUTY_MATCHER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_DUTY_MATCHER_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace interplan::plans::import {

class DutyMatcher {
 public:
  struct Match {
    std::string agency;
    double share = 0;  // of the task's word pairs found in the duty
  };

  // One duty paragraph of `agency` ("agencies/...").
  void AddDuty(const std::string& agency, const std::string& text);

  // The agency whose duty shares at least `min_share` of `task`'s word
  // pairs, when one agency's duty stands out; nullopt otherwise.
  std::optional<Match> Best(const std::string& task, double min_share = 0.4) const;

 private:
  struct Duty {
    std::string agency;
    std::set<std::string> pairs;
  };
  std::vector<Duty> duties_;
};

// The folded word pairs of `text` ("to chuc", "chuc tap", ...).
std::set<std::string> WordPairs(const std::string& text);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_DUTY_MATCHER_H_
