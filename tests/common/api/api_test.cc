// Tests of the API conventions every service shares: page tokens and page
// sizes (AIP-158), message fingerprints, resource names (AIP-122).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/api/fingerprint.h"
#include "common/api/list_window.h"
#include "common/api/page_token.h"
#include "common/api/resource_name.h"
#include "common/api/search_words.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "google/rpc/error_details.pb.h"
#include "google/type/date.pb.h"
#include "gtest/gtest.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// The field every violation of `status` names.
std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

// A List request of the usual shape, defined here so these tests of the
// shared runtime do not depend on any one service's API.
constexpr char kListRequestFile[] = R"pb(
  name: "interplan_test/list_things.proto"
  package: "interplan_test"
  syntax: "proto3"
  message_type {
    name: "ListThingsRequest"
    field { name: "parent" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    field { name: "filter" number: 2 type: TYPE_STRING label: LABEL_OPTIONAL }
    field { name: "page_size" number: 3 type: TYPE_INT32 label: LABEL_OPTIONAL }
    field { name: "page_token" number: 4 type: TYPE_STRING label: LABEL_OPTIONAL }
    field { name: "descendants" number: 5 type: TYPE_BOOL label: LABEL_OPTIONAL }
  }
)pb";

class ListRequests {
 public:
  ListRequests() {
    google::protobuf::FileDescriptorProto file;
    if (!google::protobuf::TextFormat::ParseFromString(kListRequestFile, &file)) {
      ADD_FAILURE() << "bad test descriptor";
      return;
    }
    if (pool_.BuildFile(file) == nullptr) {
      ADD_FAILURE() << "test descriptor does not build";
      return;
    }
    prototype_ =
        factory_.GetPrototype(pool_.FindMessageTypeByName("interplan_test.ListThingsRequest"));
  }

  // A request read from text format: `parent: "units/79" page_size: 10`.
  std::unique_ptr<google::protobuf::Message> Make(absl::string_view text) const {
    std::unique_ptr<google::protobuf::Message> request(prototype_->New());
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(std::string(text), request.get()))
        << text;
    return request;
  }

 private:
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
  const google::protobuf::Message* prototype_ = nullptr;
};

class PageTokenTest : public ::testing::Test {
 protected:
  uint64_t Fingerprint(absl::string_view text) const {
    return FilterFingerprint(*requests_.Make(text));
  }

  ListRequests requests_;
};

TEST_F(PageTokenTest, RoundTripsTheLastKey) {
  const uint64_t fingerprint = Fingerprint(R"pb(parent: "units/79" filter: "level=2")pb");
  for (absl::string_view key :
       {"26882", "units/79/x", "a:b:c", "Đồng Nai", "key with spaces and = signs"}) {
    SCOPED_TRACE(key);
    std::string token = EncodePageToken(fingerprint, key);
    absl::StatusOr<std::string> decoded = DecodePageToken(token, fingerprint);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, key);
  }
}

TEST_F(PageTokenTest, TokenIsOpaqueAndUrlSafe) {
  std::string token = EncodePageToken(Fingerprint(""), "units/79 Đồng Nai");
  EXPECT_FALSE(token.empty());
  EXPECT_EQ(token.find("units"), std::string::npos);
  for (char c : token) {
    EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
        << "'" << c << "' in " << token;
  }
}

TEST_F(PageTokenTest, EmptyTokenIsTheFirstPage) {
  absl::StatusOr<std::string> decoded = DecodePageToken("", Fingerprint(""));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, "");
}

TEST_F(PageTokenTest, RejectsATokenFromOtherFilters) {
  std::string token =
      EncodePageToken(Fingerprint(R"pb(parent: "units/79" filter: "level=2")pb"), "100");
  for (absl::string_view other :
       {R"pb(parent: "units/79" filter: "level=3")pb",
        R"pb(parent: "units/01" filter: "level=2")pb", R"pb(parent: "units/79"
                                                            filter: "level=2"
                                                            descendants: true)pb"}) {
    SCOPED_TRACE(other);
    absl::StatusOr<std::string> decoded = DecodePageToken(token, Fingerprint(other));
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(ViolatedFields(decoded.status()), ::testing::ElementsAre("page_token"));
  }
}

TEST_F(PageTokenTest, AcceptsTheTokenWithAnotherPageSize) {
  // The next request carries the token and may ask for another page size.
  std::string token =
      EncodePageToken(Fingerprint(R"pb(parent: "units/79" page_size: 10)pb"), "100");
  absl::StatusOr<std::string> decoded = DecodePageToken(
      token, Fingerprint(absl::StrCat(R"pb(parent: "units/79" page_size: 50 page_token: ")pb",
                                      token, "\"")));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, "100");
}

