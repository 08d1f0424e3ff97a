// The dashboard's shell: sign-in, the controls (year, as-of date,
// language), the pages by the location's hash (#/national, #/province/51,
// #/indicator/NSGE-1.1, each with ?year=&asOf=), and freshness: the page's
// main view is polled with If-None-Match and redrawn when its ETag changes.
import {ApiError, apiKey, forgetAnswers, get, setApiKey} from './api.js';
import {lang, setLang, t} from './i18n.js';
import {h, today} from './ui.js';
import {nationalPage} from './pages/national.js';
import {provincePage} from './pages/province.js';
import {indicatorPage} from './pages/indicator.js';

const POLL_MS = 3000;
const SCOPE = 'interplan.scope';  // "national" or a province id, for this tab

const view = document.getElementById('view');
const status = document.getElementById('status');
let current = null;  // {path, params, render} of the page shown
let pollTimer = null;
let generation = 0;  // of the page asked for last: a slower, older one is dropped

// Draws `render`'s page off-screen and shows it unless another page was
// asked for meanwhile; its {path, params, assembledAt}, or null if dropped.
async function draw(render, asked) {
  const box = document.createElement('div');
  const shown = await render(box);
  if (asked !== generation) return null;
  view.replaceChildren(...box.childNodes);
  return shown;
}

function scope() {
  return sessionStorage.getItem(SCOPE) || '';
}

function defaults() {
  return {year: String(new Date().getFullYear() - 1), asOf: today()};
}

function parseHash() {
  const [path, query] = (location.hash.replace(/^#/, '') || '/national').split('?');
  const params = {...defaults(), ...Object.fromEntries(new URLSearchParams(query || ''))};
  return {parts: path.split('/').filter(Boolean), params};
}

// Which of the key's pages the hash asks for; a province key asking for
// the national page gets its own province, and a word why.
function route() {
  const {parts, params} = parseHash();
  const national = scope() === 'national';
  if (parts[0] === 'province' && parts[1]) {
    return (v) => provincePage(parts[1], params, v, {national});
  }
  if (parts[0] === 'indicator' && parts[1]) {
    return (v) => indicatorPage(parts[1], params, v, {national, unit: scope()});
  }
  if (!national) {
    // In place, without a hashchange (which would clear the notice).
    history.replaceState(null, '', `#/province/${scope()}?year=${params.year}&asOf=${params.asOf}`);
    notice(t('notAllowed'));
    return (v) => provincePage(scope(), params, v, {national});
  }
  return (v) => nationalPage(params, v);
}

function notice(text) {
  document.getElementById('notice').textContent = text;
}

function stamp(assembledAt) {
  const when = assembledAt ? new Date(assembledAt) : null;
  const fmt = (d) => d.toLocaleString(lang() === 'en' ? 'en-GB' : 'vi-VN');
  status.replaceChildren(
      h('span', {id: 'data-as-of', 'data-assembled-at': assembledAt || ''},
          when ? t('dataAsOf', fmt(when)) : ''),
      h('span', {class: 'muted'}, ` · ${t('checked', fmt(new Date()))}`));
}

async function show() {
  clearTimeout(pollTimer);
  const render = route();
  syncControls();
  view.setAttribute('aria-busy', 'true');
  const asked = ++generation;
  current = null;
  try {
    const shown = await draw(render, asked);
    if (!shown) return;
    current = {...shown, render};
    stamp(shown.assembledAt);
    document.body.dataset.ready = location.hash || '#/national';
    // When a whole view was first on screen (the browser test reads it).
    if (!performance.getEntriesByName('interplan:view').length) performance.mark('interplan:view');
  } catch (error) {
    if (asked === generation) failed(error);
  } finally {
    if (asked === generation) view.removeAttribute('aria-busy');
  }
  if (asked === generation) schedulePoll();
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    signOut(t('badKey'));
    return;
  }
  view.replaceChildren(h('p', {class: 'error', role: 'alert'}, t('error', error.message)));
  document.body.dataset.ready = 'error';
}

function schedulePoll() {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, POLL_MS);
}

// Asks again for the page's main view; a new ETag redraws the page.
async function poll() {
  if (!current || !apiKey()) return;
  const asked = generation;
  const polled = current;
  try {
    const answer = await get(polled.path, polled.params);
    if (asked !== generation) return;
    if (answer.changed) {
      const y = window.scrollY;
      const shown = await draw(polled.render, asked);
      if (!shown) return;
      current = {...shown, render: polled.render};
      window.scrollTo(0, y);
      notice(t('updated'));
      stamp(shown.assembledAt);
    } else {
      stamp(current.assembledAt);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signOut(t('badKey'));
  }
  if (asked === generation) schedulePoll();
}

function syncControls() {
  const {params} = parseHash();
  document.getElementById('year').value = params.year;
  document.getElementById('as-of').value = params.asOf;
}

function applyControls(event) {
  event.preventDefault();
  const {parts} = parseHash();
  const year = document.getElementById('year').value;
  const asOf = document.getElementById('as-of').value || today();
  location.hash = `#/${parts.join('/') || 'national'}?year=${year}&asOf=${asOf}`;
}

// Whose key it is (GET /v1/session): the ministry's roles read the whole
// country ("national"); any other key its own unit's subtree (its province
// code). Authentication off answers no role: the whole country.
const NATIONAL_ROLES = ['ROLE_MINISTRY', 'ROLE_OPERATOR', 'ROLE_SERVICE', 'ROLE_UNSPECIFIED'];

async function discoverScope() {
  const {data: session} = await get('/v1/session');
  if (NATIONAL_ROLES.includes(session.role) || !session.unit) return 'national';
  return session.unit.replace(/^units\//, '');
}

async function signIn(event) {
  event.preventDefault();
  const input = document.getElementById('api-key');
  setApiKey(input.value.trim());
  input.value = '';
  try {
    sessionStorage.setItem(SCOPE, await discoverScope());
  } catch (error) {
    signOut(error instanceof ApiError && error.status === 401 ? t('badKey') : error.message);
    return;
  }
  start();
}

function signOut(message) {
  clearTimeout(pollTimer);
  generation++;
  setApiKey('');
  sessionStorage.removeItem(SCOPE);
  forgetAnswers();
  current = null;
  document.body.classList.remove('signed-in');
  view.replaceChildren();
  document.getElementById('sign-in-error').textContent = typeof message === 'string' ? message : '';
  document.body.dataset.ready = 'sign-in';
}

function translate() {
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-t]')) {
    element.textContent = t(element.dataset.t);
  }
  document.getElementById('lang').textContent = lang() === 'en' ? 'Tiếng Việt' : 'English';
  document.getElementById('lang').setAttribute('lang', lang() === 'en' ? 'vi' : 'en');
}

function start() {
  document.body.classList.add('signed-in');
  document.getElementById('nav-national').hidden = scope() !== 'national';
  show();
}

function setup() {
  setLang(lang());
  const years = document.getElementById('year');
  for (let y = new Date().getFullYear(); y >= 2019; y--) years.append(h('option', {value: y}, y));
  document.getElementById('sign-in').addEventListener('submit', signIn);
  document.getElementById('sign-out').addEventListener('click', () => signOut(''));
  document.getElementById('controls').addEventListener('submit', applyControls);
  document.getElementById('lang').addEventListener('click', () => {
    setLang(lang() === 'en' ? 'vi' : 'en');
    translate();
    if (apiKey()) show();
  });
  window.addEventListener('hashchange', () => {
    notice('');
    if (apiKey()) show();
  });
  translate();
  if (apiKey() && scope()) start();
  else signOut('');
}

setup();
