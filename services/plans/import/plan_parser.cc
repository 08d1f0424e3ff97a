#include "services/plans/import/plan_parser.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"
#include "services/plans/import/assignment_reader.h"
#include "services/plans/import/budget_reader.h"
#include "services/plans/import/document_outline.h"
#include "services/plans/import/document_references.h"
#include "services/plans/import/duty_matcher.h"
#include "services/plans/import/foot_reader.h"
#include "services/plans/import/header_reader.h"
#include "services/plans/import/paragraph_cleanup.h"
#include "services/plans/import/parse_context.h"
#include "services/plans/import/plan_identity.h"
#include "services/plans/import/reporting_reader.h"
#include "services/plans/import/task_reader.h"
#include "services/plans/import/vietnamese_dates.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

enum class PartRole { kPurposes, kTasks, kBudget, kOrganisation, kReporting, kBases, kSkip };

PartRole RoleOf(const std::string& title) {
  std::string f = Fold(title);
  if (absl::StartsWith(f, "muc dich") || absl::StartsWith(f, "muc tieu, yeu cau") ||
      absl::StartsWith(f, "yeu cau")) {
    return PartRole::kPurposes;
  }
  if (absl::StartsWith(f, "kinh phi") || absl::StartsWith(f, "nguon kinh phi")) {
    return PartRole::kBudget;
  }
  if (absl::StrContains(f, "to chuc thuc hien") || absl::StrContains(f, "trach nhiem thuc hien")) {
    return PartRole::kOrganisation;
  }
  if (absl::StartsWith(f, "che do bao cao") || absl::StartsWith(f, "che do thong tin") ||
      absl::StartsWith(f, "bao cao") || absl::StartsWith(f, "thong tin bao cao")) {
    return PartRole::kReporting;
  }
  if (absl::StartsWith(f, "can cu")) return PartRole::kBases;
  if (absl::StartsWith(f, "danh gia") || absl::StartsWith(f, "ket qua thuc hien") ||
      absl::StartsWith(f, "tinh hinh") || absl::StartsWith(f, "thuc trang")) {
    return PartRole::kSkip;
  }
  return PartRole::kTasks;
}

// Who is read in a distribution line before the body ("Thường trực", "CT,
// PCT"), folded.
const LazyRE2 kAddresseeRoles = {
    R"(^(?:thuong truc|tt|chu tich|ct|pct|cac pct|pho chu tich|lanh dao|giam doc)[\s,.:;&]*)"};

// The folded offset where the body a line names starts, after its roles.
size_t AfterRoles(const std::string& folded) {
  size_t at = 0;
  for (int k = 0; k < 4; ++k) {
    re2::StringPiece rest(folded.data() + at, folded.size() - at), m;
    if (!kAddresseeRoles->Match(rest, 0, rest.size(), RE2::ANCHOR_START, &m, 1) || m.empty()) {
      break;
    }
    at += m.size();
  }
  return at;
}

// "Công an tỉnh, Bộ CHQS tỉnh": one addressee per body when every piece
// names one (a piece of roles only, "CT, PCT UBND tỉnh", does not).
std::vector<std::string> SplitAddressees(const std::string& line) {
  std::vector<std::string> pieces = absl::StrSplit(line, ", ");
  if (pieces.size() < 2) return {line};
  for (const std::string& piece : pieces) {
    FoldedText text(piece);
    size_t at = AfterRoles(text.folded());
    if (at == 0 && !piece.empty() && !StartsAgencyName(text, 0)) return {line};
    if (at > 0 && (at >= text.folded().size() || !StartsAgencyName(text, at))) return {line};
  }
  return pieces;
}

// The issuing body among the header's lines: the last ("SỞ LAO ĐỘNG ..."
// under "UBND TỈNH ĐỒNG NAI"), with the line above when the last only
// names the unit ("ỦY BAN NHÂN DÂN" / "TỈNH BÌNH PHƯỚC").
std::string IssuingBodyLine(const std::string& lines) {
  static const LazyRE2 kUnitOnly = {R"(^(?:tinh|thanh pho|quan|huyen|thi xa|xa|phuong)\s.*)"};
  size_t last = lines.rfind('\n');
  if (last == std::string::npos) return lines;
  std::string line = lines.substr(last + 1);
  if (!RE2::FullMatch(Fold(line), *kUnitOnly)) return line;
  size_t before = lines.rfind('\n', last - 1);
  size_t from = before == std::string::npos ? 0 : before + 1;
  return lines.substr(from, last - from) + " " + line;
}

