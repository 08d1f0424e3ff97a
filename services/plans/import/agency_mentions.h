// Agencies as plan sentences name them: a name starts with a capitalised
// head word ("Sở", "Phòng", "UBND", "Ủy ban", "Ban", "Hội", "Công an" ...)
// and runs as long as the registry still knows an agency with all its
// words; a group ("các sở, ban, ngành liên quan", "UBND các huyện") is kept
// as written. Who leads ("X chủ trì", "Giao X", "Chủ trì: X"), who
// coordinates ("phối hợp (với) X, Y và các đơn vị liên quan") and who is
// only requested ("Đề nghị X") are read from a clause.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_AGENCY_MENTIONS_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_AGENCY_MENTIONS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "google/type/date.pb.h"
#include "services/plans/import/folded_text.h"
#include "services/plans/import/reference_resolver.h"

namespace interplan::plans::import {

// Where and when names are resolved.
struct ResolveContext {
  ReferenceResolver* resolver = nullptr;
  std::string unit;  // the plan's unit ("units/75"), may be empty
  google::type::Date as_of;
};

struct AgencyMention {
  std::string words;                     // as written
  std::optional<Resolution> resolution;  // empty for a group or nothing found
  bool collective = false;               // "các sở, ban, ngành", "UBND các huyện"
  size_t begin = 0;                      // in the folded text
  size_t end = 0;
};

// The agency named at folded offset `begin` (after spaces), not past
// `limit`; nullopt when no agency name starts there.
std::optional<AgencyMention> ReadAgencyAt(const FoldedText& text, size_t begin, size_t limit,
                                          const ResolveContext& context);

// The agencies listed from `begin` ("X, Y và các đơn vị liên quan"), until
// the list ends (a word that starts no name, or ";", "." and ":").
std::vector<AgencyMention> ReadAgencyList(const FoldedText& text, size_t begin, size_t limit,
                                          const ResolveContext& context);

// Who a task's or duty's text names, and in which role.
struct TaskAgencies {
  std::optional<AgencyMention> lead;
  // Further People's Committees named with a committee lead ("UBND Phường
  // 10, Phường 14 chủ trì"): each locality carries the task in its own
  // area, so each leads its own copy of it.
  std::vector<AgencyMention> co_leads;
  bool lead_requested = false;
  std::vector<AgencyMention> coordinating;
  std::vector<AgencyMention> requested;
  std::vector<std::string> others;  // groups, as written
};

TaskAgencies ReadTaskAgencies(const FoldedText& text, const ResolveContext& context);

// True when the folded words at `pos` start an agency name (a head word
// written with a capital in the original).
bool StartsAgencyName(const FoldedText& text, size_t pos);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_AGENCY_MENTIONS_H_
