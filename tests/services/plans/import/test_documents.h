// Documents made by the document text tests: the seed fixtures read from
// tests/fixtures/documents, zip archives and .docx files built with libzip,
// and a PDF written by hand.
#ifndef INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_TEST_DOCUMENTS_H_
#define INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_TEST_DOCUMENTS_H_

#include <string>
#include <utility>
#include <vector>

namespace interplan::plans::import::testing {

// The five seeds' base names: "000_dong_nai_2021", ...
const std::vector<std::string>& SeedNames();

// The bytes of tests/fixtures/documents/<file_name> (fails the test when missing).
std::string ReadFixture(const std::string& file_name);

// A zip archive of `members` (name, bytes), deflated.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members);

// A zip whose one member `name` is `size` zero bytes, deflated, made without
// holding them all in memory.
std::string MakeZerosZip(const std::string& name, size_t size);

// The member `name` of zip `archive` (fails the test when it cannot).
std::string ReadZipMember(const std::string& archive, const std::string& name);

// A .docx whose word/document.xml is `document_xml`.
std::string MakeDocx(const std::string& document_xml);

// `body` (the inside of <w:body>) in a WordprocessingML document.
std::string WordDocument(const std::string& body);

// A valid one-page PDF whose page content stream is `content` (e.g. "" for an
// empty page) with `resources` (a dictionary), and a correct cross-reference
// table.
std::string MakePdf(const std::string& content, const std::string& resources = "<< >>");

// A PDF of `pages` pages that all draw the one content stream `content`.
std::string MakeManyPagesPdf(const std::string& content, int pages,
                             const std::string& resources = "<< >>");

// A one-page PDF encrypted with a user password that is not "" (RC4, as
// Acrobat 3 wrote it): it cannot be opened without the password.
std::string MakePasswordPdf();

// Resources naming Helvetica as /F1, for content that writes text.
inline constexpr char kHelveticaF1[] =
    "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>";

}  // namespace interplan::plans::import::testing

#endif  // INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_TEST_DOCUMENTS_H_