// A search date: the issue date, blanks read as the first day or month.
google::type::Date AsOf(const v1::Plan& plan) {
  google::type::Date date = plan.issue_date();
  if (date.year() == 0) {
    std::string first = plan.period().substr(0, 4);
    int year = 0;
    if (absl::SimpleAtoi(first, &year)) date.set_year(year);
  }
  if (date.year() > 0 && date.month() == 0) date.set_month(1);
  if (date.year() > 0 && date.day() == 0) date.set_day(1);
  return date;
}

class PlanReader {
 public:
  PlanReader(const CleanParagraphs& clean, ReferenceResolver& resolver, ParsedPlan* out)
      : p_(clean.text), out_(out) {
    context_.paragraphs = &clean.text;
    context_.origin = &clean.origin;
    context_.findings = &out->findings;
    context_.resolve.resolver = &resolver;
  }

  absl::Status Read();

 private:
  int ReadDecision(int kind_line);
  void ReadHeaderFields(const DocumentHeader& header);
  void ReadUnit(const DocumentHeader& header, const std::string& preamble);
  void ReadIssuer(const DocumentHeader& header, const std::string& preamble,
                  const DocumentFoot& foot);
  void ReadLegalBases(const std::vector<int>& paragraphs);
  void ReadBasisWithoutNumber(int p);
  void ReadImplements();
  void ReadFootFields(const DocumentFoot& foot);
  void ReadParts(const OutlineNode& root);
  void ReadPurposes(const OutlineNode& part);
  void ReadBudget(const OutlineNode& part);
  void ReadOrganisation(const OutlineNode& part);
  void ReadReportingParagraph(int paragraph, const std::string& reporter,
                              const std::string& reporter_words);
  void Found(const std::string& field, const std::string& words, int paragraph,
             const std::string& note) {
    context_.Add(Finding::Kind::kRecognised, field, words, paragraph, 0.95, note);
  }
  void Missing(const std::string& field, const std::string& note) {
    context_.Add(Finding::Kind::kMissing, field, "", -1, 0, note);
  }

  const std::vector<std::string>& p_;
  ParsedPlan* out_;
  ParseContext context_;
  v1::Plan& plan() { return out_->plan; }
  std::vector<v1::DocumentReference> decision_bases_;
  DutyMatcher duties_;
};

int PlanReader::ReadDecision(int kind_line) {
  v1::DocumentKind next_kind = v1::DOCUMENT_KIND_UNSPECIFIED;
  int n = static_cast<int>(p_.size());
  int plan_line = FindKindLine(p_, kind_line + 1, n, &next_kind);
  while (plan_line >= 0 && next_kind != v1::DOCUMENT_KIND_PLAN) {
    plan_line = FindKindLine(p_, plan_line + 1, n, &next_kind);
  }
  if (plan_line < 0) return 0;
  // The plan's own header lines (body, "Số:", date) sit just above its kind line.
  int plan_begin = plan_line;
  while (plan_begin - 1 > kind_line && plan_line - plan_begin < 6) {
    const std::string& above = p_[plan_begin - 1];
    std::string f = Fold(above);
    bool header_line = absl::StrContains(f, "so:") || absl::StrContains(f, "doc lap") ||
                       (FindDate(f).has_value() && absl::StrContains(f, "ngay"));
    bool capitals = true;
    for (char c : above) capitals = capitals && !(c >= 'a' && c <= 'z');
    if (!header_line && !capitals) break;
    if (capitals && IsSignatureRole(above)) break;
    --plan_begin;
  }
  DocumentHeader decision = ReadHeader(p_, 0);
  v1::PromulgatingDocument* by = plan().mutable_promulgated_by();
  by->set_kind(v1::DOCUMENT_KIND_DECISION);
  by->set_number(decision.number);
  if (decision.issue_date.year() > 0) *by->mutable_issue_date() = decision.issue_date;
  by->set_title(decision.title);
  DocumentFoot foot = ReadFoot(p_, decision.body_begin, plan_begin);
  by->set_signatory(foot.signatory);
  std::string all;
  for (int i = decision.body_begin; i < plan_begin; ++i) {
    std::string f = Fold(p_[i]);
    if (absl::StrContains(f, "hieu luc") && absl::StrContains(f, "ngay ky")) {
      by->set_effective_from_signing(true);
    } else if (absl::StrContains(f, "hieu luc")) {
      std::optional<FoundDate> date = FindDate(f, f.find("hieu luc"));
      if (date.has_value()) *by->mutable_effective_date() = date->date;
    }
    if (absl::StartsWith(f, "can cu")) {
      for (const FoundReference& ref : FindDocumentReferences(FoldedText(p_[i]))) {
        decision_bases_.push_back(ref.reference);
      }
    }
  }
  Found("plan.promulgated_by", decision.title, decision.kind_paragraph,
        "the plan is issued as the attachment of this decision");
  return plan_begin;
}

