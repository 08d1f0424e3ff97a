// What every reader of a plan document shares while it fills the draft:
// the paragraphs, where names are resolved, and the findings list; and how
// a resolved (or not) name becomes a Finding.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PARSE_CONTEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PARSE_CONTEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "services/plans/import/agency_mentions.h"
#include "services/plans/import/duty_matcher.h"
#include "services/plans/import/group_wording.h"
#include "services/plans/import/plan_parser.h"

namespace interplan::plans::import {

// At or above: recognised; below: guessed.
inline constexpr double kConfident = 0.75;

struct ParseContext {
  const std::vector<std::string>* paragraphs = nullptr;
  // Where each paragraph came from in DocumentText::paragraphs.
  const std::vector<int>* origin = nullptr;
  ResolveContext resolve;
  std::vector<Finding>* findings = nullptr;
  // The body that drafts the plan and leads what the text gives no lead
  // (the first agency of "Tổ chức thực hiện"); empty when unknown.
  std::string default_lead;
  std::string default_lead_words;
  // The duties of "Tổ chức thực hiện", to find who does a task the content
  // parts give no lead.
  const DutyMatcher* duties = nullptr;

  int Origin(int paragraph) const {
    return paragraph < 0 || origin == nullptr || paragraph >= static_cast<int>(origin->size())
               ? paragraph
               : (*origin)[paragraph];
  }

  void Add(Finding::Kind kind, std::string field, std::string words, int paragraph,
           double confidence, std::string note) {
    if (findings == nullptr || findings->size() > 20000) return;
    findings->push_back(Finding{kind, std::move(field), std::move(words), Origin(paragraph),
                                confidence, std::move(note)});
  }

  // The People's Committees `words` name as a group ("UBND các huyện"),
  // with its finding; nullopt for any other words.
  std::optional<v1::AgencyGroup> Group(const std::string& words, const std::string& field,
                                       int paragraph) {
    std::optional<v1::AgencyGroup> group = PeoplesCommitteeGroup(words);
    if (group.has_value()) {
      Add(Finding::Kind::kGuessed, field, words, paragraph, 0.8,
          absl::StrCat("read as the People's Committees of every ",
                       api::ShortEnumName(group->level()),
                       " unit inside the plan's unit on the plan's date: check the words"));
    }
    return group;
  }

  // The agency name of `mention` for `field`, with its finding; empty when
  // it did not resolve (the finding says so; the words stay with the caller).
  std::string Agency(const AgencyMention& mention, const std::string& field, int paragraph) {
    if (mention.collective) {
      Add(Finding::Kind::kUnresolved, field, mention.words, paragraph, 0,
          "a group of agencies, kept as written: to give each member its part, name it as an "
          "AgencyGroup (kind and unit level) in the draft");
      return "";
    }
    if (!mention.resolution.has_value()) {
      Add(Finding::Kind::kUnresolved, field, mention.words, paragraph, 0,
          "no agency in the registry has this name as of the plan's date");
      return "";
    }
    const Resolution& r = *mention.resolution;
    bool sure = r.confidence >= kConfident;
    Add(sure ? Finding::Kind::kRecognised : Finding::Kind::kGuessed, field, mention.words,
        paragraph, r.confidence,
        sure ? r.display_name : "check the agency: " + r.display_name + " is the closest name");
    return r.name;
  }
};

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PARSE_CONTEXT_H_
