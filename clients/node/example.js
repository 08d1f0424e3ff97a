#!/usr/bin/env node
// Interplan from Node.js, as a ministry system calls it (docs/clients.md).
//
// Connects with an API key and the suite's retry policy, pages through the
// provinces, asks about units and the national overview as of a day
// (as_of), reads an int64 as a string, and reads the details of the
// errors a program acts on: an invalid request (BadRequest), a unit not
// found (ResourceInfo), a refused key (ErrorInfo) and a key over its rate
// limit (RetryInfo). It prints what it finds and checks it: a wrong answer
// exits with status 1, saying what was expected.
//
//   cd clients/node && npm ci
//   export INTERPLAN_API_KEY=$(cat ../../var/credentials/moha.key)
//   node example.js
//
// INTERPLAN_GATEWAY_ADDR (localhost:50050) and INTERPLAN_AGENCIES_ADDR
// (localhost:50051) say where the suite listens, as for the `interplan`
// client.
'use strict';

const {loadServices, connect, call} = require('./lib/connect');
const {detailsOf} = require('./lib/errors');

// 63 provinces until 2025-06-30, 34 from the reform of 2025-07-01.
const END_OF_2022 = {year: 2022, month: 12, day: 31};
const REFORM_DAY = {year: 2025, month: 7, day: 1};
const PROVINCES_2022 = 63;
const PROVINCES_FROM_REFORM = 34;

class WrongAnswer extends Error {}

function check(condition, what) {
  if (!condition) throw new WrongAnswer(`expected ${what}`);
}

function text(date) {
  const pad = (n, width) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

// The details of the error `promise` fails with (null if it succeeds).
async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WrongAnswer) throw error;
    return detailsOf(error);
  }
  return null;
}

// Every province on `asOf` (null: today), page by page (AIP-158): the next
// request is the same one with page_token set from the last answer; an
// empty next_page_token means the last page.
async function listProvinces(units, asOf, pageSize = 20) {
  const request = {page_size: pageSize, as_of: asOf};
  const pages = [];
  for (;;) {
    const response = await call(units, 'ListUnits', request);
    pages.push(response);
    if (!response.next_page_token) return pages;
    request.page_token = response.next_page_token;
  }
}

async function showPagingAndAsOf(units) {
  const today = (await listProvinces(units, null)).reduce((n, p) => n + p.units.length, 0);
  console.log(`provinces today (as_of unset): ${today}`);
  check(today === PROVINCES_FROM_REFORM, `${PROVINCES_FROM_REFORM} provinces today, not ${today}`);

  const pages = await listProvinces(units, END_OF_2022, 20);
  const names = pages.flatMap((page) => page.units.map((unit) => unit.name));
  console.log(`provinces on 2022-12-31: ${names.length}, in ${pages.length} pages of at ` +
              `most 20 (total_size ${pages[0].total_size})`);
  check(names.length === PROVINCES_2022 && new Set(names).size === names.length,
      `${PROVINCES_2022} distinct provinces on 2022-12-31, not ${names.length}`);
  check(pages.map((page) => page.units.length).join() === '20,20,20,3' &&
        pages[0].total_size === PROVINCES_2022,
  'pages of 20, 20, 20 and 3, saying total_size 63');
}

// Hà Giang (units/02) joined Tuyên Quang (units/08) on 2025-07-01.
async function showAUnitThatEnded(units) {
  const last = await call(units, 'GetUnit', {name: 'units/02'});
  const successors = last.successors.map((s) => `${s.unit} ${s.display_name}`);
  console.log(`units/02, as_of unset: ${last.display_name} until ${text(last.valid_to)}, ` +
              `then ${successors.join(', ')}`);
  check(last.display_name === 'Tỉnh Hà Giang' && text(last.valid_to) === '2025-06-30' &&
        last.successors.map((s) => s.unit).join() === 'units/08',
  'Tỉnh Hà Giang until 2025-06-30, then units/08');

  const gone = await failure(call(units, 'GetUnit', {name: 'units/02', as_of: REFORM_DAY}));
  check(gone, 'NOT_FOUND for units/02 as of 2025-07-01');
  const info = gone.resource_info;
  console.log(`units/02 as of 2025-07-01: ${gone.code}, ResourceInfo ` +
              `${info && info.resource_type} ${info && info.resource_name}`);
  check(gone.code === 'NOT_FOUND' && info && info.resource_name === 'units/02',
      `NOT_FOUND with a ResourceInfo naming units/02, not ${gone.code}`);
}

