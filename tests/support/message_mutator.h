// Random inputs for the bounded fuzz tests: messages of any type filled
// from their descriptors with values a service may or may not accept
// (names that exist, names that do not, non-ASCII, LIKE wildcards,
// unknown enum numbers, extreme numbers), and random edits of bytes (a
// serialized body, a JSON file). Deterministic for a seed, so a failure
// can be replayed.
#ifndef INTERPLAN_TESTS_SUPPORT_MESSAGE_MUTATOR_H_
#define INTERPLAN_TESTS_SUPPORT_MESSAGE_MUTATOR_H_

#include <cstdint>
#include <random>
#include <string>

#include "google/protobuf/message.h"

namespace interplan::testing {

class MessageMutator {
 public:
  explicit MessageMutator(uint64_t seed) : random_(seed) {}

  // Sets a random selection of `message`'s fields, nested messages down
  // to a few levels.
  void Fill(google::protobuf::Message& message);
  // `bytes` after one to four random edits: bits flipped, bytes replaced,
  // inserted, deleted or duplicated, the end cut, a field appended.
  std::string MutateBytes(std::string bytes);
  // `text` (JSON) after one to three edits, most of them keeping it JSON:
  // a number or string value replaced by an extreme one; else MutateBytes.
  std::string MutateJson(std::string text);

  // A uniformly drawn integer in [0, n).
  size_t Below(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(random_);
  }
  bool OneIn(size_t n) { return Below(n) == 0; }

 private:
  void FillMessage(google::protobuf::Message& message, int depth);
  void FillField(google::protobuf::Message& message, const google::protobuf::FieldDescriptor& field,
                 int depth);
  void AddRepeated(google::protobuf::Message& message,
                   const google::protobuf::FieldDescriptor& field, int depth);
  std::string RandomString();
  int64_t RandomInteger();
  int RandomEnumNumber(const google::protobuf::FieldDescriptor& field);

  std::mt19937_64 random_;
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_MESSAGE_MUTATOR_H_
