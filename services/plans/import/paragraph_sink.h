// ParagraphSink: where each format's reader puts the paragraphs it finds. It
// makes every paragraph NFC, turns control characters into spaces, trims it,
// drops it when empty and stops the reader once kMaxExtractedBytes of text
// have come out.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PARAGRAPH_SINK_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PARAGRAPH_SINK_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interplan::plans::import {

class ParagraphSink {
 public:
  explicit ParagraphSink(size_t max_bytes);

  // Adds one paragraph of valid UTF-8 text (invalid sequences become U+FFFD).
  // Fails with InvalidArgument once the text out would pass max_bytes.
  absl::Status Add(absl::string_view utf8);

  const std::vector<std::string>& paragraphs() const { return paragraphs_; }
  std::vector<std::string> Release() { return std::move(paragraphs_); }

 private:
  size_t max_bytes_;
  size_t bytes_ = 0;
  std::vector<std::string> paragraphs_;
};

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PARAGRAPH_SINK_H_
