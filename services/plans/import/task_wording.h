// What a task's words say beyond its agencies: its kind (training,
// communication, inspection ...), the campaign it belongs to ("Tháng hành
// động vì bình đẳng giới ..."), its timing ("Thời gian thực hiện: Quý
// II/2022", "từ ngày 15/11/2021 đến ngày 15/12/2021") and a short title.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_TASK_WORDING_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_TASK_WORDING_H_

#include <string>

#include "absl/strings/string_view.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans::import {

v1::TaskKind TaskKindOfWords(absl::string_view content);
v1::CampaignKind CampaignOfWords(absl::string_view content);

// Sets task->timing, start_date and end_date from the content, when it
// says when.
void ReadTiming(absl::string_view content, v1::Task* task);

// The first clause of `content`, at most `max_words` words.
std::string ShortTitle(absl::string_view content, int max_words = 14);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_TASK_WORDING_H_
