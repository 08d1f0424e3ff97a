// The foot of an administrative document: "Nơi nhận:" with its lines
// ("- Bộ LĐTBXH (b/c);" ... "- Lưu: VT, KGVX."), and the signature block
// ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / the signer's name), in whichever
// order the text gives them (a Word table puts them side by side).
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_FOOT_READER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_FOOT_READER_H_

#include <string>
#include <vector>

namespace interplan::plans::import {

struct DocumentFoot {
  int begin = -1;                       // the first paragraph of the foot; -1 when none found
  int end = -1;                         // one past its last
  std::vector<std::string> addressees;  // as written, without "-" and ";"
  std::vector<int> addressee_paragraphs;
  std::string remainder;  // "Lưu: VT, KGVX." and what follows it
  std::string signatory;  // role lines and name, joined by newlines
  int signatory_paragraph = -1;
};

// The foot of the document part [begin, end): "Nơi nhận" after `begin`,
// or the signature block when there is no "Nơi nhận".
DocumentFoot ReadFoot(const std::vector<std::string>& paragraphs, int begin, int end);

// True for a signature role line: "KT. CHỦ TỊCH", "PHÓ TRƯỞNG BAN", "TM.
// ỦY BAN NHÂN DÂN", written in capitals.
bool IsSignatureRole(const std::string& paragraph);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_FOOT_READER_H_
