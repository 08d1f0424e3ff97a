"""The details of an Interplan error, read from a grpc.RpcError.

Every error carries a google.rpc.Status in the trailer
grpc-status-details-bin (AIP-193), whose details say what a program can
act on: BadRequest (each invalid field, by its path), ErrorInfo (a stable
reason such as CREDENTIAL_REFUSED or RATE_LIMITED, in the domain
"interplan.gov.vn"), ResourceInfo (what was not found) and RetryInfo (how
long to wait). The message is for people; a program reads these.
"""

import dataclasses
from typing import List, Optional, Tuple

from google.rpc import error_details_pb2, status_pb2

STATUS_DETAILS_KEY = "grpc-status-details-bin"


@dataclasses.dataclass
class ErrorDetails:
    code: str  # "INVALID_ARGUMENT"
    message: str
    field_violations: List[Tuple[str, str]]  # (field path, what is wrong)
    error_info: Optional[error_details_pb2.ErrorInfo] = None
    resource_info: Optional[error_details_pb2.ResourceInfo] = None
    retry_delay_seconds: Optional[float] = None


def details_of(error):
    """The ErrorDetails of `error`, a grpc.RpcError from a call."""
    found = ErrorDetails(code=error.code().name, message=error.details() or "",
                         field_violations=[])
    status = status_pb2.Status()
    for key, value in error.trailing_metadata() or ():
        if key == STATUS_DETAILS_KEY:
            status.ParseFromString(value)
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            found.field_violations += [(v.field, v.description)
                                       for v in bad_request.field_violations]
        elif detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            found.error_info = error_details_pb2.ErrorInfo()
            detail.Unpack(found.error_info)
        elif detail.Is(error_details_pb2.ResourceInfo.DESCRIPTOR):
            found.resource_info = error_details_pb2.ResourceInfo()
            detail.Unpack(found.resource_info)
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
            found.retry_delay_seconds = retry.retry_delay.ToTimedelta().total_seconds()
    return found
