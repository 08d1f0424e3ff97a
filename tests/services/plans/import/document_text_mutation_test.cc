// A bounded random-mutation run over the seeds' .docx, .pdf and .txt bytes,
// and over their .docx's document.xml zipped again (bytes flipped, inserted,
// deleted, with a fixed seed): every call returns INVALID_ARGUMENT or text,
// without crashing, within a bound. About 15 s on 2 cores; a PDF takes ~25 ms,
// so PDFs get fewer mutations. DOCUMENT_TEXT_MUTATION_SCALE=10 runs ten times
// as many.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "services/plans/import/document_text.h"
#include "tests/services/plans/import/test_documents.h"

namespace interplan::plans::import {
namespace {

using ::interplan::plans::import::testing::ReadFixture;
using ::interplan::plans::import::testing::SeedNames;

int Scaled(int mutations) {
  const char* scale = std::getenv("DOCUMENT_TEXT_MUTATION_SCALE");
  return scale != nullptr ? mutations * std::max(1, std::atoi(scale)) : mutations;
}

// One to eight edits: a byte flipped, a random byte inserted, or a run deleted.
std::string Mutate(std::string bytes, std::mt19937& random) {
  const int edits = 1 + static_cast<int>(random() % 8);
  for (int i = 0; i < edits && !bytes.empty(); ++i) {
    const size_t at = random() % bytes.size();
    switch (random() % 3) {
      case 0:
        bytes[at] = static_cast<char>(bytes[at] ^ (1 << (random() % 8)));
        break;
      case 1:
        bytes.insert(bytes.begin() + at, static_cast<char>(random() & 0xFF));
        break;
      default:
        bytes.erase(at, std::min<size_t>(1 + random() % 16, bytes.size() - at));
        break;
    }
  }
  return bytes;
}

// The document a test mutates, from a seed.
using Original = std::function<std::string(const std::string& seed)>;
// What is given to ExtractDocumentText, from the mutated bytes.
using Wrap = std::function<std::string(const std::string& mutated)>;

std::string Same(const std::string& bytes) { return bytes; }

void RunMutations(const std::string& extension, int per_seed, const Original& original_of,
                  const Wrap& wrap = Same) {
  std::mt19937 random(20211216);
  double slowest = 0;
  int read = 0;
  int total = 0;
  for (const std::string& seed : SeedNames()) {
    const std::string original = original_of(seed);
    for (int i = 0; i < Scaled(per_seed); ++i) {
      const std::string mutated = wrap(Mutate(original, random));
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<DocumentText> text =
          ExtractDocumentText(mutated, i % 2 == 0 ? seed + extension : "", "");
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      slowest = std::max(slowest, seconds);
      ++total;
      if (text.ok()) {
        ++read;
      } else {
        EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument)
            << seed << extension << " mutation " << i << ": " << text.status();
      }
      ASSERT_LT(seconds, 2.0) << seed << extension << " mutation " << i;
    }
  }
  std::cout << extension << ": " << total << " mutations, " << read << " still read, slowest "
            << slowest * 1000 << " ms\n";
}

std::string Fixture(const std::string& seed, const std::string& extension) {
  return ReadFixture(seed + extension);
}

TEST(DocumentTextMutation, DocxMutationsReturnQuickly) {
  RunMutations(".docx", 2000, [](const std::string& seed) { return Fixture(seed, ".docx"); });
}

TEST(DocumentTextMutation, DocumentXmlMutationsReturnQuickly) {
  RunMutations(
      ".docx", 400,
      [](const std::string& seed) {
        return testing::ReadZipMember(Fixture(seed, ".docx"), "word/document.xml");
      },
      [](const std::string& xml) { return testing::MakeDocx(xml); });
}

TEST(DocumentTextMutation, PdfMutationsReturnQuickly) {
  RunMutations(".pdf", 60, [](const std::string& seed) { return Fixture(seed, ".pdf"); });
}

TEST(DocumentTextMutation, TextMutationsReturnQuickly) {
  RunMutations(".txt", 400, [](const std::string& seed) { return Fixture(seed, ".txt"); });
}

}  // namespace
}  // namespace interplan::plans::import