void PlanReader::ReadHeaderFields(const DocumentHeader& header) {
  if (!header.number.empty()) {
    plan().set_document_number(header.number);
    Found("plan.document_number", header.number, header.number_paragraph, "");
    if (header.number[0] == '/') {
      Missing("plan.document_number", "the number is left blank (\"Số: " + header.number +
                                          "\"): fill it in when the document is numbered");
    }
  } else {
    Missing("plan.document_number", "the document prints no \"Số:\" line");
  }
  if (header.issue_date.year() > 0) {
    *plan().mutable_issue_date() = header.issue_date;
    Found("plan.issue_date", "", header.date_paragraph, "");
    if (header.issue_date.day() == 0 || header.issue_date.month() == 0) {
      Missing("plan.issue_date.day", "the day (or month) of issue is left blank");
    }
  } else {
    Missing("plan.issue_date", "the document prints no date of issue");
  }
  if (!header.place.empty()) {
    plan().set_place(header.place);
    Found("plan.place", header.place, header.date_paragraph, "");
  }
  if (!header.title.empty()) {
    plan().set_title(header.title);
    Found("plan.title", header.title, header.title_paragraph, "");
  } else {
    Missing("plan.title", "no title under \"KẾ HOẠCH\"");
  }
}

void PlanReader::ReadUnit(const DocumentHeader& header, const std::string& preamble) {
  google::type::Date as_of = AsOf(plan());
  std::vector<std::string> candidates = UnitPhrases(header.title);
  for (const std::string& s : UnitPhrases(header.issuer_words)) candidates.push_back(s);
  for (const std::string& s : UnitPhrases(preamble)) candidates.push_back(s);
  if (!header.place.empty()) candidates.push_back(header.place);
  for (size_t i = 0; i < candidates.size() && i < 12; ++i) {
    std::optional<Resolution> unit = context_.resolve.resolver->ResolveUnit(candidates[i], as_of);
    if (!unit.has_value()) continue;
    plan().set_unit(unit->name);
    context_.resolve.unit = unit->name;
    context_.Add(
        unit->confidence >= kConfident ? Finding::Kind::kRecognised : Finding::Kind::kGuessed,
        "plan.unit", candidates[i], header.title_paragraph, unit->confidence, unit->display_name);
    return;
  }
  context_.Add(Finding::Kind::kUnresolved, "plan.unit",
               candidates.empty() ? "" : candidates.front(), header.title_paragraph, 0,
               "no unit found for the plan: set plan.unit");
}

