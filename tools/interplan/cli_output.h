// How the client prints: aligned tables for people, or with --json one
// JSON object per resource per line (protobuf's JSON mapping) for scripts.
#ifndef INTERPLAN_TOOLS_INTERPLAN_CLI_OUTPUT_H_
#define INTERPLAN_TOOLS_INTERPLAN_CLI_OUTPUT_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "google/type/date.pb.h"

namespace interplan::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  size_t size() const { return rows_.size(); }
  // Columns padded by code points, so Vietnamese names line up.
  void Print() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// One line of JSON.
void PrintJson(const google::protobuf::Message& message);

// "2025-07-01", "2020-03" for a partial date, "" when unset.
std::string FormatDate(const google::type::Date& date);
// "..2025-06-30", "2025-07-01..", "" when both ends are open.
std::string FormatValidity(const google::type::Date& from, const google::type::Date& to);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_CLI_OUTPUT_H_
