// The five seed plans for the parser's tests: each seed's original text
// (tests/fixtures/documents/*.txt) read as part A's extractor reads a .txt
// (a line is a paragraph, "#" heading marks and "**" dropped, trimmed,
// empty lines dropped), and what a careful person made of it
// (tests/fixtures/plans/*.json).
#ifndef INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_SEED_PLANS_H_
#define INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_SEED_PLANS_H_

#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/document_text.h"

namespace interplan::plans::import::testing {

inline const std::vector<std::string>& SeedStems() {
  static const std::vector<std::string> stems = {"000_dong_nai_2021", "001_quang_ngai_2022",
                                                 "002_go_vap_2019_2020", "003_dak_lak_2020",
                                                 "004_lai_chau_2024"};
  return stems;
}

// The paragraphs of a text, as a .txt is read.
DocumentText TextOf(const std::string& content);

DocumentText SeedText(const std::string& stem);
v1::Plan SeedFixture(const std::string& stem);

}  // namespace interplan::plans::import::testing

#endif  // INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_SEED_PLANS_H_
