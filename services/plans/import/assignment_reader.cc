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
    std::string field = absl::StrCat("plan.assignments[", read.size(), "]");
    ReadAssignment one;
    v1::Assignment& a = one.assignment;
    a.set_code(absl::StrCat(
        code, ".", item->marker.label.empty() ? std::to_string(number) : item->marker.label));
    a.set_role(addressee.requested ? v1::REQUESTED : v1::ASSIGNED);
    std::vector<std::string> groups;
    for (const AgencyMention& m : addressee.mentions) {
      if (m.collective || !m.resolution.has_value()) {
        groups.push_back(m.words);
        context.Agency(m, field + ".addressees", item->paragraph);
      } else if (a.agency().empty()) {
        a.set_agency(context.Agency(m, field + ".agency", item->paragraph));
      } else {
        std::string with = context.Agency(m, field + ".with_agencies", item->paragraph);
        if (!with.empty()) a.add_with_agencies(with);
      }
    }
    a.set_addressees(absl::StrJoin(groups, ", "));
    std::vector<std::string> duties;
    std::string inline_duties =
        TrimPunct(head.Original(addressee.duties_begin, head.folded().size()));
    if (!inline_duties.empty()) duties.push_back(inline_duties);
    std::vector<int> under;
    CollectParagraphs(*item, &under);
    one.paragraphs = under;
    for (int p : under) {
      if (p != item->paragraph) duties.push_back(paragraphs[p]);
    }
    a.set_duties(absl::StrJoin(duties, "\n"));
    // Other agencies its duties name.
    FoldedText duty_text(a.duties());
    TaskAgencies named = ReadTaskAgencies(duty_text, context.resolve);
    for (const auto* list : {&named.coordinating, &named.requested}) {
      for (const AgencyMention& m : *list) {
        if (!m.resolution.has_value() || m.resolution->confidence < kConfident) continue;
        const std::string& name = m.resolution->name;
        if (name == a.agency()) continue;
        if (std::find(a.with_agencies().begin(), a.with_agencies().end(), name) !=
            a.with_agencies().end()) {
          continue;
        }
        a.add_with_agencies(name);
      }
    }
    if (a.agency().empty() && a.addressees().empty()) continue;
    read.push_back(std::move(one));
  }
  return read;
}

}  // namespace interplan::plans::import
