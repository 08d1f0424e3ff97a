#!/usr/bin/env python3
"""Interplan from Python, as a ministry system calls it (docs/clients.md).

Connects with an API key and the suite's retry policy, pages through the
provinces, asks about units and the national overview as of a day (as_of),
and reads the details of the errors a program acts on: an invalid request
(BadRequest), a unit not found (ResourceInfo), a refused key (ErrorInfo)
and a key over its rate limit (RetryInfo). It prints what it finds and
checks it: a wrong answer exits with status 1, saying what was expected.

  clients/python/generate_stubs.sh /tmp/interplan-stubs
  export INTERPLAN_API_KEY=$(cat var/credentials/moha.key)
  PYTHONPATH=/tmp/interplan-stubs python3 clients/python/example.py

INTERPLAN_GATEWAY_ADDR (localhost:50050) and INTERPLAN_AGENCIES_ADDR
(localhost:50051) say where the suite listens, as for the `interplan`
client. Needs Debian's python3-grpcio and python3-protobuf.
"""

import os
import sys

import grpc
from google.type import date_pb2
from interplan.agencies.v1 import units_pb2, units_pb2_grpc
from interplan.gateway.v1 import gateway_pb2, gateway_pb2_grpc

from interplan_client.channel import connect
from interplan_client.errors import details_of

TIMEOUT = 30  # seconds; every call has a deadline
# 63 provinces until 2025-06-30, 34 from the reform of 2025-07-01.
END_OF_2022 = date_pb2.Date(year=2022, month=12, day=31)
REFORM_DAY = date_pb2.Date(year=2025, month=7, day=1)
PROVINCES_2022 = 63
PROVINCES_FROM_REFORM = 34


def check(condition, what):
    """Exits with status 1 unless `condition`, naming what was expected."""
    if not condition:
        print(f"WRONG: expected {what}", file=sys.stderr)
        sys.exit(1)


def text(date):
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def failure(call):
    """The ErrorDetails of the error `call()` fails with (None if it succeeds)."""
    try:
        call()
    except grpc.RpcError as error:
        return details_of(error)
    return None


def list_provinces(units, as_of=None, page_size=20):
    """Every province on `as_of` (unset: today), page by page (AIP-158).

    The next request is the same one with page_token set from the last
    answer; an empty next_page_token means the last page.
    """
    request = units_pb2.ListUnitsRequest(page_size=page_size)
    if as_of is not None:
        request.as_of.CopyFrom(as_of)
    pages = []
    while True:
        response = units.ListUnits(request, timeout=TIMEOUT)
        pages.append(response)
        if not response.next_page_token:
            return pages
        request.page_token = response.next_page_token


def show_paging_and_as_of(units):
    today = sum(len(page.units) for page in list_provinces(units))
    print(f"provinces today (as_of unset): {today}")
    check(today == PROVINCES_FROM_REFORM, f"{PROVINCES_FROM_REFORM} provinces today, not {today}")

    pages = list_provinces(units, as_of=END_OF_2022, page_size=20)
    names = [unit.name for page in pages for unit in page.units]
    print(f"provinces on 2022-12-31: {len(names)}, in {len(pages)} pages of at most 20 "
          f"(total_size {pages[0].total_size})")
    check(len(names) == PROVINCES_2022 and len(set(names)) == len(names),
          f"{PROVINCES_2022} distinct provinces on 2022-12-31, not {len(names)}")
    check([len(page.units) for page in pages] == [20, 20, 20, 3]
          and pages[0].total_size == PROVINCES_2022,
          "pages of 20, 20, 20 and 3, saying total_size 63")


def show_a_unit_that_ended(units):
    """Hà Giang (units/02) joined Tuyên Quang (units/08) on 2025-07-01."""
    last = units.GetUnit(units_pb2.GetUnitRequest(name="units/02"), timeout=TIMEOUT)
    print(f"units/02, as_of unset: {last.display_name} until {text(last.valid_to)}, then "
          + ", ".join(f"{s.unit} {s.display_name}" for s in last.successors))
    check(last.display_name == "Tỉnh Hà Giang" and text(last.valid_to) == "2025-06-30"
          and [s.unit for s in last.successors] == ["units/08"],
          "Tỉnh Hà Giang until 2025-06-30, then units/08")

    gone = failure(lambda: units.GetUnit(
        units_pb2.GetUnitRequest(name="units/02", as_of=REFORM_DAY), timeout=TIMEOUT))
    check(gone is not None, "NOT_FOUND for units/02 as of 2025-07-01")
    info = gone.resource_info
    print(f"units/02 as of 2025-07-01: {gone.code}, ResourceInfo "
          f"{info.resource_type if info else None} {info.resource_name if info else None}")
    check(gone.code == "NOT_FOUND" and info is not None and info.resource_name == "units/02",
          f"NOT_FOUND with a ResourceInfo naming units/02, not {gone.code}")


def national_overview(ministry, year, as_of=None):
    request = gateway_pb2.GetNationalOverviewRequest(year=year)
    if as_of is not None:
        request.as_of.CopyFrom(as_of)
    return ministry.GetNationalOverview(request, timeout=TIMEOUT)


