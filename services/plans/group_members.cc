#include "services/plans/group_members.h"

#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/model/plan_model.h"
#include "common/time/date.h"

namespace interplan::plans {
namespace {

namespace av1 = ::interplan::agencies::v1;

// What a group asks the registry; two groups with the same question (the
// same words in two tasks) share one answer.
using GroupQuestion = std::tuple<av1::AgencyKind, av1::UnitLevel, std::string>;

}  // namespace

absl::Status FillGroupMembers(AgencyDirectory& directory, absl::CivilDay as_of, absl::Time deadline,
                              const std::string& path, v1::Plan* plan,
                              FieldViolations& violations) {
  std::map<GroupQuestion, std::vector<std::string>> answers;
  absl::Status failed;
  const std::string plan_unit = plan->unit();
  ForEachAgencyGroup(plan, path, [&](v1::AgencyGroup& group, const std::string& field) {
    if (!failed.ok()) return;
    const std::string within = group.within().empty() ? plan_unit : group.within();
    const GroupQuestion question = {group.kind(), group.level(), within};
    auto it = answers.find(question);
    if (it == answers.end()) {
      absl::StatusOr<std::vector<std::string>> members = directory.GroupMembers(
          group.kind(), group.level(), within, as_of, kMaxGroupMembers, deadline);
      if (!members.ok()) {
        failed = members.status();
        return;
      }
      it = answers.emplace(question, *std::move(members)).first;
    }
    const std::vector<std::string>& members = it->second;
    const std::string words = absl::StrCat("\"", group.text(), "\"");
    if (members.empty()) {
      violations.Add(
          field, absl::StrCat(words, " denotes no agency: no ", api::ShortEnumName(group.kind()),
                              " of a ", api::ShortEnumName(group.level()), " unit in ", within,
                              " on ", time::FormatDate(as_of)));
      return;
    }
    if (static_cast<int>(members.size()) > kMaxGroupMembers) {
      violations.Add(field, absl::StrCat(words, " denotes more than ", kMaxGroupMembers,
                                         " agencies; name a smaller unit in within"));
      return;
    }
    group.clear_members();
    for (const std::string& member : members) group.add_members(member);
  });
  return failed;
}

}  // namespace interplan::plans
