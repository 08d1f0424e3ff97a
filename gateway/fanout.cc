#include "gateway/fanout.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace interplan::gateway {
namespace {

std::string ReasonOf(const Fanout::CallBase& call) {
  std::string why;
  if (!call.done) {
    why = "no answer before the deadline";
  } else {
    switch (call.status.code()) {
      case absl::StatusCode::kDeadlineExceeded:
      case absl::StatusCode::kCancelled:
        why = "no answer before the deadline";
        break;
      case absl::StatusCode::kUnavailable:
        why = absl::StrCat("unavailable: ", call.status.message());
        break;
      case absl::StatusCode::kNotFound:
        why = absl::StrCat("not found: ", call.status.message());
        break;
      default:
        why = absl::StrCat("error ", static_cast<int>(call.status.code()), ": ",
                           call.status.message());
    }
  }
  return absl::StrCat(ServiceOf(call.section), ": ", call.what, ": ", why);
}

}  // namespace

const char* ServiceOf(v1::Section section) {
  switch (section) {
    case v1::SECTION_UNITS:
      return "interplan-agencies";
    case v1::SECTION_PLANS:
      return "interplan-plans";
    case v1::SECTION_REPORTING:
      return "interplan-reporting";
    case v1::SECTION_CAMPAIGNS:
      return "interplan-campaigns";
    default:
      return "?";
  }
}

void MergeSection(const v1::SectionStatus& status,
                  google::protobuf::RepeatedPtrField<v1::SectionStatus>* sections) {
  for (v1::SectionStatus& existing : *sections) {
    if (existing.section() != status.section()) continue;
    if (existing.available() && !status.available()) {
      existing.set_available(false);
      existing.set_reason(status.reason());
    }
    return;
  }
  *sections->Add() = status;
}

Fanout::~Fanout() {
  std::unique_lock<std::mutex> lock(mu_);
  CancelRunningLocked();
  changed_.wait(lock, [this] { return outstanding_ == 0; });
}

void Fanout::Finish(CallBase* call, absl::Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  call->status = std::move(status);
  call->done = true;
  --outstanding_;
  changed_.notify_all();
}

void Fanout::CancelRunningLocked() {
  for (auto& call : calls_) {
    if (!call->done) call->rpc->Cancel();
  }
}

void Fanout::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!changed_.wait_until(lock, absl::ToChronoTime(deadline_),
                           [this] { return outstanding_ == 0; })) {
    CancelRunningLocked();
    changed_.wait(lock, [this] { return outstanding_ == 0; });
  }
}

void Fanout::ReportSections(google::protobuf::RepeatedPtrField<v1::SectionStatus>* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  // In section order, so views list their sections the same way each time.
  std::map<int, v1::SectionStatus> sections;
  for (const auto& call : calls_) {
    v1::SectionStatus& section = sections[call->section];
    if (section.section() == v1::SECTION_UNSPECIFIED) {
      section.set_section(call->section);
      section.set_available(true);
    }
    const bool answered =
        call->done &&
        (call->status.ok() || (call->not_found_is_answer && absl::IsNotFound(call->status)));
    if (answered || !call->counts_for_section || !section.available()) continue;
    section.set_available(false);
    section.set_reason(ReasonOf(*call));
  }
  for (const auto& [key, section] : sections) MergeSection(section, out);
}

}  // namespace interplan::gateway