TEST_F(PageTokenTest, RejectsGarbage) {
  const uint64_t fingerprint = Fingerprint(R"pb(parent: "units/79")pb");
  const std::string garbage[] = {
      "not a token!",                               // not base64
      "abc$%^",                                     // not base64
      "bm90LWEtdG9rZW4",                            // "not-a-token"
      absl::WebSafeBase64Escape("v2:1234:key"),     // another version
      absl::WebSafeBase64Escape("v1:not-hex:key"),  // bad fingerprint
      absl::WebSafeBase64Escape("v1:1234"),         // no key part
  };
  for (const std::string& token : garbage) {
    SCOPED_TRACE(token);
    absl::StatusOr<std::string> decoded = DecodePageToken(token, fingerprint);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(ViolatedFields(decoded.status()), ::testing::ElementsAre("page_token"));
  }
}

TEST(PageSizeTest, NegativeIsRejected) {
  absl::StatusOr<int> size = EffectivePageSize(-1, 100, 1000);
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(size.status()), ::testing::ElementsAre("page_size"));
}

TEST(PageSizeTest, ZeroMeansTheDefault) {
  absl::StatusOr<int> size = EffectivePageSize(0, 100, 1000);
  ASSERT_TRUE(size.ok()) << size.status();
  EXPECT_EQ(*size, 100);
}

TEST(PageSizeTest, IsKeptUpToTheMaximumAndCappedAboveIt) {
  EXPECT_EQ(EffectivePageSize(1, 100, 1000).value_or(-1), 1);
  EXPECT_EQ(EffectivePageSize(250, 100, 1000).value_or(-1), 250);
  EXPECT_EQ(EffectivePageSize(1000, 100, 1000).value_or(-1), 1000);
  EXPECT_EQ(EffectivePageSize(1001, 100, 1000).value_or(-1), 1000);
  EXPECT_EQ(EffectivePageSize(INT32_MAX, 100, 1000).value_or(-1), 1000);
}

TEST_F(PageTokenTest, FilterFingerprintIgnoresPageTokenAndPageSize) {
  const uint64_t base = Fingerprint(R"pb(parent: "units/79" filter: "x")pb");
  EXPECT_EQ(Fingerprint(R"pb(parent: "units/79" filter: "x" page_size: 10)pb"), base);
  EXPECT_EQ(Fingerprint(R"pb(parent: "units/79" filter: "x" page_token: "abc")pb"), base);
  EXPECT_EQ(Fingerprint(R"pb(parent: "units/79" filter: "x" page_size: 7 page_token: "zz")pb"),
            base);
}

TEST_F(PageTokenTest, FilterFingerprintSeesEveryOtherField) {
  const uint64_t base = Fingerprint(R"pb(parent: "units/79" filter: "x")pb");
  EXPECT_NE(Fingerprint(R"pb(parent: "units/01" filter: "x")pb"), base);
  EXPECT_NE(Fingerprint(R"pb(parent: "units/79" filter: "y")pb"), base);
  EXPECT_NE(Fingerprint(R"pb(parent: "units/79")pb"), base);
  EXPECT_NE(Fingerprint(R"pb(parent: "units/79" filter: "x" descendants: true)pb"), base);
}