def show_overview(ministry):
    """The national overview of 2022: one row per province of its day."""
    asked = national_overview(ministry, 2022, END_OF_2022)
    sections = ", ".join(
        f"{gateway_pb2.Section.Name(s.section)}={'up' if s.available else 'down'}"
        for s in asked.sections)
    print(f"national overview of 2022 as of {text(asked.as_of)}: {len(asked.rows)} provinces, "
          f"{asked.totals.plans.plans} plans; sections {sections}")
    check(len(asked.rows) == PROVINCES_2022 and text(asked.as_of) == "2022-12-31",
          f"{PROVINCES_2022} rows as of 2022-12-31, not {len(asked.rows)}")

    # Unset, as_of means the year's last day for the units (the year has
    # ended) but today for the reports' states.
    unset = national_overview(ministry, 2022)
    print(f"national overview of 2022, as_of unset: {len(unset.rows)} provinces, those of "
          f"{text(unset.as_of)}; report states as of today")
    check(len(unset.rows) == PROVINCES_2022 and text(unset.as_of) == "2022-12-31",
          "the provinces of 2022-12-31 when as_of is unset")

    after = national_overview(ministry, 2022, REFORM_DAY)
    print(f"national overview of 2022 as of 2025-07-01: {len(after.rows)} provinces")
    check(len(after.rows) == PROVINCES_FROM_REFORM,
          f"{PROVINCES_FROM_REFORM} rows as of 2025-07-01, not {len(after.rows)}")

    gone = failure(lambda: ministry.GetProvinceOverview(
        gateway_pb2.GetProvinceOverviewRequest(unit="units/02", year=2022, as_of=REFORM_DAY),
        timeout=TIMEOUT))
    check(gone is not None, "INVALID_ARGUMENT for units/02 as of 2025-07-01")
    print(f"province overview of units/02 as of 2025-07-01: {gone.code}: {gone.message}")
    check(gone.code == "INVALID_ARGUMENT" and [f for f, _ in gone.field_violations] == ["unit"],
          f"INVALID_ARGUMENT naming the field unit, not {gone.code}")


def show_bad_request(units):
    """Every invalid field of a request at once, each by its path."""
    bad = failure(lambda: units.ListUnits(
        units_pb2.ListUnitsRequest(page_size=-1, as_of=date_pb2.Date(year=2022, month=13, day=1)),
        timeout=TIMEOUT))
    check(bad is not None, "INVALID_ARGUMENT for page_size -1 and month 13")
    print(f"invalid request: {bad.code}, BadRequest:")
    for field, description in bad.field_violations:
        print(f"  {field}: {description}")
    fields = sorted(field for field, _ in bad.field_violations)
    check(bad.code == "INVALID_ARGUMENT" and fields == ["as_of", "page_size"],
          f"INVALID_ARGUMENT naming as_of and page_size, not {bad.code} {fields}")


def show_refused_key(address, api_key):
    """A mistyped key: UNAUTHENTICATED, and an ErrorInfo saying why."""
    mistyped = api_key[:-1] + ("x" if api_key[-1] != "x" else "y")
    ministry = gateway_pb2_grpc.MinistryServiceStub(connect(address, mistyped))
    refused = failure(lambda: national_overview(ministry, 2022))
    check(refused is not None, "UNAUTHENTICATED for a mistyped key")
    info = refused.error_info
    print(f"mistyped key: {refused.code}, ErrorInfo {info.reason if info else None} "
          f"({info.domain if info else None})")
    check(refused.code == "UNAUTHENTICATED" and info is not None
          and info.reason == "CREDENTIAL_REFUSED" and info.domain == "interplan.gov.vn",
          "UNAUTHENTICATED with the ErrorInfo CREDENTIAL_REFUSED of interplan.gov.vn")


def show_rate_limit(address, api_key):
    """Spends the key's budget on purpose, to show RetryInfo.

    On a channel without retries, waves of 50 concurrent (cheap, invalid)
    calls go out until one is refused; the refusal says how long to wait.
    The retrying channel is then used as usual: a refusal it meets is tried
    again by gRPC itself after the server's pushback.
    """
    bare = gateway_pb2_grpc.MinistryServiceStub(connect(address, api_key, retries=False))
    refusal = None
    for _ in range(40):
        calls = [bare.GetNationalOverview.future(gateway_pb2.GetNationalOverviewRequest(),
                                                 timeout=TIMEOUT) for _ in range(50)]
        for call in calls:
            error = call.exception()
            if error is not None and error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED:
                refusal = details_of(error)
        if refusal is not None:
            break
    check(refusal is not None, "RESOURCE_EXHAUSTED once the key's budget is spent")
    reason = refusal.error_info.reason if refusal.error_info else None
    print(f"over the rate limit: {refusal.code}, ErrorInfo {reason}, "
          f"RetryInfo {refusal.retry_delay_seconds} s")
    check(reason == "RATE_LIMITED", "an ErrorInfo RATE_LIMITED")
    check(refusal.retry_delay_seconds is not None and refusal.retry_delay_seconds > 0,
          "a RetryInfo with a delay")

    patient = gateway_pb2_grpc.MinistryServiceStub(connect(address, api_key))
    overview = national_overview(patient, 2022, END_OF_2022)
    print(f"the retrying channel, right after: {len(overview.rows)} provinces")


def main():
    api_key = os.environ.get("INTERPLAN_API_KEY")
    if not api_key:
        print("set INTERPLAN_API_KEY to an API key (make run: var/credentials/moha.key)",
              file=sys.stderr)
        return 2
    gateway = os.environ.get("INTERPLAN_GATEWAY_ADDR", "localhost:50050")
    agencies = os.environ.get("INTERPLAN_AGENCIES_ADDR", "localhost:50051")

    units = units_pb2_grpc.UnitServiceStub(connect(agencies, api_key))
    ministry = gateway_pb2_grpc.MinistryServiceStub(connect(gateway, api_key))
    try:
        show_paging_and_as_of(units)
        show_a_unit_that_ended(units)
        show_overview(ministry)
        show_bad_request(units)
        show_refused_key(gateway, api_key)
        show_rate_limit(gateway, api_key)
    except grpc.RpcError as error:
        details = details_of(error)
        print(f"a call failed: {details.code}: {details.message}", file=sys.stderr)
        return 1
    print("all answers as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