void PlanReader::ReadIssuer(const DocumentHeader& header, const std::string& preamble,
                            const DocumentFoot& foot) {
  // The words that may name the issuer, each with the paragraph it is in.
  std::vector<std::pair<std::string, int>> tries;
  if (!header.issuer_words.empty()) {
    tries.emplace_back(IssuingBodyLine(header.issuer_words), header.issuer_paragraph);
  }
  std::optional<AgencyMention> in_preamble = IssuerInPreamble(preamble, context_.resolve);
  if (in_preamble.has_value()) tries.emplace_back(in_preamble->words, header.body_begin);
  size_t dash = plan().document_number().rfind('-');
  if (dash != std::string::npos) {
    tries.emplace_back(plan().document_number().substr(dash + 1), header.number_paragraph);
  }
  if (absl::StrContains(Fold(foot.signatory), "chu tich")) {
    tries.emplace_back("UBND", foot.signatory_paragraph);
  }
  for (const auto& [words, paragraph] : tries) {
    std::optional<Resolution> r = context_.resolve.resolver->ResolveAgency(
        words, context_.resolve.unit, context_.resolve.as_of);
    if (!r.has_value()) continue;
    plan().set_issuer(r->name);
    bool sure = r->confidence >= kConfident;
    context_.Add(sure ? Finding::Kind::kRecognised : Finding::Kind::kGuessed, "plan.issuer", words,
                 paragraph, r->confidence, r->display_name);
    return;
  }
  context_.Add(Finding::Kind::kMissing, "plan.issuer", header.issuer_words, -1, 0,
               "the issuing body could not be read: set plan.issuer");
}

void PlanReader::ReadLegalBases(const std::vector<int>& paragraphs) {
  for (int p : paragraphs) {
    std::vector<FoundReference> refs = FindDocumentReferences(FoldedText(p_[p]));
    if (refs.empty()) {
      ReadBasisWithoutNumber(p);
      continue;
    }
    for (FoundReference& ref : refs) {
      if (plan().legal_bases_size() >= 100) return;
      std::string field = absl::StrCat("plan.legal_bases[", plan().legal_bases_size(), "]");
      v1::DocumentReference* base = plan().add_legal_bases();
      *base = ref.reference;
      Found(field + ".number", base->number(), p, "");
      if (!base->issuer().empty()) {
        AgencyMention mention;
        mention.words = base->issuer();
        mention.resolution = context_.resolve.resolver->ResolveAgency(
            base->issuer(), context_.resolve.unit, context_.resolve.as_of);
        base->set_issuer_agency(context_.Agency(mention, field + ".issuer_agency", p));
      }
      if (!base->has_date()) Missing(field + ".date", "the reference gives no date");
    }
  }
}

void PlanReader::ReadBasisWithoutNumber(int p) {
  // "Trên cơ sở kết quả sơ kết ...", "Căn cứ tình hình thực tế ...": a
  // basis the text gives in words, citing no numbered document.
  static constexpr absl::string_view kLeads[] = {"Trên cơ sở ", "Căn cứ ", "Căn cứ vào "};
  absl::string_view text = p_[p];
  for (absl::string_view lead : kLeads) {
    if (!absl::StartsWith(text, lead)) continue;
    std::string title(absl::StripTrailingAsciiWhitespace(text.substr(lead.size())));
    while (!title.empty() && (title.back() == ',' || title.back() == ';' || title.back() == '.')) {
      title.pop_back();
    }
    if (title.empty() || plan().legal_bases_size() >= 100) return;
    const std::string field = absl::StrCat("plan.legal_bases[", plan().legal_bases_size(), "]");
    v1::DocumentReference* base = plan().add_legal_bases();
    base->set_kind(v1::DOCUMENT_KIND_OTHER);
    base->set_title(title);
    Found(field + ".title", title, p, "a basis in words, citing no numbered document");
    return;
  }
}

void PlanReader::ReadImplements() {
  // The higher plan this one carries out: the first plan it cites, or a
  // decision that issued one ("Quyết định ... ban hành Kế hoạch ...").
  for (const v1::DocumentReference& base : plan().legal_bases()) {
    std::string title = Fold(base.title());
    bool plan_like = base.kind() == v1::DOCUMENT_KIND_PLAN ||
                     base.kind() == v1::DOCUMENT_KIND_PROGRAMME ||
                     (base.kind() == v1::DOCUMENT_KIND_DECISION &&
                      (absl::StrContains(title, "ban hanh ke hoach") ||
                       absl::StrContains(title, "chuong trinh")));
    if (!plan_like) continue;
    *plan().mutable_implements_document() = base;
    context_.Add(Finding::Kind::kGuessed, "plan.implements_document", base.number(), -1, 0.6,
                 "the first plan the text cites is taken as the plan it carries out");
    return;
  }
}

