// References to other documents as plans cite them: "Công văn số
// 356/LĐTBXH-BĐG ngày 19 tháng 02 năm 2021 của Bộ Lao động - Thương binh và
// Xã hội về việc ...", "Quyết định 1696/QĐ-TTg", "Kế hoạch số 1415/KH-UBND,
// ngày 25/5/2021 của UBND tỉnh Lai Châu": kind, number as printed, date,
// issuer words and title, found in a paragraph's folded text.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_REFERENCES_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_REFERENCES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/folded_text.h"

namespace interplan::plans::import {

struct FoundReference {
  v1::DocumentReference reference;  // issuer_agency left empty
  size_t begin = 0;                 // in the folded text
  size_t end = 0;
};

// Every numbered reference in `text`, in order.
std::vector<FoundReference> FindDocumentReferences(const FoldedText& text);

// The document kind that words such as "Công văn", "QUYẾT ĐỊNH" name
// (folded: "cong van"); OTHER_DOCUMENT when none.
v1::DocumentKind KindOfWords(absl::string_view folded_words);

// A document number as printed after "Số:" ("38/KH-UBND", "/KH-UBND" when
// the number is left blank); empty when `text` holds none.
std::string DocumentNumberAt(const FoldedText& text, size_t from);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_REFERENCES_H_