function nationalOverview(ministry, year, asOf = null) {
  return call(ministry, 'GetNationalOverview', {year, as_of: asOf});
}

// The national overview of 2022: one row per province of its day.
async function showOverview(ministry) {
  const asked = await nationalOverview(ministry, 2022, END_OF_2022);
  const sections = asked.sections.map((s) => `${s.section}=${s.available ? 'up' : 'down'}`);
  // An unset message field is null, even with defaults: true.
  const plans = asked.totals.plans ? asked.totals.plans.plans : 0;
  console.log(`national overview of 2022 as of ${text(asked.as_of)}: ${asked.rows.length} ` +
              `provinces, ${plans} plans; sections ${sections.join(', ')}`);
  check(asked.rows.length === PROVINCES_2022 && text(asked.as_of) === '2022-12-31',
      `${PROVINCES_2022} rows as of 2022-12-31, not ${asked.rows.length}`);

  // Unset, as_of means the year's last day for the units (the year has
  // ended) but today for the reports' states.
  const unset = await nationalOverview(ministry, 2022);
  console.log(`national overview of 2022, as_of unset: ${unset.rows.length} provinces, ` +
              `those of ${text(unset.as_of)}; report states as of today`);
  check(unset.rows.length === PROVINCES_2022 && text(unset.as_of) === '2022-12-31',
      'the provinces of 2022-12-31 when as_of is unset');

  const after = await nationalOverview(ministry, 2022, REFORM_DAY);
  console.log(`national overview of 2022 as of 2025-07-01: ${after.rows.length} provinces`);
  check(after.rows.length === PROVINCES_FROM_REFORM,
      `${PROVINCES_FROM_REFORM} rows as of 2025-07-01, not ${after.rows.length}`);

  const gone = await failure(call(ministry, 'GetProvinceOverview',
      {unit: 'units/02', year: 2022, as_of: REFORM_DAY}));
  check(gone, 'INVALID_ARGUMENT for units/02 as of 2025-07-01');
  console.log(`province overview of units/02 as of 2025-07-01: ${gone.code}: ${gone.message}`);
  check(gone.code === 'INVALID_ARGUMENT' &&
        gone.field_violations.map((v) => v.field).join() === 'unit',
  `INVALID_ARGUMENT naming the field unit, not ${gone.code}`);
}

// An int64 (here an agency's revision; the campaign counts, spend_vnd)
// arrives as a decimal string: a JavaScript number would lose digits past
// 2^53. BigInt(value) where arithmetic is needed.
async function showInt64(agencies) {
  const moha = await call(agencies, 'GetAgency', {name: 'agencies/moha'});
  console.log(`${moha.name} ${moha.short_name}: revision (an int64 as a string: ` +
              `${JSON.stringify(moha.revision)})`);
  check(typeof moha.revision === 'string' && BigInt(moha.revision) > 0n,
      `the int64 revision as a decimal string, not ${typeof moha.revision}`);
}

// Every invalid field of a request at once, each by its path.
async function showBadRequest(units) {
  const bad = await failure(call(units, 'ListUnits',
      {page_size: -1, as_of: {year: 2022, month: 13, day: 1}}));
  check(bad, 'INVALID_ARGUMENT for page_size -1 and month 13');
  console.log(`invalid request: ${bad.code}, BadRequest:`);
  for (const v of bad.field_violations) console.log(`  ${v.field}: ${v.description}`);
  const fields = bad.field_violations.map((v) => v.field).sort().join();
  check(bad.code === 'INVALID_ARGUMENT' && fields === 'as_of,page_size',
      `INVALID_ARGUMENT naming as_of and page_size, not ${bad.code} ${fields}`);
}

