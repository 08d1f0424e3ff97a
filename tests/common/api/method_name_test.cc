// MethodNameFor over every service of the suite: each method's request type
// leads back to exactly that method, so handlers can name their method by
// the request they were given.
#include "common/api/method_name.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/agencies/v1/credentials.pb.h"
#include "interplan/agencies/v1/units.pb.h"
#include "interplan/audit/v1/audit.pb.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "interplan/gateway/v1/bench.pb.h"
#include "interplan/gateway/v1/gateway.pb.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"

namespace interplan {
namespace {

// The files of the suite that declare services.
const char* const kServiceFiles[] = {
    "interplan/agencies/v1/agencies.proto",   "interplan/agencies/v1/credentials.proto",
    "interplan/agencies/v1/units.proto",      "interplan/audit/v1/audit.proto",
    "interplan/campaigns/v1/campaigns.proto", "interplan/gateway/v1/gateway.proto",
    "interplan/gateway/v1/bench.proto",       "interplan/plans/v1/plans.proto",
    "interplan/reporting/v1/reporting.proto",
};

TEST(MethodNameTest, EveryMethodOfTheSuiteIsFoundFromItsRequestType) {
  // A message of each file, so the linker keeps the file's descriptor.
  const google::protobuf::Descriptor* linked[] = {
      agencies::v1::CreateAgencyRequest::descriptor(),
      agencies::v1::CreateApiKeyRequest::descriptor(),
      agencies::v1::GetUnitRequest::descriptor(),
      audit::v1::ListAuditEventsRequest::descriptor(),
      campaigns::v1::CreateCampaignRequest::descriptor(),
      gateway::v1::GetNationalOverviewRequest::descriptor(),
      gateway::v1::EchoRequest::descriptor(),
      plans::v1::CreatePlanRequest::descriptor(),
      reporting::v1::SubmitReportRequest::descriptor(),
  };
  for (const google::protobuf::Descriptor* descriptor : linked) ASSERT_NE(descriptor, nullptr);
  int methods = 0;
  std::set<std::string> names;
  for (const char* file_name : kServiceFiles) {
    const google::protobuf::FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(file_name);
    ASSERT_NE(file, nullptr) << file_name;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method = service->method(m);
        const std::string expected = absl::StrCat("/", service->full_name(), "/", method->name());
        EXPECT_EQ(MethodNameFor(*method->input_type()), expected);
        names.insert(expected);
        ++methods;
      }
    }
  }
  EXPECT_EQ(names.size(), methods);
  EXPECT_GE(methods, 60);
}

TEST(MethodNameTest, KnowsTheMethodOfAGivenRequest) {
  EXPECT_EQ(MethodNameFor(plans::v1::CreatePlanRequest()),
            "/interplan.plans.v1.PlanService/CreatePlan");
  EXPECT_EQ(MethodNameFor(reporting::v1::SubmitReportRequest()),
            "/interplan.reporting.v1.ReportingService/SubmitReport");
}

TEST(MethodNameTest, AMessageThatIsNoRequestHasNoMethod) {
  EXPECT_EQ(MethodNameFor(plans::v1::Plan()), "");
}

}  // namespace
}  // namespace interplan
