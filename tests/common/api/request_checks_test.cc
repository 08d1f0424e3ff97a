// The generic request checks: request ids (common/api/request_id.h) and
// unknown enum values anywhere in a message (common/api/known_enums.h),
// the latter on a schema built here with every place an enum can hide.
#include <memory>
#include <string>
#include <vector>

#include "common/api/known_enums.h"
#include "common/api/request_id.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace interplan::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(RequestIdTest, OneTo128PrintableAsciiCharacters) {
  EXPECT_TRUE(IsValidRequestId("a"));
  EXPECT_TRUE(IsValidRequestId(std::string(128, '~')));
  EXPECT_FALSE(IsValidRequestId("0f3a-ÿ"));
  for (const std::string& bad :
       {std::string(), std::string(129, 'a'), std::string("réq"), std::string("a b"),
        std::string("a\tb"), std::string("\x7f"), std::string("a\0b", 3)}) {
    EXPECT_FALSE(IsValidRequestId(bad)) << bad;
    absl::Status status = CheckRequestId(bad, "x-request-id");
    EXPECT_TRUE(absl::IsInvalidArgument(status));
    EXPECT_THAT(Fields(status), ElementsAre("x-request-id"));
  }
}

TEST(RequestIdTest, TheRefusalNeverRepeatsTheId) {
  absl::Status status = CheckRequestId("réq", "request_id");
  EXPECT_EQ(std::string(status.message()).find("réq"), std::string::npos);
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    EXPECT_EQ(v.description.find("réq"), std::string::npos);
  }
}

constexpr char kSchema[] = R"pb(
  name: "known_enums_test.proto"
  package: "test"
  syntax: "proto3"
  enum_type {
    name: "Kind"
    value { name: "KIND_UNSPECIFIED" number: 0 }
    value { name: "SMALL" number: 1 }
  }
  message_type {
    name: "Inner"
    field { name: "kind" number: 1 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".test.Kind" }
    field { name: "kinds" number: 2 label: LABEL_REPEATED type: TYPE_ENUM type_name: ".test.Kind" }
    field {
      name: "inner"
      number: 3
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".test.Inner"
    }
  }
  message_type {
    name: "Outer"
    field { name: "kind" number: 1 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".test.Kind" }
    field {
      name: "tasks"
      number: 2
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".test.Inner"
    }
    field {
      name: "by_name"
      number: 3
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".test.Outer.ByNameEntry"
    }
    field {
      name: "by_id"
      number: 4
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".test.Outer.ByIdEntry"
    }
    nested_type {
      name: "ByNameEntry"
      options { map_entry: true }
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
      field {
        name: "value"
        number: 2
        label: LABEL_OPTIONAL
        type: TYPE_ENUM
        type_name: ".test.Kind"
      }
    }
    nested_type {
      name: "ByIdEntry"
      options { map_entry: true }
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
      field {
        name: "value"
        number: 2
        label: LABEL_OPTIONAL
        type: TYPE_MESSAGE
        type_name: ".test.Inner"
      }
    }
  }
)pb";

class KnownEnumsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kSchema, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
  }

  std::unique_ptr<google::protobuf::Message> Parse(const std::string& text) {
    std::unique_ptr<google::protobuf::Message> message(
        factory_.GetPrototype(pool_.FindMessageTypeByName("test.Outer"))->New());
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, message.get())) << text;
    return message;
  }

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_{&pool_};
};

TEST_F(KnownEnumsTest, DeclaredValuesPass) {
  EXPECT_TRUE(
      CheckKnownEnums(*Parse(
                          R"(kind: SMALL tasks { kind: SMALL kinds: [SMALL, KIND_UNSPECIFIED] }
                                     by_name { key: "a" value: SMALL }
                                     by_id { key: 3 value { inner { kind: SMALL } } })"))
          .ok());
}

TEST_F(KnownEnumsTest, EveryUnknownValueIsNamedByItsPath) {
  absl::Status status = CheckKnownEnums(*Parse(R"(
      kind: 999
      tasks { kind: SMALL }
      tasks { kind: SMALL }
      tasks { kind: 77 kinds: [SMALL, 55] inner { inner { kind: -1 } } }
      by_name { key: "2022" value: 5 }
      by_id { key: 7 value { kind: 9 } })"));
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(Fields(status),
              ElementsAre("kind", "tasks[2].kind", "tasks[2].kinds[1]", "tasks[2].inner.inner.kind",
                          "by_name[\"2022\"]", "by_id[7].kind"));
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    EXPECT_NE(v.description.find("is not a value of test.Kind"), std::string::npos);
  }
}

TEST_F(KnownEnumsTest, AnEmptyMessagePasses) {
  EXPECT_THAT(Fields(CheckKnownEnums(*Parse(""))), IsEmpty());
}

}  // namespace
}  // namespace interplan::api