void PlanReader::ReadFootFields(const DocumentFoot& foot) {
  plan().set_signatory(foot.signatory);
  if (foot.signatory.empty()) Missing("plan.signatory", "no signature block found");
  std::vector<std::pair<std::string, int>> lines;
  for (size_t i = 0; i < foot.addressees.size(); ++i) {
    for (std::string& piece : SplitAddressees(foot.addressees[i])) {
      lines.emplace_back(std::move(piece), foot.addressee_paragraphs[i]);
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i].first;
    v1::Distribution::Addressee* a = plan().mutable_distribution()->add_addressees();
    a->set_text(line);
    FoldedText text(line);
    // Skip who in the body reads it ("Thường trực", "CT, PCT") to the body.
    std::string f = text.folded();
    size_t at = AfterRoles(f);
    std::optional<AgencyMention> mention = ReadAgencyAt(text, at, f.size(), context_.resolve);
    if (!mention.has_value() || mention->collective || !mention->resolution.has_value()) continue;
    a->set_agency(context_.Agency(
        *mention, absl::StrCat("plan.distribution.addressees[", i, "].agency"), lines[i].second));
  }
  plan().mutable_distribution()->set_remainder(foot.remainder);
}

void PlanReader::ReadPurposes(const OutlineNode& part) {
  // "1. Mục đích" / "2. Yêu cầu", or the part's own paragraphs.
  bool split = false;
  for (const OutlineNode& child : part.children) {
    std::string f = Fold(child.marker.text);
    bool purposes = absl::StartsWith(f, "muc dich") || absl::StartsWith(f, "muc tieu");
    bool requirements = absl::StartsWith(f, "yeu cau");
    if (!purposes && !requirements) continue;
    split = true;
    std::vector<std::string> entries;
    size_t colon = child.marker.text.find(':');
    if (colon != std::string::npos && !TrimPunct(child.marker.text.substr(colon + 1)).empty()) {
      entries.push_back(TrimPunct(child.marker.text.substr(colon + 1)));
    }
    for (int p : child.body) entries.push_back(p_[p]);
    for (const OutlineNode& item : child.children) entries.push_back(NodeText(item, p_));
    for (std::string& e : entries) {
      if (purposes) plan().add_purposes(e);
      if (requirements) plan().add_requirements(e);
    }
  }
  if (split) return;
  bool only_requirements = absl::StartsWith(Fold(part.marker.text), "yeu cau");
  std::vector<std::string> entries;
  for (int p : part.body) entries.push_back(p_[p]);
  for (const OutlineNode& item : part.children) entries.push_back(NodeText(item, p_));
  for (std::string& e : entries) {
    if (only_requirements) {
      plan().add_requirements(e);
    } else {
      plan().add_purposes(e);
    }
  }
}

void PlanReader::ReadBudget(const OutlineNode& part) {
  std::vector<int> paragraphs;
  CollectParagraphs(part, &paragraphs);
  int level = 0;
  if (!plan().unit().empty()) {
    // Province codes have two digits, district codes three, commune five.
    size_t digits = plan().unit().size() - std::string("units/").size();
    level = digits <= 2 ? 1 : digits == 3 ? 2 : 3;
  }
  for (int p : paragraphs) {
    if (p == part.paragraph) continue;
    std::string text = ReadMarker(p_[p]).text;
    for (v1::BudgetLine& line : BudgetLinesOf(text, level)) {
      if (plan().budget_size() >= 100) return;
      Found(absl::StrCat("plan.budget[", plan().budget_size(), "]"), line.description(), p, "");
      *plan().add_budget() = std::move(line);
    }
  }
}

