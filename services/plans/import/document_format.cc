#include "services/plans/import/document_format.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/text/utf8.h"

namespace interplan::plans::import {
namespace {

constexpr absl::string_view kOldWord = "old Word .doc is not read; save it as .docx";
constexpr absl::string_view kNotADocument =
    "not a document Interplan reads (.docx, .pdf, .txt, .md)";

// What a name says: a format, the old .doc (an error), or nothing.
struct Hint {
  std::optional<DocumentFormat> format;
  bool old_word = false;
};

Hint FromMediaType(absl::string_view media_type) {
  std::string type = absl::AsciiStrToLower(media_type.substr(0, media_type.find(';')));
  absl::StripAsciiWhitespace(&type);
  if (type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    return {DocumentFormat::kDocx};
  }
  if (type == "application/pdf") return {DocumentFormat::kPdf};
  if (type == "text/plain" || type == "text/markdown") return {DocumentFormat::kText};
  if (type == "application/msword") return {std::nullopt, true};
  return {};
}

Hint FromFileName(absl::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == absl::string_view::npos) return {};
  const std::string extension = absl::AsciiStrToLower(file_name.substr(dot + 1));
  if (extension == "docx") return {DocumentFormat::kDocx};
  if (extension == "pdf") return {DocumentFormat::kPdf};
  if (extension == "txt" || extension == "md" || extension == "markdown") {
    return {DocumentFormat::kText};
  }
  if (extension == "doc") return {std::nullopt, true};
  return {};
}

bool IsOldWord(absl::string_view content) {
  return absl::StartsWith(content, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
}

// Text by content: valid UTF-8 without NUL or other C0 controls than the
// white space ones.
bool LooksLikeText(absl::string_view content) {
  if (!text::IsValidUtf8(content)) return false;
  for (char c : content) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
  }
  return true;
}

absl::StatusOr<DocumentFormat> FromMagic(absl::string_view content) {
  if (absl::StartsWith(content, "PK\x03\x04")) return DocumentFormat::kDocx;
  if (absl::StartsWith(content, "%PDF-")) return DocumentFormat::kPdf;
  if (IsOldWord(content)) return absl::InvalidArgumentError(kOldWord);
  if (LooksLikeText(content)) return DocumentFormat::kText;
  return absl::InvalidArgumentError(kNotADocument);
}

}  // namespace

absl::StatusOr<DocumentFormat> ChooseDocumentFormat(absl::string_view content,
                                                    absl::string_view file_name,
                                                    absl::string_view media_type) {
  // A .doc renamed .docx is common: its bytes say what it is whatever its name.
  if (IsOldWord(content)) return absl::InvalidArgumentError(kOldWord);
  for (const Hint& hint : {FromMediaType(media_type), FromFileName(file_name)}) {
    if (hint.old_word) return absl::InvalidArgumentError(kOldWord);
    if (hint.format.has_value()) return *hint.format;
  }
  return FromMagic(content);
}

}  // namespace interplan::plans::import
