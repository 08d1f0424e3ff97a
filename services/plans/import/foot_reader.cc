#include "services/plans/import/foot_reader.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "re2/re2.h"
#include "services/plans/import/folded_text.h"

namespace interplan::plans::import {
namespace {

bool HasLowerAscii(absl::string_view s) {
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

bool IsNoiNhan(const std::string& paragraph) {
  static const LazyRE2 kNoiNhan = {R"(^[\s*_]*noi\s*nhan\s*:?.*)"};
  return paragraph.size() < 300 && RE2::FullMatch(Fold(paragraph), *kNoiNhan);
}

// A signer's name: two to six capitalised words, no digits or marks.
bool IsName(const std::string& paragraph) {
  std::string f = Fold(paragraph);
  if (f.empty() || f.size() > 60 || f[0] == '-' || f[0] == '<' || f[0] == '(') return false;
  int words = 1;
  for (char c : f) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == ';' || c == '/') {
      return false;
    }
    if (c == ' ') ++words;
  }
  return words >= 2 && words <= 6 && !HasLowerAscii(paragraph.substr(0, 1));
}

}  // namespace

bool IsSignatureRole(const std::string& paragraph) {
  static const LazyRE2 kRole = {
      R"(^(?:kt|tm|tl|q|tuq)\s*\.\s*\S.*|^(?:pho\s+)?(?:chu tich|truong ban|giam doc|bi thu|truong phong|chanh van phong|thu truong|bo truong)(?:\s.*)?$)"};
  if (paragraph.empty() || paragraph.size() > 120 || HasLowerAscii(paragraph)) return false;
  return RE2::FullMatch(Fold(paragraph), *kRole);
}

DocumentFoot ReadFoot(const std::vector<std::string>& paragraphs, int begin, int end) {
  DocumentFoot foot;
  int noi_nhan = -1;
  int first_role = -1;
  for (int i = begin; i < end; ++i) {
    if (IsNoiNhan(paragraphs[i])) noi_nhan = i;
  }
  for (int i = noi_nhan >= 0 ? noi_nhan : begin; i < end; ++i) {
    if (IsSignatureRole(paragraphs[i])) {
      first_role = i;
      break;
    }
  }
  if (noi_nhan < 0 && first_role < 0) return foot;
  foot.begin =
      noi_nhan >= 0 ? std::min(noi_nhan, first_role >= 0 ? first_role : noi_nhan) : first_role;
  foot.end = end;
  std::vector<std::string> roles;
  bool in_remainder = false;
  std::vector<std::string> remainder;
  for (int i = foot.begin; i < end; ++i) {
    const std::string& p = paragraphs[i];
    if (i == noi_nhan) {
      // "Nơi nhận: - Bộ LĐTBXH;" on one line.
      size_t colon = p.find(':');
      if (colon == std::string::npos || TrimPunct(p.substr(colon + 1)).empty()) continue;
    }
    if (IsSignatureRole(p)) {
      roles.push_back(TrimPunct(p));
      if (foot.signatory_paragraph < 0) foot.signatory_paragraph = i;
      continue;
    }
    if (!roles.empty() && IsName(p) && foot.signatory.empty()) {
      roles.push_back(TrimPunct(p));
      foot.signatory = absl::StrJoin(roles, "\n");
      continue;
    }
    if (noi_nhan < 0) continue;
    std::string line = p;
    if (i == noi_nhan) line = p.substr(p.find(':') + 1);
    std::string f = Fold(line);
    size_t start = f.find_first_not_of("-+*. ");
    if (start == std::string::npos) continue;
    FoldedText folded(line);
    std::string text = folded.Original(start, folded.folded().size());
    static const LazyRE2 kStore = {R"(^l\S{0,2}u\s*:.*)"};
    if (in_remainder || RE2::FullMatch(f.substr(start), *kStore)) {
      in_remainder = true;
      remainder.push_back(text);
      continue;
    }
    // Past the list: a line that is not an item once the signer is read.
    if (!foot.signatory.empty() && f[0] != '-' && f[0] != '+') continue;
    while (!text.empty() && (text.back() == ';' || text.back() == ',' || text.back() == '.')) {
      text.pop_back();
    }
    if (text.empty()) continue;
    foot.addressees.push_back(text);
    foot.addressee_paragraphs.push_back(i);
  }
  if (foot.signatory.empty() && !roles.empty()) foot.signatory = absl::StrJoin(roles, "\n");
  foot.remainder = absl::StrJoin(remainder, "\n");
  return foot;
}

}  // namespace interplan::plans::import
