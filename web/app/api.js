// The one place that talks to paingen's API (openapi.yaml). The session
// travels in its HttpOnly cookie; every write carries the session's CSRF
// token (X-CSRF-Token), an Idempotency-Key when it creates, and If-Match
// when it corrects. A 401 on a call asks the person to sign in again
// (main.js shows the sign-in dialog) and then repeats the call once: the
// refused call changed nothing, and its Idempotency-Key makes the repeat
// safe anyway.

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super((problem && (problem.detail || problem.title)) || `The service answered ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
    this.retryAfter = retryAfter ? Number(retryAfter) : null;
  }
}

let csrf = null;
let reauthenticate = null;

export function useSession(session) {
  csrf = session ? session.csrf_token : null;
}

// fn(): a promise settled once the person has signed in again (or rejected
// when they gave up).
export function onSessionLost(fn) {
  reauthenticate = fn;
}

async function send(method, path, { body, key, ifMatch, signal }) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  if (key) headers['Idempotency-Key'] = key;
  if (ifMatch) headers['If-Match'] = ifMatch;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'The service cannot be reached', detail: 'Check the connection, then try again.' });
  }
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw new ApiError(res.status, data, res.headers.get('Retry-After'));
  return data;
}

// api('POST', '/v1/patients', {body, key}) → the answer's JSON (null for 204).
// Throws ApiError (status, problem, errors, retryAfter).
export async function api(method, path, opts = {}) {
  try {
    return await send(method, path, opts);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401 || opts.noRetry || !reauthenticate) throw e;
    await reauthenticate(e);
    return send(method, path, opts);
  }
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

// Every item of a paged list (next_cursor), up to max.
export async function listAll(path, max = 500) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

// A record's ETag, as its If-Match: the version in quotes.
export function etagOf(record) {
  return `"${record.version}"`;
}