TEST(FingerprintTest, Fnv1a64MatchesThePublishedVectors) {
  // Test vectors of the FNV reference (offset basis, "a", "foobar").
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(FingerprintTest, IsStableAcrossReleases) {
  // FNV-1a of "google.rpc.RequestInfo\n" followed by the wire bytes
  // 0a 02 'r' '1' (field 1, length 2), computed independently.
  google::rpc::RequestInfo info;
  info.set_request_id("r1");
  EXPECT_EQ(DeterministicBytes(info), std::string("\x0a\x02r1", 4));
  EXPECT_EQ(MessageFingerprint(info), 0x665e159f64ccac3full);
}

TEST(FingerprintTest, EqualMessagesHaveEqualFingerprints) {
  google::rpc::BadRequest a;
  auto* v = a.add_field_violations();
  v->set_field("plan.title");
  v->set_description("must not be empty");
  google::rpc::BadRequest b;
  b.CopyFrom(a);
  EXPECT_EQ(MessageFingerprint(a), MessageFingerprint(b));

  google::type::Date d1, d2;
  d1.set_year(2020);
  d1.set_month(3);
  d2.set_month(3);
  d2.set_year(2020);
  EXPECT_EQ(MessageFingerprint(d1), MessageFingerprint(d2));
}

TEST(FingerprintTest, DifferentMessagesHaveDifferentFingerprints) {
  google::rpc::BadRequest a;
  a.add_field_violations()->set_field("plan.title");
  google::rpc::BadRequest b;
  b.add_field_violations()->set_field("plan.titles");
  EXPECT_NE(MessageFingerprint(a), MessageFingerprint(b));

  google::rpc::BadRequest two;
  two.add_field_violations()->set_field("plan.title");
  two.add_field_violations()->set_field("plan.title");
  EXPECT_NE(MessageFingerprint(a), MessageFingerprint(two));

  google::type::Date march, may, unset;
  march.set_year(2020);
  march.set_month(3);
  may.set_year(2020);
  may.set_month(5);
  EXPECT_NE(MessageFingerprint(march), MessageFingerprint(may));
  EXPECT_NE(MessageFingerprint(march), MessageFingerprint(unset));
}

TEST(FingerprintTest, SameBytesOfAnotherTypeDiffer) {
  // Both serialize to field 1 = "x"; the type name keeps them apart.
  google::rpc::RequestInfo request;
  request.set_request_id("x");
  google::rpc::ResourceInfo resource;
  resource.set_resource_type("x");
  ASSERT_EQ(DeterministicBytes(request), DeterministicBytes(resource));
  EXPECT_NE(MessageFingerprint(request), MessageFingerprint(resource));
}

TEST(FingerprintTest, IgnoresTheNamedFieldsOnly) {
  google::rpc::RequestInfo a;
  a.set_request_id("req-1");
  a.set_serving_data("node-a");
  google::rpc::RequestInfo b;
  b.set_request_id("req-1");
  b.set_serving_data("node-b");
  EXPECT_NE(MessageFingerprint(a), MessageFingerprint(b));
  EXPECT_EQ(MessageFingerprint(a, {"serving_data"}), MessageFingerprint(b, {"serving_data"}));
  EXPECT_NE(MessageFingerprint(a, {"request_id"}), MessageFingerprint(b, {"request_id"}));
  // A name the message does not have changes nothing.
  EXPECT_EQ(MessageFingerprint(a, {"no_such_field"}), MessageFingerprint(a));
  // The message itself is left as it was.
  EXPECT_EQ(a.serving_data(), "node-a");
}

TEST(FingerprintTest, MapOrderDoesNotMatter) {
  google::rpc::ErrorInfo forward, backward;
  constexpr int kKeys = 64;
  for (int i = 0; i < kKeys; ++i) {
    (*forward.mutable_metadata())[absl::StrCat("key", i)] = absl::StrCat(i);
  }
  for (int i = kKeys - 1; i >= 0; --i) {
    (*backward.mutable_metadata())[absl::StrCat("key", i)] = absl::StrCat(i);
  }
  EXPECT_EQ(DeterministicBytes(forward), DeterministicBytes(backward));
  EXPECT_EQ(MessageFingerprint(forward), MessageFingerprint(backward));
  (*backward.mutable_metadata())["key0"] = "changed";
  EXPECT_NE(MessageFingerprint(forward), MessageFingerprint(backward));
}

TEST(ResourceNameTest, ParsesTheId) {
  absl::StatusOr<std::string> id = ParseResourceName("units/79", "units", "name");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "79");

  absl::StatusOr<std::string> slug =
      ParseResourceName("agencies/dong-nai-ubnd", "agencies", "agency.name");
  ASSERT_TRUE(slug.ok()) << slug.status();
  EXPECT_EQ(*slug, "dong-nai-ubnd");
}

TEST(ResourceNameTest, EmptyNameIsRequired) {
  absl::StatusOr<std::string> id = ParseResourceName("", "units", "parent");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<FieldViolation> violations = FieldViolationsOf(id.status());
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_EQ(violations[0].field, "parent");
  EXPECT_THAT(violations[0].description, HasSubstr("required"));
}

TEST(ResourceNameTest, RejectsMalformedNamesNamingTheField) {
  for (absl::string_view bad :
       {"agencies/x", "units/", "units/a/b", "units", "unitsx/79", "/units/79", "79", "Units/79"}) {
    SCOPED_TRACE(bad);
    absl::StatusOr<std::string> id = ParseResourceName(bad, "units", "agency.unit");
    ASSERT_FALSE(id.ok()) << "parsed as " << *id;
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
    std::vector<FieldViolation> violations = FieldViolationsOf(id.status());
    ASSERT_THAT(violations, SizeIs(1));
    EXPECT_EQ(violations[0].field, "agency.unit");
    EXPECT_THAT(violations[0].description, HasSubstr(std::string(bad)));
  }
}

