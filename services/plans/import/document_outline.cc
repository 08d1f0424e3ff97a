#include "services/plans/import/document_outline.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"
#include "services/plans/import/folded_text.h"

namespace interplan::plans::import {
namespace {

// The style of a marker: kind, and depth for a multi-level label.
std::string StyleOf(const Marker& marker) {
  return std::to_string(static_cast<int>(marker.kind)) + ":" + std::to_string(marker.depth);
}

bool StartsUpper(absl::string_view original) {
  return !original.empty() && (original[0] == 'I' || original[0] == 'V' || original[0] == 'X');
}

// Bullets are items of one paragraph: text under them that is not itself
// marked belongs to the heading above.
bool IsBullet(MarkerKind kind) {
  return kind == MarkerKind::kDash || kind == MarkerKind::kPlus || kind == MarkerKind::kParen;
}

bool IsClosing(const std::string& paragraph) {
  static const LazyRE2 kClosing = {
      R"(^(?:tren day la|trong qua trinh (?:to chuc )?(?:trien khai )?thuc hien|qua trinh (?:to chuc )?(?:trien khai )?thuc hien).*)"};
  return paragraph.size() < 20000 && RE2::FullMatch(Fold(paragraph.substr(0, 120)), *kClosing);
}

}  // namespace

bool IsHeadingKind(MarkerKind kind) {
  return kind == MarkerKind::kRoman || kind == MarkerKind::kArabic ||
         kind == MarkerKind::kMultiLevel;
}

Marker ReadMarker(absl::string_view paragraph) {
  static const LazyRE2 kRoman = {R"(^([ivx]{1,5})\s*\.\s*(\S.*)$)"};
  static const LazyRE2 kMulti = {R"(^(\d{1,2}(?:\.\d{1,2})+)\.?\s*([^\d\s].*)$)"};
  static const LazyRE2 kArabic = {R"(^(\d{1,2})\s*[.)]\s*([^\d\s].*)$)"};
  static const LazyRE2 kLetter = {R"(^([a-z])\s*\)\s*(\S.*)$)"};
  static const LazyRE2 kParen = {R"(^\((\d{1,2}|[a-z])\)\s*(\S.*)$)"};
  static const LazyRE2 kDash = {R"(^[-*]+\s*(\S.*)$)"};
  static const LazyRE2 kPlus = {R"(^\+\s*(\S.*)$)"};
  FoldedText folded(paragraph);
  const std::string& f = folded.folded();
  Marker marker;
  re2::StringPiece label, rest;
  auto take = [&](MarkerKind kind, bool keep_label) {
    marker.kind = kind;
    size_t label_begin = label.data() - f.data();
    size_t rest_begin = rest.data() - f.data();
    if (keep_label) marker.label = folded.Original(label_begin, label_begin + label.size());
    marker.text = folded.Original(rest_begin, f.size());
  };
  if (RE2::FullMatch(f, *kRoman, &label, &rest) && StartsUpper(paragraph)) {
    take(MarkerKind::kRoman, true);
    for (char& c : marker.label) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (RE2::FullMatch(f, *kMulti, &label, &rest)) {
    take(MarkerKind::kMultiLevel, true);
    marker.depth = static_cast<int>(std::count(marker.label.begin(), marker.label.end(), '.')) + 1;
  } else if (RE2::FullMatch(f, *kArabic, &label, &rest)) {
    take(MarkerKind::kArabic, true);
  } else if (RE2::FullMatch(f, *kLetter, &label, &rest)) {
    take(MarkerKind::kLetter, true);
  } else if (RE2::FullMatch(f, *kParen, &label, &rest)) {
    take(MarkerKind::kParen, true);
  } else if (RE2::FullMatch(f, *kDash, &rest)) {
    label = re2::StringPiece(f.data(), 0);
    take(MarkerKind::kDash, false);
    // "- a) ...": the item's own label wins over the bullet.
    Marker inner = ReadMarker(marker.text);
    if (inner.kind == MarkerKind::kLetter || inner.kind == MarkerKind::kParen) return inner;
  } else if (RE2::FullMatch(f, *kPlus, &rest)) {
    label = re2::StringPiece(f.data(), 0);
    take(MarkerKind::kPlus, false);
  } else {
    marker.text = std::string(paragraph);
  }
  return marker;
}

OutlineNode BuildOutline(const std::vector<std::string>& paragraphs, int begin, int end) {
  OutlineNode root;
  // The open nodes, outermost first, with the style that opened each.
  std::vector<std::pair<std::string, OutlineNode*>> open;
  for (int i = begin; i < end; ++i) {
    Marker marker = ReadMarker(paragraphs[i]);
    if (marker.kind == MarkerKind::kNone) {
      OutlineNode* target = open.empty() ? &root : open.back().second;
      // "Trên đây là Kế hoạch ...": the closing words belong to the part,
      // not to its last item.
      if (IsClosing(paragraphs[i])) target = open.empty() ? &root : open.front().second;
      if (!open.empty() && IsBullet(target->marker.kind)) {
        target = open.size() >= 2 ? open[open.size() - 2].second : &root;
      }
      target->body.push_back(i);
      continue;
    }
    std::string style = StyleOf(marker);
    size_t level = open.size();
    for (size_t k = 0; k < open.size(); ++k) {
      if (open[k].first == style) {
        level = k;
        break;
      }
    }
    // A Roman part always starts again from the top.
    if (marker.kind == MarkerKind::kRoman) level = 0;
    open.resize(std::min(level, open.size()));
    OutlineNode* parent = open.empty() ? &root : open.back().second;
    OutlineNode node;
    node.marker = std::move(marker);
    node.paragraph = i;
    parent->children.push_back(std::move(node));
    open.emplace_back(style, &parent->children.back());
  }
  return root;
}

std::string NodeText(const OutlineNode& node, const std::vector<std::string>& paragraphs) {
  std::vector<std::string> parts;
  if (!node.marker.text.empty() && node.marker.kind != MarkerKind::kNone) {
    parts.push_back(node.marker.text);
  }
  for (int i : node.body) parts.push_back(paragraphs[i]);
  return absl::StrJoin(parts, "\n");
}

void CollectParagraphs(const OutlineNode& node, std::vector<int>* out) {
  if (node.paragraph >= 0) out->push_back(node.paragraph);
  for (int i : node.body) out->push_back(i);
  for (const OutlineNode& child : node.children) CollectParagraphs(child, out);
}

}  // namespace interplan::plans::import
