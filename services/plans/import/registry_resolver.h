// ReferenceResolver over interplan-agencies (ListAgencies, ListUnits
// accent-insensitive search, GetUnit for a unit's ancestors) and the
// indicator catalogue, each call with its own deadline. An agency is looked
// for in the plan's unit, then in each ancestor, then among national bodies;
// the closest name wins (fewest words beyond those asked). Each place's
// agencies are read once, whole, as of the plan's date (a province's are a
// few thousand at most, the national bodies a few dozen; past
// kMaxPlaceAgencies a place is searched by the words), so a document costs a
// handful of calls however many names it holds. One per document; not
// thread-safe.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_REGISTRY_RESOLVER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_REGISTRY_RESOLVER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/clients/agencies_client.h"
#include "interplan/reporting/v1/indicator.pb.h"
#include "services/plans/import/reference_resolver.h"

namespace interplan::plans::import {

class RegistryResolver : public ReferenceResolver {
 public:
  RegistryResolver(AgenciesClient& agencies, std::vector<reporting::v1::Indicator> indicators,
                   absl::Duration per_call = absl::Seconds(2));

  std::optional<Resolution> ResolveAgency(absl::string_view words, absl::string_view unit,
                                          const google::type::Date& as_of) override;
  std::optional<Resolution> ResolveUnit(absl::string_view words,
                                        const google::type::Date& as_of) override;
  std::optional<Resolution> ResolveIndicator(absl::string_view words) override;

  // The first failure of a registry call (unreachable, deadline), OK when
  // none: the parser's answers are then partial.
  const absl::Status& registry_status() const { return registry_status_; }
  int registry_calls() const { return registry_calls_; }

 private:
  struct Candidate {
    std::string name;
    std::string display_name;
    std::string unit;
    std::vector<std::string> folded_names;  // display, short and earlier names
  };
  // The complete answer to one search in one place.
  struct Search {
    std::vector<Candidate> candidates;
    bool complete = false;
  };

  // The agencies of `scope` ("" = national) whose names hold every word of
  // `folded`, from memory when a shorter search there was complete.
  // The most agencies read for one place: past it, searches there go by
  // the words.
  static constexpr int kMaxPlaceAgencies = 5000;
  static Candidate CandidateOf(const agencies::v1::Agency& agency);
  // The agencies of `scope` ("" = every agency, of which the national
  // bodies are kept) whose names hold the words of `query` ("" = all),
  // paged; complete when every page was read.
  Search Fetch(const std::string& query, const std::string& scope, const google::type::Date& as_of);
  std::vector<Candidate> Agencies(const std::string& folded, const std::string& original,
                                  const std::string& scope, const google::type::Date& as_of);
  // `unit` and its ancestors, nearest first.
  std::vector<std::string> UnitChain(const std::string& unit, const google::type::Date& as_of);
  void Failed(const absl::Status& status);

  AgenciesClient& agencies_;
  std::vector<reporting::v1::Indicator> indicators_;
  absl::Duration per_call_;
  absl::Status registry_status_;
  int registry_calls_ = 0;
  // scope|date -> folded query -> answer.
  std::map<std::string, std::map<std::string, Search>> searches_;
  std::map<std::string, std::vector<std::string>> chains_;
  std::map<std::string, std::optional<Resolution>> agency_answers_;
};

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_REGISTRY_RESOLVER_H_