TEST(ResourceNameTest, ResourceNameIsTheInverse) {
  EXPECT_EQ(ResourceName("units", "79"), "units/79");
  absl::StatusOr<std::string> id =
      ParseResourceName(ResourceName("plans", "p-2025-01"), "plans", "name");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "p-2025-01");
}

class ListWindowTest : public PageTokenTest {
 protected:
  // Pages through keys "k00".."k<n-1>" as a store would, following tokens;
  // returns each page's keys.
  std::vector<std::vector<std::string>> PageThrough(int n, int page_size) {
    std::vector<std::string> keys;
    for (int i = 0; i < n; ++i) keys.push_back(absl::StrCat("k", i / 10, i % 10));
    std::vector<std::vector<std::string>> pages;
    std::string token;
    do {
      std::unique_ptr<google::protobuf::Message> request = requests_.Make(absl::StrCat(
          "parent: \"units/79\" page_size: ", page_size, " page_token: \"", token, "\""));
      FieldViolations violations;
      ListWindow window = ListWindow::Of(*request, page_size, token, 50, 1000, &violations);
      EXPECT_TRUE(violations.empty());
      if (!violations.empty()) break;
      std::vector<std::string> rows;
      for (const std::string& key : keys) {
        if (key > window.after() && static_cast<int>(rows.size()) < window.fetch_limit()) {
          rows.push_back(key);
        }
      }
      const bool more = window.TrimToPage(rows);
      token = more ? window.TokenAfter(rows.back()) : "";
      pages.push_back(rows);
    } while (!token.empty() && pages.size() < 100);
    return pages;
  }
};

TEST_F(ListWindowTest, PagesCoverEveryRowOnceAndTheLastPageHasNoToken) {
  std::vector<std::vector<std::string>> pages = PageThrough(25, 10);
  ASSERT_THAT(pages, SizeIs(3));
  EXPECT_THAT(pages[0], SizeIs(10));
  EXPECT_EQ(pages[1].front(), "k10");
  EXPECT_THAT(pages[2], SizeIs(5));
  EXPECT_EQ(pages[2].back(), "k24");
}

TEST_F(ListWindowTest, AnExactMultipleEndsWithoutAnEmptyPage) {
  std::vector<std::vector<std::string>> pages = PageThrough(20, 10);
  ASSERT_THAT(pages, SizeIs(2));
  EXPECT_EQ(pages[1].back(), "k19");
}

TEST_F(ListWindowTest, ZeroPageSizeServesTheDefaultAndFetchesOneMore) {
  std::unique_ptr<google::protobuf::Message> request = requests_.Make("parent: \"units/79\"");
  FieldViolations violations;
  ListWindow window = ListWindow::Of(*request, 0, "", 50, 1000, &violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(window.page_size(), 50);
  EXPECT_EQ(window.fetch_limit(), 51);
  EXPECT_EQ(window.after(), "");
  EXPECT_FALSE(window.Exhausted(51));
  EXPECT_TRUE(window.Exhausted(50));
}

TEST_F(ListWindowTest, BadSizeAndForeignTokenAreBothNamed) {
  std::unique_ptr<google::protobuf::Message> other = requests_.Make("parent: \"units/1\"");
  FieldViolations ignored;
  const std::string foreign = ListWindow::Of(*other, 10, "", 50, 1000, &ignored).TokenAfter("k09");
  std::unique_ptr<google::protobuf::Message> request =
      requests_.Make("parent: \"units/79\" page_size: -1");
  FieldViolations violations;
  ListWindow::Of(*request, -1, foreign, 50, 1000, &violations);
  EXPECT_THAT(ViolatedFields(violations.ToStatus()),
              ::testing::ElementsAre("page_size", "page_token"));
}

TEST(SearchWordsTest, FoldsAccentsAndCaseAndSplitsOnSpaces) {
  absl::StatusOr<std::vector<std::string>> words = SearchWords("  Sở Lao động   ĐỒNG Nai ");
  ASSERT_TRUE(words.ok()) << words.status();
  EXPECT_THAT(*words, ::testing::ElementsAre("so", "lao", "dong", "dong", "nai"));
  absl::StatusOr<std::vector<std::string>> none = SearchWords("");
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, ::testing::IsEmpty());
}

TEST(SearchWordsTest, UncleanTextIsRefusedNamingTheField) {
  absl::StatusOr<std::vector<std::string>> words = SearchWords("s\xc3\x28", "filter.query");
  EXPECT_EQ(words.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(words.status()), ::testing::ElementsAre("filter.query"));
}

}  // namespace
}  // namespace interplan
