// The dashboard in a real browser against the real suite (issue 20):
// tools/run_suite.sh starts every service with the seed data (the same
// suite `make run` shows) on free ports; Debian's chromium, headless,
// driven by puppeteer-core, then signs in, opens the national page for
// 2022 as of 2022-12-31 (63 tiles) and as of today (34 tiles), checks the
// page's numbers against the gateway's own national overview (the gRPC
// read's JSON), drills down to Quảng Ngãi, opens an indicator, sees a
// province key refused the national page, sees a report accepted through
// the `interplan` client appear without a reload, and fails on any console
// error. Screenshots go to <build>/web/dashboard/artefacts/. The first
// load's weight and time are printed, not asserted.
//
//   node web/dashboard/test/dashboard_test.mjs   (from the source tree;
//   INTERPLAN_BINARY_DIR names the build, as ctest sets it)
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

const SOURCE = process.env.INTERPLAN_SOURCE_DIR || process.cwd();
const BUILD = process.env.INTERPLAN_BINARY_DIR || path.join(SOURCE, 'build');
const NPM = process.env.INTERPLAN_DASHBOARD_NPM || path.join(BUILD, 'web/dashboard/npm');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTEFACTS = path.join(BUILD, 'web/dashboard/artefacts');
const puppeteer = createRequire(path.join(NPM, 'package.json'))('puppeteer-core');
const run = promisify(execFile);

let failures = 0;
let passes = 0;
function check(ok, what, detail = '') {
  if (ok) {
    passes++;
    console.log(`ok    ${what}`);
  } else {
    failures++;
    console.log(`FAIL  ${what}${detail ? `: ${detail}` : ''}`);
  }
}

// `count` distinct free ports: each held until all are picked, so that the
// system cannot hand out one twice.
async function freePorts(count) {
  const servers = [];
  for (let i = 0; i < count; i++) {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
  }
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => {
    server.close();
    return once(server, 'close');
  }));
  return ports;
}

// The suite, started as `make run` starts it; resolves once it serves.
async function startSuite(dataDir) {
  // Nothing of the caller's own suite (keys, addresses, Redis) leaks in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) =>
    !name.startsWith('INTERPLAN_')));
  env.INTERPLAN_DATA_DIR = dataDir;
  const ports = await freePorts(7);
  for (const name of ['AGENCIES', 'PLANS', 'REPORTING', 'CAMPAIGNS', 'GATEWAY']) {
    env[`INTERPLAN_${name}_ADDR`] = `127.0.0.1:${ports.pop()}`;
  }
  env.INTERPLAN_GATEWAY_HTTP_ADDR = `127.0.0.1:${ports.pop()}`;
  env.INTERPLAN_REDIS_PORT = String(ports.pop());
  delete env.INTERPLAN_REDIS_URL;
  const child = spawn(path.join(SOURCE, 'tools/run_suite.sh'), [BUILD],
      {cwd: SOURCE, env, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  const log = fs.createWriteStream(path.join(dataDir, 'suite.out'));
  const ready = new Promise((resolve, reject) => {
    const take = (chunk) => {
      output += chunk;
      log.write(chunk);
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => reject(new Error(`run_suite.sh exited (${code}):\n${output}`)));
  });
  const timeout = setTimeout(() => {
    child.kill('SIGTERM');
    child.emit('exit', 'timeout after 300 s');
  }, 300_000);
  // Interrupted (Ctrl-C, ctest's stop): the suite goes too.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      child.kill('SIGTERM');
      process.exit(1);
    });
  }
  await ready;
  clearTimeout(timeout);
  const url = /gateway HTTP\/JSON\s+(http:\/\/\S+)/.exec(output)[1];
  return {child, env, url};
}

// Stops the suite (run_suite.sh stops every service on SIGTERM) and waits
// for it.
async function stopSuite(suite) {
  if (!suite || suite.child.exitCode !== null || suite.child.signalCode !== null) return;
  const exited = once(suite.child, 'exit');
  suite.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-suite.child.pid, 'SIGKILL');  // its process group: every service
    } catch (_) {
      // already gone
    }
  }, 20_000);
  await exited;
  clearTimeout(timer);
}

