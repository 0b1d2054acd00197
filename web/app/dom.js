// DOM helpers. Elements are built from data, never from HTML text (no
// innerHTML anywhere), so nothing recorded can run as code; inline styles
// are never written either (the page's Content-Security-Policy forbids
// them): sizes go through the CSSOM (element.style.width), which it allows.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

function setProps(el, props) {
  let value;
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'value') value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return value;
}

// h('button', {class: 'primary', onclick: f}, 'Save'): an HTML element.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  const value = setProps(el, props);
  append(el, children);
  // a select's value can only be set once its options are in
  if (value !== undefined) el.value = String(value);
  return el;
}

// s('rect', {x: 0, ...}): an SVG element.
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let counter = 0;
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

// A random UUID, also where crypto.randomUUID is missing (plain http on
// another host than localhost is not a secure context).
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// Says text to screen readers through the page's polite live region.
export function announce(text) {
  const region = document.getElementById('status');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

// A labelled form field: the label, the control and a place for its error.
// Returns {wrap, control, error}. The control gets an id, and
// aria-describedby pointing at the hint and the error.
export function field(labelText, control, { hint, className } = {}) {
  const id = control.id || uid('f');
  control.id = id;
  const errId = `${id}-error`;
  const described = [errId];
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) described.unshift(hintEl.id);
  control.setAttribute('aria-describedby', described.join(' '));
  const error = h('span', { class: 'field-error', id: errId, 'data-error-for': id });
  const wrap = h('div', { class: `field ${className || ''}`.trim() },
    h('label', { for: id }, labelText), hintEl, control, error);
  return { wrap, control, error };
}

// Shows (or clears, with text null) an error under a control made by field().
export function setFieldError(control, text) {
  const error = document.getElementById(`${control.id}-error`);
  if (text) {
    control.setAttribute('aria-invalid', 'true');
    if (error) error.textContent = text;
  } else {
    control.removeAttribute('aria-invalid');
    if (error) error.textContent = '';
  }
}

export function options(list, selected) {
  return list.map(([value, text]) => h('option', { value, selected: value === selected }, text));
}

export function fmtPct(p) {
  if (p === null || p === undefined) return '–';
  const v = p * 100;
  return v >= 10 || v === 0 ? `${Math.round(v)}%` : `${v.toFixed(1)}%`;
}

export function fmtNum(x, digits = 2) {
  if (x === null || x === undefined) return '–';
  return Number(x).toFixed(digits).replace(/\.?0+$/, '') || '0';
}

export function fmtDate(iso) {
  if (!iso) return '–';
  return iso.slice(0, 10);
}

export function fmtDateTime(iso) {
  if (!iso) return '–';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
