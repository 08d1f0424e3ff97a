// Two replicas of interplan-reporting on one PostgreSQL database, as the
// production overlay runs them, writing under READ COMMITTED with row
// locks (issue 17): real interplan-agencies (reference imported),
// interplan-plans with the seed plans, and two interplan-reporting
// processes sharing one database of a real PostgreSQL server.
//
// The 54 obligations of Quảng Ngãi's 2022 plan are driven at once, every
// call sent to both replicas at the same moment:
//  - a third get one submission, its request_id sent twice to each
//    replica, then one acceptance sent the same way;
//  - a third get two different submissions at once (one per replica), then
//    an acceptance and a return at once;
//  - a third are submitted, returned, then resubmitted on one replica while
//    the other accepts (each request sent to both).
// Whatever lost is then resubmitted and accepted, so that every obligation
// ends with one accepted version. Afterwards, counted in the database and
// through both replicas: every acknowledged version is stored once and
// nothing else is; each report was accepted exactly once; and the national
// roll-ups equal the sums of the accepted versions' values, worked out
// here from what was sent.
#include <libpq-fe.h>

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/all_at_once.h"
#include "tests/support/postgres_server.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace v1 = reporting::v1;
using testing::ServiceProcess;

constexpr char kPlan[] = "plans/quang-ngai-2022";
constexpr int kObligations = 54;  // 27 agencies x (2022-H1, 2022)

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

using testing::AllAtOnce;

// What one version of a report says: its figures, distinct per obligation
// and version, so that a sum counting one twice or missing one is off.
struct Figures {
  double participants = 0;  // CAMPAIGN-PARTICIPANTS, total (SUM)
  double women = 0;         // CAMPAIGN-PARTICIPANTS, female (SUM)
  double reached = 0;       // LOC-COMM-RESIDENTS numerator (RATIO_OF_SUMS)
  double residents = 0;     // LOC-COMM-RESIDENTS denominator
};

Figures FiguresOf(int obligation, int variant) {
  return {100.0 + 7 * obligation + 1000 * variant, 50.0 + obligation + 100 * variant,
          1.0 + obligation + variant, 100.0 + 3 * obligation + 10 * variant};
}

v1::SubmitReportRequest SubmitRequest(const std::string& obligation, const Figures& figures,
                                      const std::string& request_id) {
  v1::SubmitReportRequest request;
  request.set_request_id(request_id);
  v1::Report* report = request.mutable_report();
  report->set_obligation(obligation);
  report->set_narrative("Báo cáo kết quả công tác bình đẳng giới");
  v1::IndicatorValue* total = report->add_values();
  total->set_indicator("indicators/CAMPAIGN-PARTICIPANTS");
  total->set_value(figures.participants);
  v1::IndicatorValue* women = report->add_values();
  women->set_indicator("indicators/CAMPAIGN-PARTICIPANTS");
  women->set_value(figures.women);
  v1::Category* sex = women->add_categories();
  sex->set_dimension(v1::DISAGGREGATION_SEX);
  sex->set_value("female");
  v1::IndicatorValue* ratio = report->add_values();
  ratio->set_indicator("indicators/LOC-COMM-RESIDENTS");
  ratio->set_numerator(figures.reached);
  ratio->set_denominator(figures.residents);
  return request;
}

struct Answer {
  grpc::Status status;
  v1::Report report;
};

// What the test knows of one obligation once the calls are answered.
struct Outcome {
  std::string obligation;
  std::string period;
  std::string report;  // "reports/..."
  // Every (version, figures) a SubmitReport acknowledged.
  std::map<int, Figures> acknowledged;
  // The version an AcceptReport acknowledged (0: none yet), and how many
  // distinct acceptances were acknowledged (retries of one count once).
  int accepted_version = 0;
  int acceptances = 0;
  v1::Report accepted;  // the acceptance's answer
  std::vector<std::string> problems;
};

class ReportingReplicasTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<testing::PostgresServer*> postgres = testing::SharedPostgresServer();
    ASSERT_TRUE(postgres.ok()) << postgres.status();
    ASSERT_TRUE((*postgres)->CreateDatabase("reporting_replicas").ok());
    database_url_ = new std::string((*postgres)->Url("reporting_replicas"));
    absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
        testing::StartAgenciesWithReference();
    ASSERT_TRUE(agencies.ok()) << agencies.status();
    agencies_ = agencies->release();
    absl::StatusOr<std::unique_ptr<ServiceProcess>> plans =
        testing::StartPlans(agencies_->address());
    ASSERT_TRUE(plans.ok()) << plans.status();
    plans_ = plans->release();
    // Reports of 2022 entered today: entry open until a year from now.
    const int64_t lock_after_days =
        (absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - absl::CivilDay(2022, 1, 1)) + 365;
    for (ServiceProcess** replica : {&replica_a_, &replica_b_}) {
      absl::StatusOr<std::unique_ptr<ServiceProcess>> started = ServiceProcess::Start(
          {.service = "reporting",
           .extra_args = {absl::StrCat("--agencies_addr=", agencies_->address()),
                          absl::StrCat("--plans_addr=", plans_->address()),
                          absl::StrCat("--database_url=", *database_url_),
                          absl::StrCat("--indicator_catalogue=",
                                       testing::SourcePath("data/reference/indicators.jsonl")),
                          "--plan_sync_interval=500ms",
                          absl::StrCat("--lock_after_days=", lock_after_days)}});
      ASSERT_TRUE(started.ok()) << started.status();
      *replica = started->release();
    }
    absl::Status pushed = testing::PushSeedPlans({{"INTERPLAN_AGENCIES_ADDR", agencies_->address()},
                                                  {"INTERPLAN_PLANS_ADDR", plans_->address()}});
    ASSERT_TRUE(pushed.ok()) << pushed;
  }

  static void TearDownTestSuite() {
    delete replica_a_;
    delete replica_b_;
    delete plans_;
    delete agencies_;
    delete database_url_;
    replica_a_ = replica_b_ = plans_ = agencies_ = nullptr;
    database_url_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(replica_a_, nullptr);
    ASSERT_NE(replica_b_, nullptr);
    a_ = v1::ReportingService::NewStub(replica_a_->NewChannel());
    b_ = v1::ReportingService::NewStub(replica_b_->NewChannel());
  }

  // The plan's obligations, once both replicas follow it.
  std::vector<v1::Obligation> Obligations() {
    std::vector<v1::Obligation> obligations;
    for (v1::ReportingService::Stub* stub : {a_.get(), b_.get()}) {
      const absl::Time deadline = absl::Now() + absl::Seconds(30);
      do {
        v1::ListObligationsRequest request;
        request.set_plan(kPlan);
        request.set_page_size(100);
        v1::ListObligationsResponse response;
        grpc::Status status = stub->ListObligations(Call().get(), request, &response);
        EXPECT_TRUE(status.ok()) << status.error_message();
        obligations.assign(response.obligations().begin(), response.obligations().end());
        if (obligations.size() == kObligations) break;
        absl::SleepFor(absl::Milliseconds(200));
      } while (absl::Now() < deadline);
    }
    return obligations;
  }

  // `request` sent to A and B at the same moment, `copies` times each.
  std::vector<Answer> Submit(const v1::SubmitReportRequest& request, int copies) {
    std::vector<std::function<Answer()>> calls;
    for (int i = 0; i < 2 * copies; ++i) {
      v1::ReportingService::Stub* stub = i % 2 == 0 ? a_.get() : b_.get();
      calls.push_back([stub, &request] {
        Answer answer;
        answer.status = stub->SubmitReport(Call().get(), request, &answer.report);
        return answer;
      });
    }
    return AllAtOnce(std::move(calls));
  }

  static Answer Review(v1::ReportingService::Stub* stub, const std::string& name, bool accept,
                       const std::string& request_id) {
    Answer answer;
    if (accept) {
      v1::AcceptReportRequest request;
      request.set_name(name);
      request.set_request_id(request_id);
      answer.status = stub->AcceptReport(Call().get(), request, &answer.report);
    } else {
      v1::ReturnReportRequest request;
      request.set_name(name);
      request.set_reason("Số liệu chưa khớp với biểu tổng hợp");
      request.set_request_id(request_id);
      answer.status = stub->ReturnReport(Call().get(), request, &answer.report);
    }
    return answer;
  }

  // Answers that are all OK must be one answer: the same version, status
  // and name.
  static void ExpectOneAnswer(const std::vector<Answer>& answers, Outcome& outcome,
                              const std::string& what) {
    for (const Answer& answer : answers) {
      if (!answer.status.ok()) {
        outcome.problems.push_back(absl::StrCat(what, ": ", answer.status.error_message()));
      } else if (answer.report.version() != answers[0].report.version() ||
                 answer.report.status() != answers[0].report.status() ||
                 answer.report.name() != answers[0].report.name()) {
        outcome.problems.push_back(absl::StrCat(what, ": two different answers to one request"));
      }
    }
  }

  // One submission with its request_id sent twice to each replica.
  void SubmitOnce(Outcome& outcome, int index, int variant, const std::string& request_id) {
    const Figures figures = FiguresOf(index, variant);
    std::vector<Answer> answers =
        Submit(SubmitRequest(outcome.obligation, figures, request_id), /*copies=*/2);
    ExpectOneAnswer(answers, outcome, absl::StrCat("submission ", request_id));
    if (!answers[0].status.ok()) return;
    outcome.report = answers[0].report.name();
    outcome.acknowledged[answers[0].report.version()] = figures;
  }

  // One acceptance with its request_id sent twice to each replica.
  void AcceptOnce(Outcome& outcome, const std::string& request_id) {
    v1::ReportingService::Stub* a = a_.get();
    v1::ReportingService::Stub* b = b_.get();
    const std::string name = outcome.report;
    std::vector<Answer> answers =
        AllAtOnce<Answer>({[&] { return Review(a, name, true, request_id); },
                           [&] { return Review(b, name, true, request_id); },
                           [&] { return Review(a, name, true, request_id); },
                           [&] { return Review(b, name, true, request_id); }});
    ExpectOneAnswer(answers, outcome, absl::StrCat("acceptance ", request_id));
    if (!answers[0].status.ok()) return;
    outcome.accepted_version = answers[0].report.version();
    outcome.accepted = answers[0].report;
    ++outcome.acceptances;
  }

  // Group 0: one submission, then one acceptance, each sent four times.
  void Duplicates(Outcome& outcome, int index) {
    SubmitOnce(outcome, index, 0, absl::StrCat("dup-submit-", index));
    if (!outcome.report.empty()) AcceptOnce(outcome, absl::StrCat("dup-accept-", index));
  }

  // Group 1: two different submissions at once, one per replica; then an
  // acceptance and a return at once. One of each pair wins.
  void Competing(Outcome& outcome, int index) {
    std::vector<v1::SubmitReportRequest> requests = {
        SubmitRequest(outcome.obligation, FiguresOf(index, 1), absl::StrCat("a-submit-", index)),
        SubmitRequest(outcome.obligation, FiguresOf(index, 2), absl::StrCat("b-submit-", index))};
    v1::ReportingService::Stub* a = a_.get();
    v1::ReportingService::Stub* b = b_.get();
    auto submit = [&](v1::ReportingService::Stub* stub, int i) {
      Answer answer;
      answer.status = stub->SubmitReport(Call().get(), requests[i], &answer.report);
      return answer;
    };
    std::vector<Answer> submitted =
        AllAtOnce<Answer>({[&] { return submit(a, 0); }, [&] { return submit(b, 1); }});
    if (submitted[0].status.ok() == submitted[1].status.ok()) {
      outcome.problems.push_back(
          absl::StrCat("two submissions at once: ", submitted[0].status.error_message(), " / ",
                       submitted[1].status.error_message()));
    }
    for (int i = 0; i < 2; ++i) {
      if (!submitted[i].status.ok()) continue;
      outcome.report = submitted[i].report.name();
      outcome.acknowledged[submitted[i].report.version()] = FiguresOf(index, i + 1);
    }
    if (outcome.report.empty()) return;
    const std::string name = outcome.report;
    std::vector<Answer> reviewed = AllAtOnce<Answer>(
        {[&] { return Review(a, name, true, absl::StrCat("a-accept-", index)); },
         [&] { return Review(b, name, false, absl::StrCat("b-return-", index)); }});
    if (reviewed[0].status.ok() == reviewed[1].status.ok()) {
      outcome.problems.push_back(
          absl::StrCat("an acceptance and a return at once: ", reviewed[0].status.error_message(),
                       " / ", reviewed[1].status.error_message()));
    }
    if (reviewed[0].status.ok()) {
      outcome.accepted_version = reviewed[0].report.version();
      outcome.accepted = reviewed[0].report;
      ++outcome.acceptances;
    }
  }

  // Group 2: submitted and returned; then a resubmission and an acceptance
  // at once, each request sent to both replicas.
  void ResubmitWhileAccepting(Outcome& outcome, int index) {
    SubmitOnce(outcome, index, 3, absl::StrCat("first-", index));
    if (outcome.report.empty()) return;
    Answer returned = Review(b_.get(), outcome.report, false, absl::StrCat("return-", index));
    if (!returned.status.ok()) {
      outcome.problems.push_back(absl::StrCat("return: ", returned.status.error_message()));
      return;
    }
    const Figures figures = FiguresOf(index, 4);
    const v1::SubmitReportRequest resubmit =
        SubmitRequest(outcome.obligation, figures, absl::StrCat("resubmit-", index));
    const std::string accept_id = absl::StrCat("accept-", index);
    v1::ReportingService::Stub* a = a_.get();
    v1::ReportingService::Stub* b = b_.get();
    const std::string name = outcome.report;
    auto submit = [&resubmit](v1::ReportingService::Stub* stub) {
      Answer answer;
      answer.status = stub->SubmitReport(Call().get(), resubmit, &answer.report);
      return answer;
    };
    std::vector<Answer> answers =
        AllAtOnce<Answer>({[&] { return submit(a); }, [&] { return submit(b); },
                           [&] { return Review(b, name, true, accept_id); },
                           [&] { return Review(a, name, true, accept_id); }});
    ExpectOneAnswer({answers[0], answers[1]}, outcome, "resubmission");
    if (answers[0].status.ok()) outcome.acknowledged[answers[0].report.version()] = figures;
    // The acceptance may come before the resubmission (refused: the report
    // is returned) or after it (version 2 accepted), never in between; one
    // of its two copies may be refused and the other, later, succeed.
    const Answer* accepted = nullptr;
    for (const Answer* answer : {&answers[2], &answers[3]}) {
      if (!answer->status.ok()) continue;
      if (accepted != nullptr && (accepted->report.version() != answer->report.version() ||
                                  accepted->report.status() != answer->report.status())) {
        outcome.problems.push_back("acceptance: two different answers to one request");
      }
      accepted = answer;
    }
    if (accepted != nullptr) {
      outcome.accepted_version = accepted->report.version();
      outcome.accepted = accepted->report;
      ++outcome.acceptances;
    }
  }

  // Whatever lost is resubmitted (when returned) and accepted.
  void Finish(Outcome& outcome, int index) {
    if (outcome.report.empty() || outcome.accepted_version != 0) return;
    v1::GetReportRequest request;
    request.set_name(outcome.report);
    v1::Report current;
    grpc::Status status = a_->GetReport(Call().get(), request, &current);
    if (!status.ok()) {
      outcome.problems.push_back(absl::StrCat("get: ", status.error_message()));
      return;
    }
    if (current.status() == v1::REPORT_STATUS_RETURNED) {
      SubmitOnce(outcome, index, 5, absl::StrCat("last-submit-", index));
    }
    AcceptOnce(outcome, absl::StrCat("last-accept-", index));
  }

  // Runs `step` for every obligation, eight obligations at a time.
  void ForEach(std::vector<Outcome>& outcomes, const std::function<void(Outcome&, int)>& step) {
    std::mutex mu;
    size_t next = 0;
    std::vector<std::thread> workers;
    for (int w = 0; w < 8; ++w) {
      workers.emplace_back([&] {
        for (;;) {
          size_t index;
          {
            std::lock_guard<std::mutex> lock(mu);
            if (next == outcomes.size()) return;
            index = next++;
          }
          step(outcomes[index], static_cast<int>(index));
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
  }

  static std::string* database_url_;
  static ServiceProcess* agencies_;
  static ServiceProcess* plans_;
  static ServiceProcess* replica_a_;
  static ServiceProcess* replica_b_;
  std::unique_ptr<v1::ReportingService::Stub> a_;
  std::unique_ptr<v1::ReportingService::Stub> b_;
};

std::string* ReportingReplicasTest::database_url_ = nullptr;
ServiceProcess* ReportingReplicasTest::agencies_ = nullptr;
ServiceProcess* ReportingReplicasTest::plans_ = nullptr;
ServiceProcess* ReportingReplicasTest::replica_a_ = nullptr;
ServiceProcess* ReportingReplicasTest::replica_b_ = nullptr;

// The rows of one query on the replicas' database, as text.
std::vector<std::vector<std::string>> Sql(const std::string& url, const std::string& query) {
  std::vector<std::vector<std::string>> rows;
  PGconn* conn = PQconnectdb(url.c_str());
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, query.c_str());
  EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQerrorMessage(conn) << query;
  for (int r = 0; r < PQntuples(result); ++r) {
    std::vector<std::string>& row = rows.emplace_back();
    for (int c = 0; c < PQnfields(result); ++c) row.push_back(PQgetvalue(result, r, c));
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

TEST_F(ReportingReplicasTest, ConcurrentSubmitsAndAcceptsOnTwoReplicasCountEachReportOnce) {
  const std::vector<v1::Obligation> obligations = Obligations();
  ASSERT_EQ(obligations.size(), static_cast<size_t>(kObligations));
  std::vector<Outcome> outcomes(obligations.size());
  for (size_t i = 0; i < obligations.size(); ++i) {
    outcomes[i].obligation = obligations[i].name();
    outcomes[i].period = obligations[i].period();
  }
  ForEach(outcomes, [this](Outcome& outcome, int index) {
    switch (index % 3) {
      case 0:
        return Duplicates(outcome, index);
      case 1:
        return Competing(outcome, index);
      default:
        return ResubmitWhileAccepting(outcome, index);
    }
  });
  ForEach(outcomes, [this](Outcome& outcome, int index) { Finish(outcome, index); });

  // What the calls said: every obligation has a report, accepted once, in
  // a version that was acknowledged.
  std::map<std::string, Figures> expected;  // by period
  std::map<std::string, int> accepted;      // by period
  size_t versions = 0;
  for (const Outcome& outcome : outcomes) {
    SCOPED_TRACE(outcome.obligation);
    for (const std::string& problem : outcome.problems) ADD_FAILURE() << problem;
    ASSERT_FALSE(outcome.report.empty());
    EXPECT_EQ(outcome.acceptances, 1);
    ASSERT_EQ(outcome.acknowledged.count(outcome.accepted_version), 1u)
        << "version " << outcome.accepted_version << " accepted, never acknowledged";
    versions += outcome.acknowledged.size();
    const Figures& figures = outcome.acknowledged.at(outcome.accepted_version);
    Figures& sum = expected[outcome.period];
    sum.participants += figures.participants;
    sum.women += figures.women;
    sum.reached += figures.reached;
    sum.residents += figures.residents;
    ++accepted[outcome.period];
  }
  ASSERT_EQ(expected.size(), 2u);  // 2022-H1 and 2022

  // What the database holds: one report per obligation, exactly the
  // versions acknowledged, each report accepted once.
  const std::string& url = *database_url_;
  EXPECT_EQ(Sql(url, "SELECT count(*), count(DISTINCT obligation_id) FROM reporting.reports"),
            (std::vector<std::vector<std::string>>{
                {absl::StrCat(kObligations), absl::StrCat(kObligations)}}));
  EXPECT_EQ(Sql(url, "SELECT count(*) FROM reporting.report_versions")[0][0],
            absl::StrCat(versions));
  EXPECT_EQ(Sql(url, absl::StrCat("SELECT count(*) FROM reporting.reports WHERE status = ",
                                  static_cast<int>(v1::REPORT_STATUS_ACCEPTED)))[0][0],
            absl::StrCat(kObligations));
  for (const Outcome& outcome : outcomes) {
    v1::GetReportRequest request;
    request.set_name(outcome.report);
    for (v1::ReportingService::Stub* stub : {a_.get(), b_.get()}) {
      v1::Report report;
      grpc::Status status = stub->GetReport(Call().get(), request, &report);
      ASSERT_TRUE(status.ok()) << status.error_message();
      int acceptances = 0;
      for (const v1::ReportTransition& transition : report.history()) {
        if (transition.to() == v1::REPORT_STATUS_ACCEPTED) ++acceptances;
      }
      EXPECT_EQ(acceptances, 1) << report.name();
      EXPECT_EQ(report.status(), v1::REPORT_STATUS_ACCEPTED) << report.name();
      EXPECT_EQ(report.version(), outcome.accepted_version) << report.name();
      EXPECT_EQ(static_cast<size_t>(report.version()), outcome.acknowledged.size())
          << report.name();
      // The acceptance answered with the report as stored.
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(report, outcome.accepted))
          << report.DebugString() << " answered " << outcome.accepted.DebugString();
    }
  }

  // The national roll-ups, through both replicas, in the hierarchy of 2022
  // and in that of 2026 (after the 2025 merger): the sums worked out here.
  for (const auto& [period, sum] : expected) {
    for (v1::ReportingService::Stub* stub : {a_.get(), b_.get()}) {
      for (int as_of_year : {2022, 2026}) {
        SCOPED_TRACE(absl::StrCat(period, " as of ", as_of_year));
        for (const std::string& indicator : {"CAMPAIGN-PARTICIPANTS", "LOC-COMM-RESIDENTS"}) {
          v1::GetRollupRequest request;
          request.set_indicator("indicators/" + indicator);
          request.set_period(period);
          request.mutable_as_of()->set_year(as_of_year);
          request.mutable_as_of()->set_month(as_of_year == 2022 ? 12 : 1);
          request.mutable_as_of()->set_day(as_of_year == 2022 ? 31 : 1);
          v1::Rollup rollup;
          grpc::Status status = stub->GetRollup(Call().get(), request, &rollup);
          ASSERT_TRUE(status.ok()) << status.error_message();
          std::map<std::string, const v1::RollupValue*> by_category;
          for (const v1::RollupValue& value : rollup.values()) {
            by_category[value.categories().empty() ? "total" : value.categories(0).value()] =
                &value;
          }
          if (indicator == "CAMPAIGN-PARTICIPANTS") {
            ASSERT_EQ(by_category.count("total"), 1u) << rollup.DebugString();
            ASSERT_EQ(by_category.count("female"), 1u) << rollup.DebugString();
            EXPECT_EQ(by_category["total"]->value(), sum.participants);
            EXPECT_EQ(by_category["total"]->count(), accepted[period]);
            EXPECT_EQ(by_category["female"]->value(), sum.women);
            EXPECT_EQ(by_category["female"]->count(), accepted[period]);
          } else {
            ASSERT_EQ(by_category.count("total"), 1u) << rollup.DebugString();
            EXPECT_EQ(by_category["total"]->numerator(), sum.reached);
            EXPECT_EQ(by_category["total"]->denominator(), sum.residents);
            EXPECT_EQ(by_category["total"]->count(), accepted[period]);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace interplan
