// Calls to the gateway's HTTP face (docs/http.md), from this origin only.
// The API key lives in this tab's sessionStorage and travels in the
// Authorization header, never in a URL; nothing here logs it.

const KEY = 'interplan.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY) || '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

// An answer that is not 200: the HTTP status and Google's JSON error.
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.status || '';
  }
}

// The last answer and ETag of each path, so that a poll sends
// If-None-Match and a 304 costs no parsing.
const answers = new Map();

function target(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

// GET `path` with `params`: {data, etag, changed}. `changed` is false when
// the gateway answered 304 (the data is the one already held).
export async function get(path, params) {
  const url = target(path, params);
  const held = answers.get(url);
  const headers = {Authorization: `Bearer ${apiKey()}`};
  if (held) headers['If-None-Match'] = held.etag;
  const response = await fetch(url, {headers, cache: 'no-store'});
  if (response.status === 304 && held) return {...held, changed: false};
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  const answer = {data: body, etag: response.headers.get('ETag') || ''};
  if (answer.etag) answers.set(url, answer);
  return {...answer, changed: true};
}

// Like get, but null instead of a 403 or 404: what the key may not read
// is left out rather than shown as an error.
export async function getIfAllowed(path, params) {
  try {
    return await get(path, params);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
    throw error;
  }
}

export function forgetAnswers() {
  answers.clear();
}
