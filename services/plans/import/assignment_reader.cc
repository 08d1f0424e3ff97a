#include "services/plans/import/assignment_reader.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

// Who a paragraph addresses, from its start: the agency (or group) and
// where the duties begin.
struct Addressee {
  std::vector<AgencyMention> mentions;
  bool requested = false;
  size_t duties_begin = 0;
};

Addressee ReadAddressee(const FoldedText& head, const ResolveContext& resolve) {
  Addressee addressee;
  const std::string& f = head.folded();
  size_t pos = 0;
  if (absl::StartsWith(f, "de nghi ")) {
    addressee.requested = true;
    pos = 8;
  } else if (absl::StartsWith(f, "giao ")) {
    pos = 5;
  }
  size_t colon = f.find(':');
  size_t limit = colon == std::string::npos ? f.size() : colon;
  addressee.mentions = ReadAgencyList(head, pos, limit, resolve);
  if (colon != std::string::npos) {
    addressee.duties_begin = colon + 1;
  } else if (!addressee.mentions.empty()) {
    addressee.duties_begin = addressee.mentions.back().end;
  }
  return addressee;
}

// The agencies a duty text names beside `agency` ("phối hợp X", "đề nghị Y").
std::vector<std::string> NamedInDuties(const std::string& duties, const std::string& agency,
                                       const ResolveContext& resolve) {
  FoldedText text(duties);
  TaskAgencies named = ReadTaskAgencies(text, resolve);
  std::vector<std::string> with;
  for (const auto* list : {&named.coordinating, &named.requested}) {
    for (const AgencyMention& m : *list) {
      if (!m.resolution.has_value() || m.resolution->confidence < kConfident) continue;
      const std::string& name = m.resolution->name;
      if (name == agency || std::find(with.begin(), with.end(), name) != with.end()) continue;
      with.push_back(name);
    }
  }
  return with;
}

// One assignment per agency a paragraph addresses ("Đài Phát thanh - Truyền
// hình tỉnh, Báo ..."), the same code and duties; the groups it names
// ("UBND các huyện") kept as written, on an assignment of their own when
// it names no single agency.
std::vector<v1::Assignment> PerAgency(const v1::Assignment& base,
                                      const std::vector<AgencyMention>& mentions, int paragraph,
                                      size_t first_index, ParseContext& context) {
  std::vector<v1::Assignment> out;
  std::vector<std::string> groups;
  std::vector<v1::AgencyGroup> committees;
  for (const AgencyMention& m : mentions) {
    std::string field = absl::StrCat("plan.assignments[", first_index + out.size(), "]");
    if (m.collective || !m.resolution.has_value()) {
      groups.push_back(m.words);
      std::optional<v1::AgencyGroup> group =
          m.collective ? context.Group(m.words, field + ".addressee_groups", paragraph)
                       : std::nullopt;
      if (group.has_value()) {
        committees.push_back(*std::move(group));
      } else {
        context.Agency(m, field + ".addressees", paragraph);
      }
      continue;
    }
    std::string agency = context.Agency(m, field + ".agency", paragraph);
    bool seen = false;
    for (const v1::Assignment& a : out) seen |= a.agency() == agency;
    if (agency.empty() || seen) continue;
    v1::Assignment a = base;
    a.set_agency(agency);
    for (std::string& with : NamedInDuties(base.duties(), agency, context.resolve)) {
      a.add_with_agencies(with);
    }
    out.push_back(std::move(a));
  }
  if (!groups.empty()) {
    if (out.empty()) {
      v1::Assignment a = base;
      for (std::string& with : NamedInDuties(base.duties(), "", context.resolve)) {
        a.add_with_agencies(with);
      }
      out.push_back(std::move(a));
    }
    out.front().set_addressees(absl::StrJoin(groups, ", "));
    for (v1::AgencyGroup& group : committees) *out.front().add_addressee_groups() = group;
  }
  return out;
}

}  // namespace

std::vector<ReadAssignment> ReadAssignments(const OutlineNode& node, const std::string& code,
                                            ParseContext& context) {
  const std::vector<std::string>& paragraphs = *context.paragraphs;
  std::vector<ReadAssignment> read;
  // Items, or the part's own paragraphs when it has no items.
  std::vector<const OutlineNode*> items;
  for (const OutlineNode& child : node.children) items.push_back(&child);
  std::vector<OutlineNode> loose;
  if (items.empty()) {
    for (int p : node.body) {
      OutlineNode n;
      n.marker.text = paragraphs[p];
      n.paragraph = p;
      loose.push_back(n);
    }
    for (const OutlineNode& n : loose) items.push_back(&n);
  }
  int number = 0;
  for (const OutlineNode* item : items) {
    if (read.size() >= 200) break;
    ++number;
    FoldedText head(item->marker.text);
    Addressee addressee = ReadAddressee(head, context.resolve);
    if (addressee.mentions.empty()) continue;
    std::string item_code = absl::StrCat(
        code, ".", item->marker.label.empty() ? std::to_string(number) : item->marker.label);
    std::vector<std::string> duties;
    std::string inline_duties =
        TrimPunct(head.Original(addressee.duties_begin, head.folded().size()));
    if (!inline_duties.empty()) duties.push_back(inline_duties);
    std::vector<int> under;
    CollectParagraphs(*item, &under);
    for (int p : under) {
      if (p != item->paragraph) duties.push_back(paragraphs[p]);
    }
    v1::Assignment base;
    base.set_code(item_code);
    base.set_role(addressee.requested ? v1::ASSIGNMENT_ROLE_REQUESTED
                                      : v1::ASSIGNMENT_ROLE_ASSIGNED);
    base.set_duties(absl::StrJoin(duties, "\n"));
    for (v1::Assignment& a :
         PerAgency(base, addressee.mentions, item->paragraph, read.size(), context)) {
      read.push_back(ReadAssignment{std::move(a), under});
    }
  }
  return read;
}

}  // namespace interplan::plans::import
