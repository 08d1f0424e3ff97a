#include "services/plans/import/task_reader.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "re2/re2.h"
#include "services/plans/import/target_reader.h"
#include "services/plans/import/task_wording.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

// A "Label: value" line that gives a field of the tasks beside it.
enum class FieldKind { kNone, kContent, kAgencies, kTiming, kPlace, kOutput, kOther };

FieldKind FieldOf(absl::string_view text) {
  static const LazyRE2 kField = {R"(^\s*([a-z ,]{3,40}?)\s*:.*)"};
  std::string label;
  if (!RE2::FullMatch(Fold(text), *kField, &label)) return FieldKind::kNone;
  if (absl::StartsWith(label, "noi dung")) return FieldKind::kContent;
  if (absl::StrContains(label, "co quan") || absl::StrContains(label, "don vi") ||
      absl::StartsWith(label, "chu tri") || absl::StartsWith(label, "phoi hop") ||
      absl::StrContains(label, "trach nhiem")) {
    return FieldKind::kAgencies;
  }
  if (absl::StartsWith(label, "thoi gian") || absl::StartsWith(label, "tien do")) {
    return FieldKind::kTiming;
  }
  if (absl::StartsWith(label, "dia ban") || absl::StartsWith(label, "dia diem")) {
    return FieldKind::kPlace;
  }
  if (absl::StartsWith(label, "san pham") || absl::StartsWith(label, "ket qua")) {
    return FieldKind::kOutput;
  }
  if (absl::StartsWith(label, "kinh phi") || absl::StartsWith(label, "doi tuong")) {
    return FieldKind::kOther;
  }
  return FieldKind::kNone;
}

bool IsTargetsTitle(absl::string_view title) {
  std::string f = Fold(title);
  return absl::StartsWith(f, "muc tieu") || absl::StartsWith(f, "chi tieu");
}

// The fields beside a node's tasks, as written.
struct TaskFields {
  // The agency a section's title names ("Hoạt động của Ban Vì sự tiến bộ
  // của phụ nữ"): the lead of its tasks that name none.
  std::optional<AgencyMention> section_agency;
  int section_paragraph = -1;
  std::string agencies;
  int agencies_paragraph = -1;
  std::string timing;
  std::string output;
};

std::string AfterColon(absl::string_view text) {
  size_t colon = text.find(':');
  return colon == absl::string_view::npos ? std::string(text) : TrimPunct(text.substr(colon + 1));
}

class SectionBuilder {
 public:
  explicit SectionBuilder(ParseContext& context) : context_(context) {}

  v1::Section Build(const OutlineNode& node, const std::string& code, const std::string& field,
                    const TaskFields& inherited, int depth);

 private:
  void AddTask(v1::Section* section, const std::string& code, const std::string& field,
               const std::string& content, int paragraph, const TaskFields& fields);
  // Sets the task's lead and the agencies beside it; returns the further
  // leads that each get their own copy of the task (TaskAgencies::co_leads).
  std::vector<std::string> SetLead(v1::Task* task, const std::string& field, int paragraph,
                                   const TaskFields& fields);

  // What a node holds: the fields beside its tasks, its items, its own
  // paragraphs, and the "Nội dung:" text when it is one line.
  struct NodeParts {
    TaskFields fields;
    std::vector<const OutlineNode*> items;
    std::vector<int> body;
    std::string content;
    int content_paragraph = -1;
    bool own_agencies = false;
  };
  NodeParts Split(const OutlineNode& node, const TaskFields& inherited, int depth);
  bool TakeField(const std::string& text, int paragraph, const OutlineNode* item, NodeParts* parts);
  void SectionAgency(const OutlineNode& node, TaskFields* fields);
  void AddLeafTasks(const OutlineNode& node, const NodeParts& parts, const std::string& code,
                    const std::string& field, int depth, v1::Section* section);

  ParseContext& context_;
  const std::vector<std::string>& paragraphs() const { return *context_.paragraphs; }
};

