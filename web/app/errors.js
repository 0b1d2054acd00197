// Problem documents shown where they belong: each error of a 422 next to
// the control its JSON pointer names (controls maps pointers to controls),
// the rest in the form's alert, the first invalid control focused.
import { ApiError } from './api.js';
import { setFieldError } from './dom.js';

export function describe(e) {
  if (!(e instanceof ApiError)) return e.message || String(e);
  const p = e.problem;
  if (e.status === 0) return e.message;
  if (e.status === 403) return `Not allowed: ${p.detail || p.title || ''}`;
  if (e.status === 404) return 'Not found: it may have been removed, or belong to another clinic.';
  if (e.status === 409) return p.detail || 'The service refused the change (conflict).';
  if (e.status === 429) return `Too many requests; try again in ${e.retryAfter || 1} s.`;
  if (e.status >= 500) return `The service could not do it now (${e.status}); try again. ${p.detail || ''}`;
  return p.detail || p.title || e.message;
}

export function clearErrors(controls) {
  for (const c of Object.values(controls || {})) if (c) setFieldError(c, null);
}

// Clears the errors of every control, then shows e's. Returns true when
// each error found its control.
export function showErrors(e, controls, alert) {
  clearErrors(controls);
  if (alert) alert.textContent = '';
  const unplaced = [];
  let first = null;
  if (e instanceof ApiError && e.status === 422 && e.errors.length) {
    for (const err of e.errors) {
      const c = controlFor(controls, err.pointer);
      if (c) {
        setFieldError(c, err.detail);
        first = first || c;
      } else {
        unplaced.push(`${err.pointer}: ${err.detail}`);
      }
    }
  } else {
    unplaced.push(describe(e));
  }
  if (alert && unplaced.length) alert.textContent = unplaced.join('; ');
  if (first) first.focus();
  return unplaced.length === 0;
}

// The control of the pointer, or of its nearest parent ("/readings/2/nrs"
// → "/readings/2" → "/readings").
function controlFor(controls, pointer) {
  let p = pointer || '';
  while (p) {
    if (controls[p]) return controls[p];
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return null;
}
