// Keygate's own public APIs, called with the session cookie; every call that is not a read carries
// the session's CSRF token in X-Keygate-CSRF.

let csrfToken = null;

export function setCsrf(token) { csrfToken = token; }

export class ApiError extends Error {
  constructor(status, body) {
    super(reasonOf(status, body));
    this.status = status;
    this.body = body;
    this.type = body && body.error && body.error.type;
  }
}

function reasonOf(status, body) {
  const e = body && body.error;
  if (e && typeof e === 'object') {
    let r = e.reason || (e.root_cause && e.root_cause[0] && e.root_cause[0].reason) || e.type;
    if (e.caused_by && e.caused_by.reason) r += `: ${e.caused_by.reason}`;
    return r;
  }
  if (typeof e === 'string') return e;
  return `HTTP ${status}`;
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-Keygate-CSRF'] = csrfToken;
  const resp = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = null;
  const text = await resp.text();
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = { error: text }; }
  }
  if (!resp.ok) {
    const err = new ApiError(resp.status, json);
    if (resp.status === 401 && !path.startsWith('/_keygate/session')) {
      window.dispatchEvent(new CustomEvent('keygate:session-ended'));
    }
    throw err;
  }
  return json;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const put = (path, body) => call('PUT', path, body === undefined ? {} : body);
export const del = (path, body) => call('DELETE', path, body);

export const enc = encodeURIComponent;
