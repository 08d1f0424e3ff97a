#include "services/plans/import/task_wording.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"
#include "services/plans/import/folded_text.h"
#include "services/plans/import/vietnamese_dates.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

bool ContainsAny(absl::string_view f, std::initializer_list<absl::string_view> words) {
  for (absl::string_view w : words) {
    if (absl::StrContains(f, w)) return true;
  }
  return false;
}

v1::TaskKind KindOfFolded(absl::string_view f) {
  if (ContainsAny(f, {"thang hanh dong"})) return v1::TASK_KIND_CAMPAIGN;
  if (ContainsAny(f, {"tap huan", "boi duong", "dao tao", "hoi thao", "toa dam", "hoc hoi kinh"}))
    return v1::TASK_KIND_TRAINING;
  if (ContainsAny(f, {"kiem tra", "thanh tra", "giam sat"})) return v1::TASK_KIND_INSPECTION;
  if (ContainsAny(f, {"mo hinh"})) return v1::TASK_KIND_MODEL;
  if (ContainsAny(f, {"bao cao", "so ket", "tong ket", "thong ke", "so lieu"}))
    return v1::TASK_KIND_REPORTING;
  if (ContainsAny(f, {"tuyen truyen", "truyen thong", "pho bien", "thong tin"}))
    return v1::TASK_KIND_COMMUNICATION;
  if (ContainsAny(f, {"ke hoach", "tham muu", "ban hanh", "van ban", "huong dan", "chinh sach",
                      "long ghep"}))
    return v1::TASK_KIND_GUIDANCE;
  return v1::TASK_KIND_UNSPECIFIED;
}

}  // namespace

v1::TaskKind TaskKindOfWords(absl::string_view content) {
  std::string f = Fold(content);
  v1::TaskKind kind = KindOfFolded(Fold(ShortTitle(content)));
  if (kind == v1::TASK_KIND_UNSPECIFIED) kind = KindOfFolded(f);
  return kind == v1::TASK_KIND_UNSPECIFIED ? v1::TASK_KIND_OTHER : kind;
}

v1::CampaignKind CampaignOfWords(absl::string_view content) {
  std::string f = Fold(content);
  if (absl::StrContains(f, "thang hanh dong vi binh dang gioi")) {
    return v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY;
  }
  if (absl::StrContains(f, "thang hanh dong quoc gia ve phong") &&
      absl::StrContains(f, "bao luc gia dinh")) {
    return v1::CAMPAIGN_KIND_ACTION_MONTH_DOMESTIC_VIOLENCE;
  }
  return v1::CAMPAIGN_KIND_UNSPECIFIED;
}

void ReadTiming(absl::string_view content, v1::Task* task) {
  static const LazyRE2 kLabelled = {R"(thoi gian(?: thuc hien| hoan thanh)?\s*:\s*([^;]+))"};
  static const LazyRE2 kRange = {R"(tu ngay\s*[\d/ ]+\s*den(?: het)? ngay\s*[\d/ ]+\d)"};
  FoldedText text(content);
  const std::string& f = text.folded();
  re2::StringPiece whole;
  if (kRange->Match(f, 0, f.size(), RE2::UNANCHORED, &whole, 1)) {
    size_t b = whole.data() - f.data();
    std::optional<FoundDate> from = FindDate(f, b);
    std::optional<FoundDate> to =
        from.has_value() ? FindDate(f, from->end) : std::optional<FoundDate>();
    if (from.has_value() && to.has_value() && to->end <= b + whole.size() + 1) {
      task->set_timing(TrimPunct(text.Original(b, b + whole.size())));
      *task->mutable_start_date() = from->date;
      *task->mutable_end_date() = to->date;
      return;
    }
  }
  re2::StringPiece m;
  re2::StringPiece label;
  if (kLabelled->Match(f, 0, f.size(), RE2::UNANCHORED, &m, 1) &&
      RE2::PartialMatch(m, *kLabelled, &label)) {
    size_t b = label.data() - f.data();
    std::string timing = TrimPunct(text.Original(b, b + label.size()));
    if (timing.size() > 200) {
      size_t cut = 200;
      while (cut > 0 && (static_cast<unsigned char>(timing[cut]) & 0xC0) == 0x80) --cut;
      timing.resize(cut);
    }
    task->set_timing(timing);
  }
}

std::string ShortTitle(absl::string_view content, int max_words) {
  std::string first(content.substr(0, content.find('\n')));
  size_t stop = first.find_first_of(";:");
  if (stop != std::string::npos) first = first.substr(0, stop);
  size_t sentence = first.find(". ");
  if (sentence != std::string::npos) first = first.substr(0, sentence);
  std::vector<absl::string_view> words = absl::StrSplit(first, ' ', absl::SkipEmpty());
  if (static_cast<int>(words.size()) > max_words) words.resize(max_words);
  return TrimPunct(absl::StrJoin(words, " "));
}

}  // namespace interplan::plans::import
