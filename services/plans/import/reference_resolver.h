// What the plan parser asks of the registries while it reads a document: the
// agency, the unit or the indicator some words name. Each answer comes with
// a confidence (0..1); nullopt when nothing fits. RegistryResolver answers
// from interplan-agencies and the indicator catalogue; tests may answer from
// a table.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_REFERENCE_RESOLVER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_REFERENCE_RESOLVER_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/type/date.pb.h"

namespace interplan::plans::import {

// One answer: the resource name ("agencies/molisa", "units/75",
// "indicators/NSGE-1.1"), its name in the registry, and how sure.
struct Resolution {
  std::string name;
  std::string display_name;
  double confidence = 0;
  // For a unit: its parent ("units/79"), empty for a province.
  std::string parent;
};

class ReferenceResolver {
 public:
  virtual ~ReferenceResolver() = default;

  // The agency `words` name ("Sở Lao động - Thương binh và Xã hội", "UBND
  // tỉnh", "Bộ LĐTBXH"), as of `as_of`, preferring agencies of `unit`
  // ("units/75", may be empty) and then of its ancestors, then national
  // bodies.
  virtual std::optional<Resolution> ResolveAgency(absl::string_view words, absl::string_view unit,
                                                  const google::type::Date& as_of) = 0;

  // The unit `words` name ("tỉnh Đồng Nai", "quận Gò Vấp") as of `as_of`.
  virtual std::optional<Resolution> ResolveUnit(absl::string_view words,
                                                const google::type::Date& as_of) = 0;

  // The catalogue indicator closest to a target's wording ("tỷ lệ nữ đại
  // biểu Hội đồng nhân dân").
  virtual std::optional<Resolution> ResolveIndicator(absl::string_view words) = 0;
};

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_REFERENCE_RESOLVER_H_
