// The headed parts of a plan's body as a tree: "I." parts, "1." and "1.1."
// headings, "a)" and "(1)" items, "-" and "+" bullets, each with the
// paragraphs under it that carry no marker of their own. A marker style met
// for the first time opens a level under the current one; one met before
// closes the levels opened after it (how documents nest their headings,
// whatever order they use).
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_OUTLINE_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_OUTLINE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace interplan::plans::import {

enum class MarkerKind { kNone, kRoman, kArabic, kMultiLevel, kLetter, kParen, kDash, kPlus };

struct Marker {
  MarkerKind kind = MarkerKind::kNone;
  std::string label;  // "II", "1", "1.2.3", "a", "đ", "1"; empty for bullets
  int depth = 0;      // components of a multi-level label ("1.2.3": 3)
  std::string text;   // the paragraph after its marker
};

// The marker `paragraph` starts with (kNone, with the whole text, when none).
Marker ReadMarker(absl::string_view paragraph);

struct OutlineNode {
  Marker marker;
  int paragraph = -1;     // where its heading is
  std::vector<int> body;  // unmarked paragraphs under it
  std::vector<OutlineNode> children;
};

// The outline of paragraphs [begin, end) of `paragraphs`; the root has no
// marker and holds what comes before the first heading in its body.
OutlineNode BuildOutline(const std::vector<std::string>& paragraphs, int begin, int end);

// True for the kinds that head a part ("I.", "1.", "1.1.").
bool IsHeadingKind(MarkerKind kind);

// The node's heading text and body paragraphs, joined by newlines.
std::string NodeText(const OutlineNode& node, const std::vector<std::string>& paragraphs);

// Every paragraph index of `node` and its descendants, in order.
void CollectParagraphs(const OutlineNode& node, std::vector<int>* out);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_OUTLINE_H_