std::vector<std::string> SectionBuilder::SetLead(v1::Task* task, const std::string& field,
                                                 int paragraph, const TaskFields& fields) {
  FoldedText own(task->content());
  TaskAgencies agencies = ReadTaskAgencies(own, context_.resolve);
  int at = paragraph;
  if (!agencies.lead.has_value() && !fields.agencies.empty()) {
    // "Cơ quan thực hiện: X chủ trì, phối hợp Y": the lead is named first.
    FoldedText beside(fields.agencies);
    TaskAgencies from_fields = ReadTaskAgencies(beside, context_.resolve);
    if (!from_fields.lead.has_value()) {
      // "Cơ quan thực hiện: X, Y": the first named leads.
      size_t colon = beside.folded().find(':');
      size_t from = colon == std::string::npos ? 0 : colon + 1;
      size_t to = beside.folded().find(';', from);
      std::vector<AgencyMention> list = ReadAgencyList(
          beside, from, to == std::string::npos ? beside.folded().size() : to, context_.resolve);
      if (!list.empty()) from_fields.lead = list.front();
    }
    if (from_fields.lead.has_value()) {
      agencies.lead = from_fields.lead;
      agencies.co_leads = from_fields.co_leads;
      agencies.lead_requested = from_fields.lead_requested;
      for (AgencyMention& m : from_fields.coordinating) agencies.coordinating.push_back(m);
      for (AgencyMention& m : from_fields.requested) agencies.requested.push_back(m);
      for (std::string& o : from_fields.others) agencies.others.push_back(o);
      at = fields.agencies_paragraph;
    }
  }
  std::string lead;
  if (agencies.lead.has_value() && agencies.lead->resolution.has_value() &&
      !agencies.lead->collective) {
    lead = context_.Agency(*agencies.lead, field + ".lead", at);
    task->set_lead_requested(agencies.lead_requested);
  }
  if (lead.empty() && fields.section_agency.has_value()) {
    lead = context_.Agency(*fields.section_agency, field + ".lead", fields.section_paragraph);
  }
  if (lead.empty() && context_.duties != nullptr) {
    std::optional<DutyMatcher::Match> match = context_.duties->Best(task->content());
    if (match.has_value()) {
      lead = match->agency;
      context_.Add(Finding::Kind::kGuessed, field + ".lead", "", paragraph,
                   std::min(0.7, match->share),
                   "the text names no lead; \"Tổ chức thực hiện\" gives this duty to " + lead);
    }
  }
  if (lead.empty() && !context_.default_lead.empty()) {
    lead = context_.default_lead;
    context_.Add(Finding::Kind::kGuessed, field + ".lead", context_.default_lead_words, paragraph,
                 0.5,
                 "the text names no lead; the body that drafts the plan (first in \"Tổ chức "
                 "thực hiện\") is assumed");
  }
  if (lead.empty()) {
    context_.Add(Finding::Kind::kMissing, field + ".lead", "", paragraph, 0,
                 "no lead agency: name the agency in charge (\"chủ trì\")");
  }
  task->set_lead(lead);
  for (const AgencyMention& m : agencies.coordinating) {
    std::string name = context_.Agency(m, field + ".coordinating", at);
    if (!name.empty() && name != lead &&
        std::find(task->coordinating().begin(), task->coordinating().end(), name) ==
            task->coordinating().end()) {
      task->add_coordinating(name);
    }
  }
  for (const AgencyMention& m : agencies.requested) {
    std::string name = context_.Agency(m, field + ".requested", at);
    if (!name.empty() && name != lead) task->add_requested(name);
  }
  std::vector<std::string> others;
  for (const std::string& o : agencies.others) {
    if (std::find(others.begin(), others.end(), o) != others.end()) continue;
    others.push_back(o);
    std::optional<v1::AgencyGroup> group = context_.Group(o, field + ".coordinating_groups", at);
    if (group.has_value()) {
      *task->add_coordinating_groups() = *std::move(group);
      continue;
    }
    context_.Add(Finding::Kind::kUnresolved, field + ".others", o, at, 0,
                 "bodies named as a group or not in the registry, kept as written");
  }
  task->set_others(absl::StrJoin(others, "; "));
  std::vector<std::string> co_leads;
  if (lead.empty()) return co_leads;
  for (const AgencyMention& m : agencies.co_leads) {
    std::string name = context_.Agency(m, field + ".lead", at);
    if (!name.empty() && name != lead &&
        std::find(co_leads.begin(), co_leads.end(), name) == co_leads.end()) {
      co_leads.push_back(name);
    }
  }
  return co_leads;
}