void PlanReader::ReadReportingParagraph(int paragraph, const std::string& reporter,
                                        const std::string& reporter_words) {
  PlanYears years;
  std::string period = plan().period();
  (void)absl::SimpleAtoi(period.substr(0, 4), &years.first);
  years.last = years.first;
  if (period.size() >= 9) (void)absl::SimpleAtoi(period.substr(5, 4), &years.last);
  // One sentence at a time.
  std::string text = ReadMarker(p_[paragraph]).text;
  size_t begin = 0;
  while (begin < text.size() && plan().reporting_size() < 200) {
    size_t end = text.find(". ", begin);
    if (end == std::string::npos) end = text.size();
    std::string sentence = text.substr(begin, end - begin);
    for (v1::ReportingRequirement& r :
         ReportingOfSentence(sentence, reporter, reporter_words, years, context_, paragraph)) {
      std::string field = absl::StrCat("plan.reporting[", plan().reporting_size(), "]");
      Found(field, r.due_text(), paragraph, "");
      if (r.reporting_agencies().empty() && r.reporters().empty()) {
        r.set_all_assigned_agencies(true);
      }
      if (r.recipient().empty()) {
        context_.Add(Finding::Kind::kMissing, field + ".recipient", "", paragraph, 0,
                     "the text does not say to whom the report goes");
      }
      *plan().add_reporting() = std::move(r);
    }
    begin = end + 2;
  }
}

void PlanReader::ReadOrganisation(const OutlineNode& part) {
  std::string code = part.marker.label;
  std::set<int> read_paragraphs;
  for (ReadAssignment& read : ReadAssignments(part, code, context_)) {
    for (int p : read.paragraphs) {
      ReadReportingParagraph(p, read.assignment.agency(), read.assignment.addressees());
      read_paragraphs.insert(p);
    }
    *plan().add_assignments() = std::move(read.assignment);
  }
  // The rest: an item that addresses no agency ("3. Chế độ báo cáo") and the
  // closing paragraphs ("Trên đây là Kế hoạch ... báo cáo ...").
  std::vector<int> all;
  CollectParagraphs(part, &all);
  for (int p : all) {
    if (p != part.paragraph && read_paragraphs.count(p) == 0) ReadReportingParagraph(p, "", "");
  }
}

void PlanReader::ReadParts(const OutlineNode& root) {
  std::vector<const OutlineNode*> parts;
  bool roman = false;
  for (const OutlineNode& child : root.children) roman |= child.marker.kind == MarkerKind::kRoman;
  OutlineNode whole;
  if (roman) {
    for (const OutlineNode& child : root.children) parts.push_back(&child);
  } else {
    whole = root;
    whole.body.clear();
    parts.push_back(&whole);
  }
  // "Tổ chức thực hiện" first: its first agency drafts the plan and leads
  // what the text leaves without a lead.
  for (const OutlineNode* part : parts) {
    if (RoleOf(part->marker.text) != PartRole::kOrganisation) continue;
    ReadOrganisation(*part);
  }
  for (const v1::Assignment& a : plan().assignments()) {
    if (a.agency().empty() || a.role() != v1::ASSIGNMENT_ROLE_ASSIGNED) continue;
    context_.default_lead = a.agency();
    context_.default_lead_words = a.code();
    // "Giao X chủ trì ..." in its first duty: X drafts the plan.
    FoldedText first(a.duties().substr(0, a.duties().find('\n')));
    TaskAgencies named = ReadTaskAgencies(first, context_.resolve);
    if (named.lead.has_value() && named.lead->resolution.has_value() && !named.lead->collective &&
        named.lead->resolution->confidence >= kConfident) {
      context_.default_lead = named.lead->resolution->name;
    }
    break;
  }
  // Only the bodies the plan assigns are guessed as leads: a body it only
  // requests ("Đề nghị ...": the Front, the unions) leads where the text says so.
  for (const v1::Assignment& a : plan().assignments()) {
    if (a.role() != v1::ASSIGNMENT_ROLE_ASSIGNED) continue;
    for (absl::string_view duty : absl::StrSplit(a.duties(), '\n')) {
      duties_.AddDuty(a.agency(), std::string(duty));
    }
  }
  context_.duties = &duties_;
  for (const OutlineNode* part : parts) {
    switch (roman ? RoleOf(part->marker.text) : PartRole::kTasks) {
      case PartRole::kPurposes:
        ReadPurposes(*part);
        break;
      case PartRole::kBudget:
        ReadBudget(*part);
        break;
      case PartRole::kReporting: {
        std::vector<int> paragraphs;
        CollectParagraphs(*part, &paragraphs);
        for (int p : paragraphs) {
          if (p != part->paragraph) ReadReportingParagraph(p, "", "");
        }
        break;
      }
      case PartRole::kBases: {
        std::vector<int> paragraphs;
        CollectParagraphs(*part, &paragraphs);
        ReadLegalBases(paragraphs);
        break;
      }
      case PartRole::kTasks: {
        if (plan().sections_size() >= 100) break;
        std::string field = absl::StrCat("plan.sections[", plan().sections_size(), "]");
        *plan().add_sections() = ReadTaskSection(*part, part->marker.label, field, context_);
        break;
      }
      case PartRole::kOrganisation:
      case PartRole::kSkip:
        break;
    }
  }
}