// The gateway's JSON answer to `path` (the gRPC read's, docs/http.md).
async function read(base, key, path, params) {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`,
      {headers: {Authorization: `Bearer ${key}`}});
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// Every period of a row's compliance, added up (as the page does).
function sums(row) {
  const sum = {expected: 0, onTime: 0, late: 0, missing: 0};
  // proto3 JSON leaves zeros out.
  for (const c of row?.compliance || []) {
    for (const k of Object.keys(sum)) sum[k] += Number(c[k] || 0);
  }
  return sum;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function ready(page, hash) {
  await page.waitForFunction((h) => document.body.dataset.ready === h, {timeout: 30_000}, hash);
}

// Go to `hash` and wait for its page to be drawn.
async function open(page, hash) {
  await page.evaluate((h) => {
    document.body.dataset.ready = '';
    // The same hash again fires no hashchange: the page is asked directly.
    if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = h;
  }, hash);
  await ready(page, hash);
}

// From the page at `from`, a click on `selector`, which must lead to `to`.
async function follow(page, from, selector, to) {
  await open(page, from);
  await page.evaluate(() => {
    document.body.dataset.ready = '';
  });
  await page.click(selector);
  await ready(page, to);
}

async function shot(page, name) {
  await page.screenshot({path: path.join(ARTEFACTS, `${name}.png`), fullPage: true});
}

// The national overview as gRPC answers it (MinistryService/
// GetNationalOverview through the interplan client, --json: the same
// proto3 JSON field names as the HTTP face).
async function grpcNationalOverview(suite, key, asOf) {
  const client = path.join(BUILD, 'tools/interplan/interplan');
  const env = {...suite.env, INTERPLAN_API_KEY: key};
  const answer = await run(client,
      ['--json', 'overview', 'national', '--year', '2022', '--as-of', asOf],
      {env, maxBuffer: 64 << 20});
  return JSON.parse(answer.stdout);
}

// The tiles' figures against the gateway's gRPC overview for the same day.
async function checkNational(page, suite, key, asOf, tiles) {
  const hash = `#/national?year=2022&asOf=${asOf}`;
  await open(page, hash);
  const shown = await page.$$eval('#tile-map .tile', (all) => all.map((a) => ({
    unit: a.dataset.unit, expected: +a.dataset.expected, onTime: +a.dataset.onTime,
    late: +a.dataset.late, missing: +a.dataset.missing})));
  check(shown.length === tiles, `2022 as of ${asOf}: ${tiles} tiles`, `${shown.length} tiles`);
  const answer = await grpcNationalOverview(suite, key, asOf);
  const byUnit = new Map(answer.rows.map((r) => [r.unit.replace('units/', ''), sums(r)]));
  const wrong = shown.filter((tile) => JSON.stringify({...byUnit.get(tile.unit)}) !==
      JSON.stringify({expected: tile.expected, onTime: tile.onTime, late: tile.late,
        missing: tile.missing}));
  check(answer.rows.length === tiles && wrong.length === 0,
      `2022 as of ${asOf}: every tile's figures are the overview's`,
      wrong.map((w) => w.unit).join(', '));
  const footer = await page.$$eval('#province-table tfoot [data-key]', (cells) =>
    Object.fromEntries(cells.map((c) => [c.dataset.key, c.dataset.value])));
  const total = sums(answer.totals);
  check(['expected', 'onTime', 'late', 'missing'].every((k) => Number(footer[k]) === total[k]),
      `2022 as of ${asOf}: the table's national totals are the overview's`,
      `${JSON.stringify(footer)} vs ${JSON.stringify(total)}`);
  return answer;
}

async function signIn(page, base, key) {
  await page.goto(`${base}/`, {waitUntil: 'load'});
  await page.waitForSelector('#api-key', {visible: true});
  await page.type('#api-key', key);
  await page.click('#sign-in button[type=submit]');
}

// The first load of the national page, signed in, with nothing cached:
// bytes on the wire and the time from the navigation to the whole view, as
// the browser counts them.
async function firstLoad(browser, base, key, errors) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  watch(page, errors, '(first load) ');
  await page.setCacheEnabled(false);
  const hash = '#/national?year=2022&asOf=2022-12-31';
  await page.goto(`${base}/`, {waitUntil: 'load'});
  // The hash first (signed out, it draws nothing), then the key: the
  // reload below is the first load of a signed-in reader.
  await page.evaluate((h, k) => {
    location.hash = h;
    sessionStorage.setItem('interplan.apiKey', k);
    sessionStorage.setItem('interplan.scope', 'national');
  }, hash, key);
  const client = await page.createCDPSession();
  await client.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  client.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    requests++;
  });
  await page.reload({waitUntil: 'load'});
  await ready(page, hash);
  const elapsed = await page.evaluate(() =>
    Math.round(performance.getEntriesByName('interplan:view')[0].startTime));
  await new Promise((resolve) => setTimeout(resolve, 300));  // the last bytes' events
  console.log(`first load of the national page: ${(bytes / 1024).toFixed(0)} KB transferred in ` +
      `${requests} requests (goal < 500 KB), ${elapsed} ms from the navigation to the first ` +
      'complete view (goal < 1000 ms)');
  await context.close();
}

