// The head of an administrative document (Decree 30/2020/NĐ-CP, Annex I):
// the issuing body's lines, "Số: 38/KH-UBND" (possibly blank: "Số:
// /KH-UBND"), the place and date line ("Đồng Nai, ngày 21 tháng 6 năm
// 2021", day or month possibly blank, possibly split over two lines), the
// kind ("KẾ HOẠCH", "QUYẾT ĐỊNH") and the title lines, and the preamble up
// to the first headed part.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_HEADER_READER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_HEADER_READER_H_

#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans::import {

struct DocumentHeader {
  v1::DocumentKind kind = v1::DOCUMENT_KIND_UNSPECIFIED;
  int kind_paragraph = -1;   // the "KẾ HOẠCH" line; -1 when none
  std::string issuer_words;  // the issuing body's lines, as printed
  int issuer_paragraph = -1;
  std::string number;  // "38/KH-UBND", "/KH-UBND"; empty when none
  int number_paragraph = -1;
  std::string place;
  google::type::Date issue_date;  // unset year when none
  int date_paragraph = -1;
  std::string title;
  int title_paragraph = -1;
  // "(Ban hành kèm theo Quyết định số ...)" under a plan's title.
  std::string attached_to;
  int body_begin = 0;  // the first paragraph after the title
};

// The header of the document starting at paragraph `begin`; a kind line
// is looked for among the first `window` paragraphs.
DocumentHeader ReadHeader(const std::vector<std::string>& paragraphs, int begin, int window = 40);

// The index of the next kind line ("KẾ HOẠCH", "QUYẾT ĐỊNH" alone on its
// line) at or after `begin`, -1 when none.
int FindKindLine(const std::vector<std::string>& paragraphs, int begin, int end,
                 v1::DocumentKind* kind);

// The first headed part after the preamble ("I.", or "1." when the
// document has no Roman parts), -1 when none.
int FindFirstPart(const std::vector<std::string>& paragraphs, int begin, int end);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_HEADER_READER_H_