absl::Status PlanReader::Read() {
  int n = static_cast<int>(p_.size());
  v1::DocumentKind kind = v1::DOCUMENT_KIND_UNSPECIFIED;
  int kind_line = FindKindLine(p_, 0, std::min(n, 40), &kind);
  int plan_begin = 0;
  if (kind == v1::DOCUMENT_KIND_DECISION) plan_begin = ReadDecision(kind_line);
  DocumentHeader header = ReadHeader(p_, plan_begin);
  int first_part = FindFirstPart(p_, header.body_begin, n);
  if (header.kind_paragraph < 0 && first_part < 0) {
    return absl::InvalidArgumentError(
        "this text is not a plan: it has no \"KẾ HOẠCH\" line and no headed parts (I., 1.)");
  }
  ReadHeaderFields(header);
  DocumentFoot foot = ReadFoot(p_, std::max(header.body_begin, first_part), n);
  int body_end = foot.begin >= 0 ? foot.begin : n;
  if (first_part < 0 || first_part > body_end) first_part = body_end;
  std::vector<int> preamble_paragraphs;
  std::vector<std::string> preamble;
  for (int i = header.body_begin; i < first_part; ++i) {
    preamble_paragraphs.push_back(i);
    preamble.push_back(p_[i]);
  }
  plan().set_preamble(absl::StrJoin(preamble, "\n"));
  plan().set_period(PeriodOf(header.title));
  if (plan().period().empty()) plan().set_period(PeriodOf(plan().preamble()));
  if (plan().period().empty() && plan().issue_date().year() > 0) {
    plan().set_period(absl::StrCat(plan().issue_date().year()));
    context_.Add(Finding::Kind::kGuessed, "plan.period", "", header.date_paragraph, 0.5,
                 "the title names no year: the year of issue is assumed");
  } else if (plan().period().empty()) {
    Missing("plan.period", "no year in the title or preamble");
  }
  context_.resolve.as_of = AsOf(plan());
  ReadUnit(header, plan().preamble());
  ReadIssuer(header, plan().preamble(), foot);
  ReadLegalBases(preamble_paragraphs);
  if (plan().legal_bases().empty()) {
    for (const v1::DocumentReference& base : decision_bases_) *plan().add_legal_bases() = base;
  }
  ReadImplements();
  ReadFootFields(foot);
  OutlineNode root = BuildOutline(p_, first_part, body_end);
  ReadParts(root);
  if (plan().sections().empty()) {
    Missing("plan.sections", "no part of the text reads as tasks (\"Nội dung\", \"Nhiệm vụ\")");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ParsedPlan> ParsePlanDocument(const DocumentText& text,
                                             ReferenceResolver& resolver) {
  CleanParagraphs clean = CleanUp(text.paragraphs, text.format, text.bold);
  if (clean.text.empty()) {
    return absl::InvalidArgumentError("the document has no text");
  }
  ParsedPlan parsed;
  PlanReader reader(clean, resolver, &parsed);
  absl::Status status = reader.Read();
  if (!status.ok()) return status;
  return parsed;
}

}  // namespace interplan::plans::import
