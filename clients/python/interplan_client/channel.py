"""Channels to Interplan: the API key on every call, the retry policy.

Every call needs an API key, sent as the metadata
"authorization: Bearer <key>". The retry policy is the one the suite's own
clients use, published in common/client/retry_service_config.json: up to
5 attempts on UNAVAILABLE and RESOURCE_EXHAUSTED, with the server's
grpc-retry-pushback-ms trailer (sent with every RetryInfo) honoured by
gRPC itself.
"""

import collections
import os

import grpc

# The repository's copy of the policy; a client elsewhere keeps its own.
RETRY_SERVICE_CONFIG_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "common", "client",
    "retry_service_config.json")


def retry_service_config():
    """The suite's retry policy, as the JSON text gRPC takes."""
    with open(RETRY_SERVICE_CONFIG_PATH, encoding="utf-8") as f:
        return f.read()


class _CallDetails(
        collections.namedtuple(
            "_CallDetails",
            ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
        grpc.ClientCallDetails):
    pass


class _ApiKey(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    """Adds "authorization: Bearer <key>" to every call."""

    def __init__(self, key):
        self._header = ("authorization", f"Bearer {key}")

    def _with_key(self, details):
        return _CallDetails(details.method, details.timeout,
                            list(details.metadata or ()) + [self._header],
                            details.credentials, details.wait_for_ready,
                            details.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_key(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_key(details), request)


def connect(address, api_key, retries=True):
    """A channel to `address` ("localhost:50050") presenting `api_key`.

    Plaintext, as `make run` serves; a suite started with --tls_* files
    takes grpc.secure_channel(address, grpc.ssl_channel_credentials(ca))
    with the same options. retries=False turns retrying off, to see a
    refusal as it comes.
    """
    options = [("grpc.enable_retries", 1 if retries else 0)]
    if retries:
        options.append(("grpc.service_config", retry_service_config()))
    channel = grpc.insecure_channel(address, options=options)
    return grpc.intercept_channel(channel, _ApiKey(api_key))