void SectionBuilder::AddTask(v1::Section* section, const std::string& code,
                             const std::string& field, const std::string& content, int paragraph,
                             const TaskFields& fields) {
  if (section->tasks_size() >= 2000) return;
  std::string task_field = absl::StrCat(field, ".tasks[", section->tasks_size(), "]");
  v1::Task* task = section->add_tasks();
  task->set_code(code);
  task->set_content(content);
  task->set_title(ShortTitle(content));
  task->set_kind(TaskKindOfWords(content));
  task->set_campaign(CampaignOfWords(ShortTitle(content, 40)));
  ReadTiming(content, task);
  if (task->timing().empty() && !fields.timing.empty()) task->set_timing(fields.timing);
  if (!fields.output.empty()) task->set_output(fields.output);
  std::vector<std::string> co_leads = SetLead(task, task_field, paragraph, fields);
  // "UBND Phường 10, Phường 14 chủ trì": one task per locality, as each
  // owes its own report of it.
  const v1::Task first = *task;
  for (size_t i = 0; i < co_leads.size() && section->tasks_size() < 2000; ++i) {
    v1::Task* copy = section->add_tasks();
    *copy = first;
    copy->set_code(absl::StrCat(first.code(), "-", i + 2));
    copy->set_lead(co_leads[i]);
    auto& coordinating = *copy->mutable_coordinating();
    coordinating.erase(std::remove(coordinating.begin(), coordinating.end(), co_leads[i]),
                       coordinating.end());
  }
}

void SectionBuilder::SectionAgency(const OutlineNode& node, TaskFields* fields) {
  // "... của <agency>" in the title.
  FoldedText title(node.marker.text);
  size_t of = title.folded().find(" cua ");
  if (of == std::string::npos) return;
  std::optional<AgencyMention> named =
      ReadAgencyAt(title, of + 5, title.folded().size(), context_.resolve);
  if (named.has_value() && !named->collective && named->resolution.has_value() &&
      named->resolution->confidence >= kConfident) {
    fields->section_agency = named;
    fields->section_paragraph = node.paragraph;
  }
}

bool SectionBuilder::TakeField(const std::string& text, int paragraph, const OutlineNode* item,
                               NodeParts* parts) {
  switch (FieldOf(text)) {
    case FieldKind::kContent:
      if (item != nullptr && !item->children.empty()) {
        for (const OutlineNode& child : item->children) parts->items.push_back(&child);
      } else {
        parts->content = AfterColon(item != nullptr ? NodeText(*item, paragraphs()) : text);
        parts->content_paragraph = paragraph;
      }
      return true;
    case FieldKind::kAgencies: {
      // "- Chủ trì: X" and "- Phối hợp: Y" add up, with their labels; a
      // node's own lines replace those it inherits.
      std::string line = item != nullptr ? NodeText(*item, paragraphs()) : text;
      if (!parts->own_agencies) parts->fields.agencies.clear();
      parts->own_agencies = true;
      if (!parts->fields.agencies.empty()) parts->fields.agencies += "; ";
      parts->fields.agencies += line;
      if (parts->fields.agencies_paragraph < 0 || parts->fields.agencies.size() == line.size()) {
        parts->fields.agencies_paragraph = paragraph;
      }
    }
      return true;
    case FieldKind::kTiming:
      parts->fields.timing = AfterColon(text);
      return true;
    case FieldKind::kOutput:
      parts->fields.output = AfterColon(text);
      return true;
    case FieldKind::kPlace:
    case FieldKind::kOther:
      return true;
    case FieldKind::kNone:
      return false;
  }
  return false;
}

