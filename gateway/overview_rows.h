// The rows of an overview and where a unit's figures go: one row per
// province (national view) or per unit of the province plus one for the
// province's own bodies, the totals, and the place of a unit of an older
// hierarchy (through its successor province).
#ifndef INTERPLAN_GATEWAY_OVERVIEW_ROWS_H_
#define INTERPLAN_GATEWAY_OVERVIEW_ROWS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gateway/overview_answers.h"
#include "google/type/date.pb.h"
#include "interplan/gateway/v1/gateway.pb.h"

namespace interplan::gateway {

// "79" for "units/79".
std::string CodeOf(const std::string& name);

// The last day `date` may mean; nullopt when unset or unreadable.
std::optional<absl::CivilDay> DayOf(const google::type::Date& date);

struct OverviewRows {
  bool national = true;
  std::string unit_code;  // the province's code; "" for the nation
  // Rows by unit code (the province's own row under its own code).
  std::map<std::string, v1::OverviewRow*> rows;
  v1::OverviewRow* own = nullptr;  // the province's own bodies
  v1::OverviewRow* totals = nullptr;
  // The first day of the rows' hierarchy; anything dated before belongs
  // to an older one.
  absl::CivilDay era_start = absl::CivilDay(1, 1, 1);
  std::string scope_path;  // the province's path ("" for the nation)
  // Province of an older hierarchy -> province of the as_of one.
  std::map<std::string, std::string> placed;

  // The row a path of the as_of hierarchy falls in ("" when outside).
  std::string RowOfPath(const std::string& path) const;
  // The row a province of an older hierarchy went to ("" when outside).
  std::string RowOfOlder(const std::string& province) const;
  // The row under `key`, or null.
  v1::OverviewRow* Find(const std::string& key) const;
};

// Adds the rows to `overview` (whose display name is set) and indexes them.
OverviewRows IndexRows(const OverviewAnswers& answers, v1::Overview* overview);

// The province codes of an older hierarchy that plans and the Action Month
// name: to be placed before their figures can go anywhere.
std::vector<std::string> OlderUnitCodes(const OverviewAnswers& answers, const OverviewRows& rows);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_OVERVIEW_ROWS_H_
