// Clients of Interplan's services in Node.js: the protos loaded at run time
// with @grpc/proto-loader, the API key on every call, the retry policy.
//
// Every call needs an API key, sent as the metadata
// "authorization: Bearer <key>". The retry policy is the one the suite's
// own clients use, published in common/client/retry_service_config.json:
// up to 5 attempts on UNAVAILABLE and RESOURCE_EXHAUSTED, with the
// server's grpc-retry-pushback-ms trailer (sent with every RetryInfo)
// honoured by @grpc/grpc-js itself.
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const REPOSITORY = path.join(__dirname, '..', '..', '..');
// The import root: protos/interplan/..., protos/google/type and
// protos/google/rpc. google/protobuf/* come with proto-loader.
const PROTOS_DIR = path.join(REPOSITORY, 'protos');
const RETRY_SERVICE_CONFIG_PATH =
    path.join(REPOSITORY, 'common', 'client', 'retry_service_config.json');

// How messages look in JavaScript. longs: String turns every int64 (the
// campaign counts, spend_vnd, revisions) into a decimal string: a Number
// loses digits past 2^53. enums: String gives value names
// ("SECTION_UNITS"); defaults fills unset scalar and repeated fields with
// their zero values, as proto3 readers expect (an unset message field
// stays null); keepCase keeps the proto's field names (as_of,
// next_page_token).
const LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTOS_DIR],
};

// The services a ministry system calls; load what you use.
const PROTO_FILES = [
  'interplan/agencies/v1/agencies.proto',
  'interplan/agencies/v1/units.proto',
  'interplan/gateway/v1/gateway.proto',
];

function loadServices() {
  return grpc.loadPackageDefinition(protoLoader.loadSync(PROTO_FILES, LOADER_OPTIONS));
}

function retryServiceConfig() {
  return fs.readFileSync(RETRY_SERVICE_CONFIG_PATH, 'utf8');
}

// An interceptor adding "authorization: Bearer <key>" to every call.
function apiKeyInterceptor(apiKey) {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${apiKey}`);
        next(metadata, listener);
      },
    });
}

// A client of `Service` (a constructor from loadServices()) at `address`
// ("localhost:50050") presenting `apiKey`. Plaintext, as `make run` serves;
// a suite with --tls_* files takes grpc.credentials.createSsl(ca).
// retries false turns retrying off, to see a refusal as it comes.
function connect(Service, address, apiKey, {retries = true} = {}) {
  const options = {
    'grpc.enable_retries': retries ? 1 : 0,
    interceptors: [apiKeyInterceptor(apiKey)],
  };
  if (retries) options['grpc.service_config'] = retryServiceConfig();
  return new Service(address, grpc.credentials.createInsecure(), options);
}

// client.method(request) as a promise, with a deadline of `seconds`.
function call(client, method, request, seconds = 30) {
  return new Promise((resolve, reject) => {
    client[method](request, {deadline: Date.now() + seconds * 1000}, (error, response) =>
      error ? reject(error) : resolve(response));
  });
}

module.exports = {LOADER_OPTIONS, PROTOS_DIR, loadServices, connect, call};
