#include "gateway/fanout.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace interplan::gateway {
namespace {

const char* ServiceOf(v1::Section section) {
  switch (section) {
    case v1::UNITS:
      return "interplan-agencies";
    case v1::PLANS:
      return "interplan-plans";
    case v1::REPORTING:
      return "interplan-reporting";
    case v1::CAMPAIGNS:
      return "interplan-campaigns";
    default:
      return "?";
  }
}

}  // namespace

Fanout::~Fanout() {
  std::unique_lock<std::mutex> lock(mu_);
  for (auto& call : calls_) {
    if (!call->done) call->context.TryCancel();
  }
  changed_.wait(lock, [this] { return outstanding_ == 0; });
}

void Fanout::Finish(CallBase* call, grpc::Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  call->status = std::move(status);
  call->done = true;
  --outstanding_;
  changed_.notify_all();
}

void Fanout::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!changed_.wait_until(lock, absl::ToChronoTime(deadline_),
                           [this] { return outstanding_ == 0; })) {
    for (auto& call : calls_) {
      if (!call->done) call->context.TryCancel();
    }
    changed_.wait(lock, [this] { return outstanding_ == 0; });
  }
}

void Fanout::ReportSections(google::protobuf::RepeatedPtrField<v1::SectionStatus>* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<int, v1::SectionStatus> sections;
  for (const auto& call : calls_) {
    v1::SectionStatus& section = sections[call->section];
    section.set_section(call->section);
    if (!section.reason().empty()) continue;
    if (call->done && call->status.ok()) {
      section.set_available(true);
      continue;
    }
    section.set_available(false);
    const char* why = call->status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
                              call->status.error_code() == grpc::StatusCode::CANCELLED
                          ? "no answer before the deadline"
                          : "";
    section.set_reason(absl::StrCat(ServiceOf(call->section), ": ", call->what, ": ",
                                    *why ? why : call->status.error_message()));
  }
  for (auto& [key, section] : sections) {
    // A section is available only if every one of its calls was.
    *out->Add() = section;
  }
}

}  // namespace interplan::gateway