// Console errors and uncaught exceptions of `page` go to `errors`.
function watch(page, errors, label = '') {
  page.on('console', (m) => m.type() === 'error' && errors.push(`${label}${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${label}${e}`));
  page.on('response', (r) => r.status() >= 400 && console.log(`(${label}${r.status()} ${r.url()})`));
}

async function submitReport(suite, dataDir, key) {
  const file = path.join(dataDir, 'new_report.json');
  fs.writeFileSync(file, JSON.stringify({report: {
    plan: 'plans/quang-ngai-2022', agency: 'agencies/quang-ngai-so-y-te', period: '2022',
    kind: 'REPORT_KIND_ANNUAL', submittedAt: '2022-11-20T02:00:00Z',
    values: [{indicator: 'indicators/CAMPAIGN-PARTICIPANTS', value: 120}]}}));
  const client = path.join(BUILD, 'tools/interplan/interplan');
  const env = {...suite.env, INTERPLAN_API_KEY: key};
  const submitted = await run(client, ['reports', 'submit', file], {env});
  const name = submitted.stdout.split(/\s/)[0];
  await run(client, ['reports', 'accept', name], {env});
  return name;
}

async function main() {
  fs.mkdirSync(ARTEFACTS, {recursive: true});
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'interplan-dashboard-'));
  let suite = null;
  let browser = null;
  try {
    suite = await startSuite(dataDir);
    const key = (who) => fs.readFileSync(path.join(dataDir, 'credentials', `${who}.key`), 'utf8').trim();
    const ministry = key('moha');
    const quangNgai = key('quang-ngai-so-noi-vu');
    browser = await puppeteer.launch({executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=vi-VN']});
    const errors = [];
    await firstLoad(browser, suite.url, ministry, errors);

    const page = await browser.newPage();
    await page.setViewport({width: 1280, height: 900});
    watch(page, errors);

    await signIn(page, suite.url, ministry);
    await page.waitForSelector('body.signed-in');
    check(!(await page.evaluate(() => location.href.includes('ipk_'))), 'the key is not in the URL');
    await checkNational(page, suite, ministry, '2022-12-31', 63);
    await shot(page, 'national-2022-63');

    // The table sorts from the keyboard: Enter on a column's header.
    await page.focus('#province-table thead th[data-key="missing"] button');
    await page.keyboard.press('Enter');
    const sorted = await page.$eval('#province-table', (table) => ({
      order: table.querySelector('th[data-key="missing"]').getAttribute('aria-sort'),
      first: table.querySelector('tbody tr').dataset.unit}));
    check(sorted.order === 'descending' && sorted.first === '51',
        'Enter on "missing" sorts the table, Quảng Ngãi first', JSON.stringify(sorted));

    // A phone's screen: the same page, one column.
    // (A change of isMobile reloads the page: wait for that load, then the view.)
    await page.setViewport({width: 390, height: 844, isMobile: true, hasTouch: true});
    await page.reload({waitUntil: 'load'});
    await ready(page, '#/national?year=2022&asOf=2022-12-31');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    check(overflow <= 0, 'on a phone the page fits the screen\'s width', `${overflow}px wider`);
    await shot(page, 'national-2022-phone');
    await page.setViewport({width: 1280, height: 900});
    await page.reload({waitUntil: 'load'});
    await ready(page, '#/national?year=2022&asOf=2022-12-31');
    await checkNational(page, suite, ministry, today(), 34);
    await shot(page, 'national-2022-34');

    // Drill down from the map.
    const national2022 = '#/national?year=2022&asOf=2022-12-31';
    await follow(page, national2022, '#tile-map .tile[data-unit="51"]',
        '#/province/51?year=2022&asOf=2022-12-31');
    const province = await page.$eval('#province-name', (e) => e.textContent);
    check(province.includes('Quảng Ngãi'), 'the tile opens Quảng Ngãi', province);
    const units = await page.$$eval('#unit-table tbody tr', (rows) => rows.map((r) =>
      Object.fromEntries([...r.querySelectorAll('[data-value]')].map((c) =>
        [c.dataset.key, Number(c.dataset.value)]))));
    const qn = await read(suite.url, ministry, '/v1/overview/province',
        {unit: 51, year: 2022, asOf: '2022-12-31'});
    const same = qn.rows.length === units.length && qn.rows.every((row, i) =>
      ['expected', 'onTime', 'late', 'missing'].every((k) => sums(row)[k] === units[i][k]));
    check(same, `Quảng Ngãi: its ${qn.rows.length} units of 2022 with the province overview's figures`,
        `${units.length} rows`);
    check(await page.$('#agency-table') !== null, 'Quảng Ngãi: compliance by agency');
    await shot(page, 'province-51');

    // An indicator from the national page.
    await follow(page, national2022, '#indicator-table tr[data-indicator="LOC-COMM-OFFICIALS"] a',
        '#/indicator/LOC-COMM-OFFICIALS?year=2022&asOf=2022-12-31');
    const values = await page.$$eval('.chart-table td', (cells) => cells.map((c) => c.dataset.value));
    check(values.some((v) => Math.abs(Number(v) - 90.2777) < 0.01),
        'the indicator page shows the national value of 2022 (90.28)', values.join(' '));
    await shot(page, 'indicator-loc-comm-officials');

    // Target progress with the reason in words: Gò Vấp's plan, in Hồ Chí
    // Minh City's page of 2020; in English the service's own words, and
    // the English switch there and back.
    const hcm = '#/province/79?year=2020&asOf=2020-12-31';
    await open(page, hcm);
    const progress = async () => page.$$eval('.progress-table tbody tr', (rows) => rows.map((r) =>
      ({status: r.dataset.class, reason: r.lastElementChild.textContent})));
    const targets = await read(suite.url, ministry, '/v1/target-progress',
        {plan: 'plans/go-vap-2019-2020', asOf: '2020-12-31'});
    const vietnamese = await progress();
    check(vietnamese.length === targets.items.length && vietnamese.every((p, i) =>
      p.status === targets.items[i].class && p.reason.length > 0),
    `Hồ Chí Minh City 2020: Gò Vấp's ${targets.items.length} targets, each with its status and a reason`,
    JSON.stringify(vietnamese.slice(0, 2)));
    await shot(page, 'province-79-targets');
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en' &&
        document.querySelector('#view h2')?.textContent.startsWith('Reports by unit'));
    check(await page.$eval('#sign-out', (b) => b.textContent) === 'Sign out', 'an English switch');
    const english = await progress();
    check(english.length === targets.items.length &&
        english.every((p, i) => p.reason === targets.items[i].reason),
    'in English, each target\'s reason as /v1/target-progress gives it', JSON.stringify(english[0]));
    await shot(page, 'province-79-english');
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'vi' &&
        document.querySelector('#view h2')?.textContent.startsWith('Nộp báo cáo'));

    // A report accepted in Quảng Ngãi shows without a reload.
    await open(page, '#/national?year=2022&asOf=2022-12-31');
    const before = await page.$eval('#tile-map .tile[data-unit="51"]', (a) => +a.dataset.onTime);
    await page.evaluate(() => {
      window.notReloaded = true;
    });
    await submitReport(suite, dataDir, quangNgai);
    const shown = await page.waitForFunction((n) => {
      const tile = document.querySelector('#tile-map .tile[data-unit="51"]');
      return tile && +tile.dataset.onTime === n + 1 && window.notReloaded === true;
    }, {timeout: 30_000}, before).then(() => true, () => false);
    check(shown, 'a newly accepted report shows on the map without a reload',
        `on time stayed ${before}`);

    // A province key: its own province, never the national page.
    const context = await browser.createBrowserContext();
    const other = await context.newPage();
    watch(other, errors, '(province key) ');
    await signIn(other, suite.url, quangNgai);
    await other.waitForFunction(() => location.hash.startsWith('#/province/51'), {timeout: 30_000});
    await ready(other, await other.evaluate(() => location.hash));
    await other.evaluate(() => {
      location.hash = '#/national?year=2022&asOf=2022-12-31';
    });
    await other.waitForFunction(() => location.hash.startsWith('#/province/51') &&
        document.body.dataset.ready?.startsWith('#/province/51'), {timeout: 30_000});
    check(await other.$('#tile-map') === null &&
        (await other.$eval('#notice', (p) => p.textContent)).length > 0,
    'a province key is refused the national page, and told why');
    check(await other.$eval('#nav-national', (a) => a.hidden), 'a province key has no national link');
    await shot(other, 'province-key');
    await context.close();

    check(errors.length === 0, 'no console error', errors.join(' | '));
  } finally {
    if (browser) await browser.close();
    await stopSuite(suite);
    if (failures === 0) fs.rmSync(dataDir, {recursive: true, force: true});
    else console.log(`the suite's data and logs: ${dataDir}`);
  }
  console.log(`screenshots: ${ARTEFACTS}`);
  console.log(`${passes} passed, ${failures} failed`);
  process.exitCode = failures ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log(`${passes} passed, ${failures + 1} failed`);
  process.exit(1);
});