SectionBuilder::NodeParts SectionBuilder::Split(const OutlineNode& node,
                                                const TaskFields& inherited, int depth) {
  NodeParts parts;
  parts.fields = inherited;
  if (depth > 0) SectionAgency(node, &parts.fields);
  // Fields first: they apply to every task of the node.
  for (int p : node.body) {
    if (!TakeField(paragraphs()[p], p, nullptr, &parts)) parts.body.push_back(p);
  }
  for (const OutlineNode& child : node.children) {
    bool bullet = child.marker.kind == MarkerKind::kDash || child.marker.kind == MarkerKind::kPlus;
    if (bullet && TakeField(child.marker.text, child.paragraph, &child, &parts)) continue;
    parts.items.push_back(&child);
  }
  return parts;
}

void SectionBuilder::AddLeafTasks(const OutlineNode& node, const NodeParts& parts,
                                  const std::string& code, const std::string& field, int depth,
                                  v1::Section* section) {
  // The heading's paragraphs are its tasks; one paragraph: the section is
  // its own task.
  std::vector<std::pair<std::string, int>> contents;
  for (int p : parts.body) contents.emplace_back(paragraphs()[p], p);
  if (!parts.content.empty()) contents.emplace_back(parts.content, parts.content_paragraph);
  if (contents.empty() && depth > 0 && !IsHeadingKind(node.marker.kind)) {
    contents.emplace_back(node.marker.text, node.paragraph);
  }
  for (size_t i = 0; i < contents.size(); ++i) {
    std::string task_code = contents.size() == 1 ? code : absl::StrCat(code, ".(", i + 1, ")");
    AddTask(section, task_code, field, contents[i].first, contents[i].second, parts.fields);
  }
}

std::string ItemLabel(const OutlineNode& item, int* bullet_number) {
  switch (item.marker.kind) {
    case MarkerKind::kDash:
    case MarkerKind::kPlus:
      return absl::StrCat("(", ++*bullet_number, ")");
    case MarkerKind::kParen:
      return absl::StrCat("(", item.marker.label, ")");
    case MarkerKind::kMultiLevel:
      return item.marker.label.substr(item.marker.label.rfind('.') + 1);
    default:
      return item.marker.label;
  }
}

v1::Section SectionBuilder::Build(const OutlineNode& node, const std::string& code,
                                  const std::string& field, const TaskFields& inherited,
                                  int depth) {
  v1::Section section;
  section.set_code(code);
  section.set_title(TrimPunct(node.marker.text));
  NodeParts parts = Split(node, inherited, depth);
  if (IsTargetsTitle(node.marker.text) && depth > 0) {
    std::vector<int> all;
    CollectParagraphs(node, &all);
    ReadTargets(all, code, field, &section, context_);
    return section;
  }
  if (parts.items.empty()) {
    AddLeafTasks(node, parts, code, field, depth, &section);
    return section;
  }
  std::vector<std::string> text;
  for (int p : parts.body) text.push_back(paragraphs()[p]);
  section.set_text(absl::StrJoin(text, "\n"));
  int bullet_number = 0;
  for (const OutlineNode* item : parts.items) {
    std::string item_code = absl::StrCat(code, ".", ItemLabel(*item, &bullet_number));
    bool has_items = !item->children.empty();
    bool heading = IsHeadingKind(item->marker.kind);
    bool targets = IsTargetsTitle(item->marker.text);
    // A numbered heading with nothing under it is a task in its own words.
    if (heading && !has_items && item->body.empty() && !targets) {
      AddTask(&section, item_code, field, item->marker.text, item->paragraph, parts.fields);
    } else if (heading || has_items || targets) {
      if (section.sections_size() >= 500 || depth > 12) continue;
      std::string sub_field = absl::StrCat(field, ".sections[", section.sections_size(), "]");
      *section.add_sections() = Build(*item, item_code, sub_field, parts.fields, depth + 1);
    } else {
      AddTask(&section, item_code, field, NodeText(*item, paragraphs()), item->paragraph,
              parts.fields);
    }
  }
  return section;
}

}  // namespace

v1::Section ReadTaskSection(const OutlineNode& node, const std::string& code,
                            const std::string& field, ParseContext& context) {
  SectionBuilder builder(context);
  return builder.Build(node, code, field, TaskFields{}, 0);
}

}  // namespace interplan::plans::import