// A mistyped key: UNAUTHENTICATED, and an ErrorInfo saying why.
async function showRefusedKey(MinistryService, address, apiKey) {
  const mistyped = apiKey.slice(0, -1) + (apiKey.endsWith('x') ? 'y' : 'x');
  const ministry = connect(MinistryService, address, mistyped);
  const refused = await failure(nationalOverview(ministry, 2022));
  ministry.close();
  check(refused, 'UNAUTHENTICATED for a mistyped key');
  const info = refused.error_info;
  console.log(`mistyped key: ${refused.code}, ErrorInfo ${info && info.reason} ` +
              `(${info && info.domain})`);
  check(refused.code === 'UNAUTHENTICATED' && info && info.reason === 'CREDENTIAL_REFUSED' &&
        info.domain === 'interplan.gov.vn',
  'UNAUTHENTICATED with the ErrorInfo CREDENTIAL_REFUSED of interplan.gov.vn');
}

// Spends the key's budget on purpose, to show RetryInfo. On a client
// without retries, waves of 50 concurrent (cheap, invalid) calls go out
// until one is refused; the refusal says how long to wait. The retrying
// client is then used as usual: a refusal it meets is tried again by
// grpc-js itself after the server's pushback.
async function showRateLimit(MinistryService, address, apiKey) {
  const bare = connect(MinistryService, address, apiKey, {retries: false});
  let refusal = null;
  for (let wave = 0; wave < 40 && !refusal; ++wave) {
    const outcomes = await Promise.allSettled(
        Array.from({length: 50}, () => call(bare, 'GetNationalOverview', {})));
    for (const outcome of outcomes) {
      if (outcome.status !== 'rejected') continue;
      const details = detailsOf(outcome.reason);
      if (details.code === 'RESOURCE_EXHAUSTED') refusal = details;
    }
  }
  bare.close();
  check(refusal, 'RESOURCE_EXHAUSTED once the key\'s budget is spent');
  const reason = refusal.error_info && refusal.error_info.reason;
  console.log(`over the rate limit: ${refusal.code}, ErrorInfo ${reason}, ` +
              `RetryInfo ${refusal.retry_delay_seconds} s`);
  check(reason === 'RATE_LIMITED', 'an ErrorInfo RATE_LIMITED');
  check(refusal.retry_delay_seconds > 0, 'a RetryInfo with a delay');

  const patient = connect(MinistryService, address, apiKey);
  const overview = await nationalOverview(patient, 2022, END_OF_2022);
  patient.close();
  console.log(`the retrying client, right after: ${overview.rows.length} provinces`);
}

async function main() {
  const apiKey = process.env.INTERPLAN_API_KEY;
  if (!apiKey) {
    console.error('set INTERPLAN_API_KEY to an API key (make run: var/credentials/moha.key)');
    return 2;
  }
  const gateway = process.env.INTERPLAN_GATEWAY_ADDR || 'localhost:50050';
  const agencies = process.env.INTERPLAN_AGENCIES_ADDR || 'localhost:50051';
  const v1 = loadServices().interplan;
  const {MinistryService} = v1.gateway.v1;
  const units = connect(v1.agencies.v1.UnitService, agencies, apiKey);
  const agencyService = connect(v1.agencies.v1.AgencyService, agencies, apiKey);
  const ministry = connect(MinistryService, gateway, apiKey);
  try {
    await showPagingAndAsOf(units);
    await showAUnitThatEnded(units);
    await showOverview(ministry);
    await showInt64(agencyService);
    await showBadRequest(units);
    await showRefusedKey(MinistryService, gateway, apiKey);
    await showRateLimit(MinistryService, gateway, apiKey);
  } finally {
    units.close();
    agencyService.close();
    ministry.close();
  }
  console.log('all answers as expected');
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  if (error instanceof WrongAnswer) {
    console.error(`WRONG: ${error.message}`);
  } else if (error.code !== undefined && error.details !== undefined) {
    const {code, message} = detailsOf(error);
    console.error(`a call failed: ${code}: ${message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
