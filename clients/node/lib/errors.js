// The details of an Interplan error, read from a @grpc/grpc-js error.
//
// Every error carries a google.rpc.Status in the trailer
// grpc-status-details-bin (AIP-193), whose details say what a program can
// act on: BadRequest (each invalid field, by its path), ErrorInfo (a
// stable reason such as CREDENTIAL_REFUSED or RATE_LIMITED, in the domain
// "interplan.gov.vn"), ResourceInfo (what was not found) and RetryInfo
// (how long to wait). grpc-js hands the trailer over as bytes; protobufjs
// (which proto-loader is built on) decodes it with protos/google/rpc.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');
const {PROTOS_DIR} = require('./connect');

const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

const root = new protobuf.Root();
root.resolvePath = (origin, target) => path.join(PROTOS_DIR, target);
root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], {keepCase: true});
const Status = root.lookupType('google.rpc.Status');
const TO_OBJECT = {longs: Number, enums: String, defaults: true};

// {code: "INVALID_ARGUMENT", message, field_violations: [{field,
// description}], error_info, resource_info, retry_delay_seconds} of
// `error`; details the error does not carry are null.
function detailsOf(error) {
  const found = {
    code: grpc.status[error.code],
    message: error.details || '',
    field_violations: [],
    error_info: null,
    resource_info: null,
    retry_delay_seconds: null,
  };
  const [bytes] = error.metadata ? error.metadata.get(STATUS_DETAILS_KEY) : [];
  if (!bytes) return found;
  for (const any of Status.decode(bytes).details) {
    // "type.googleapis.com/google.rpc.BadRequest" -> google.rpc.BadRequest
    const type = root.lookup(any.type_url.slice(any.type_url.lastIndexOf('/') + 1));
    if (!(type instanceof protobuf.Type)) continue;  // a detail this client does not know
    const detail = type.toObject(type.decode(any.value), TO_OBJECT);
    switch (type.fullName) {
      case '.google.rpc.BadRequest':
        found.field_violations.push(...detail.field_violations);
        break;
      case '.google.rpc.ErrorInfo':
        found.error_info = detail;
        break;
      case '.google.rpc.ResourceInfo':
        found.resource_info = detail;
        break;
      case '.google.rpc.RetryInfo':
        found.retry_delay_seconds =
            detail.retry_delay.seconds + detail.retry_delay.nanos / 1e9;
        break;
    }
  }
  return found;
}

module.exports = {detailsOf};
