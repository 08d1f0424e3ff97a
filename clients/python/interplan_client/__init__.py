"""A small client of Interplan's gRPC API, for ministry systems in Python.

channel.py opens a channel that presents the API key on every call and
retries as the suite's published policy says; errors.py reads the
google.rpc details (BadRequest, ErrorInfo, ResourceInfo, RetryInfo) every
Interplan error carries. ../example.py uses both; docs/clients.md explains.

The generated modules (interplan.*.v1, google.type, google.rpc) come from
../generate_stubs.sh and must be on PYTHONPATH.
"""
