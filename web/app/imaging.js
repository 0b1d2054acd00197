// Imaging studies of a work-up: the modality and date, and the coded
// findings of the report (each with its level on the spine, side and
// grade on the entry's own scale).
import { h, field, options } from './dom.js';
import { entries, entry, LEVELS } from './vocab.js';

const SIDE_OPTIONS = [['', '—'], ['left', 'Left'], ['right', 'Right'], ['bilateral', 'Both sides'], ['midline', 'Midline']];

// One study's card. rec: the record; ctx: {region, index, changed(),
// rebuild(), remove(rec)}.
export function imagingCard(rec, ctx) {
  const d = rec.data;
  const n = ctx.index + 1;
  const of = (text) => [text, h('span', { class: 'visually-hidden' }, ` (study ${n})`)];
  rec.controls = {};
  const modality = h('select', { onchange: () => { d.modality = modality.value; ctx.changed(); } },
    h('option', { value: '' }, 'Choose…'),
    options(entries('modality', ctx.region).map((e) => [e.code, e.label])));
  modality.value = d.modality || '';
  const date = h('input', { type: 'date', value: d.performed_on || '', oninput: () => { d.performed_on = date.value; ctx.changed(); } });
  const report = h('textarea', { rows: 2, maxlength: 20000, oninput: () => { d.report = report.value || null; ctx.changed(); } });
  report.value = d.report || '';
  rec.controls['/modality'] = modality;
  rec.controls['/performed_on'] = date;
  rec.controls['/report'] = report;

  const rows = d.findings.map((f, i) => findingRow(rec, f, i, ctx, n));
  const addFinding = h('button', {
    type: 'button',
    class: 'small',
    onclick: () => { d.findings.push({ code: '' }); ctx.rebuild(`imaging-${rec.local}-f${d.findings.length - 1}`); },
  }, 'Add a finding of this study');

  return h('article', { class: `record card sub${rec.status === 'entered_in_error' ? ' void' : ''}`, 'data-record': rec.local, 'aria-labelledby': `${rec.local}-title` },
    h('h3', { id: `${rec.local}-title` }, `Study ${n}`, statusNote(rec)),
    h('div', { class: 'grid3' }, field(of('Modality'), modality).wrap, field(of('Performed on'), date).wrap),
    h('fieldset', { class: 'img-findings' }, h('legend', {}, `Coded findings of study ${n}`),
      rows.length ? rows : h('p', { class: 'muted' }, 'No finding yet.'), addFinding),
    field(of('Report (optional)'), report).wrap,
    recordActions(rec, ctx, `study ${n}`));
}

function findingRow(rec, f, i, ctx, n) {
  const of = (text) => [text, h('span', { class: 'visually-hidden' }, ` (study ${n}, finding ${i + 1})`)];
  const base = `/findings/${i}`;
  const id = `imaging-${rec.local}-f${i}`;
  const e = f.code ? entry('imaging_finding', f.code) : null;
  const code = h('select', {
    id,
    onchange: () => {
      f.code = code.value;
      const ne = entry('imaging_finding', f.code);
      if (!ne || !ne.needs_level) f.level = null;
      if (!ne || !ne.grades || !ne.grades.includes(f.grade)) f.grade = null;
      ctx.rebuild(id);
    },
  }, h('option', { value: '' }, 'Choose…'),
  options(entries('imaging_finding', ctx.region).map((x) => [x.code, x.label])));
  code.value = f.code || '';
  const level = h('select', { disabled: !(e && e.needs_level), onchange: () => { f.level = level.value || null; ctx.changed(); } },
    h('option', { value: '' }, '—'), options(LEVELS.map((l) => [l, l])));
  level.value = f.level || '';
  const side = h('select', { onchange: () => { f.side = side.value || null; ctx.changed(); } }, options(SIDE_OPTIONS));
  side.value = f.side || '';
  const grades = e && e.grades ? e.grades : [];
  const grade = h('select', { disabled: !grades.length, onchange: () => { f.grade = grade.value || null; ctx.changed(); } },
    h('option', { value: '' }, '—'), options(grades.map((g) => [g, g])));
  grade.value = f.grade || '';
  const size = h('input', { type: 'number', min: 0, max: 500, step: 1, inputmode: 'numeric', value: f.size_mm ?? '', oninput: () => { f.size_mm = size.value === '' ? null : Number(size.value); ctx.changed(); } });
  Object.assign(rec.controls, { [`${base}/code`]: code, [`${base}/level`]: level, [`${base}/side`]: side, [`${base}/grade`]: grade, [`${base}/size_mm`]: size, [base]: code });
  const remove = h('button', {
    type: 'button',
    class: 'small link',
    'aria-label': `Remove (study ${n}, finding ${i + 1})`,
    onclick: () => { rec.data.findings.splice(i, 1); ctx.rebuild(); },
  }, 'Remove');
  return h('div', { class: 'img-finding' },
    field([`Finding ${i + 1}`, h('span', { class: 'visually-hidden' }, ` of study ${n}`)], code, { className: 'wide' }).wrap,
    field(of('Level'), level).wrap,
    field(of('Side'), side).wrap,
    field(of(e && e.grade_scale ? `Grade (${e.grade_scale})` : 'Grade'), grade).wrap,
    field(of('Size (mm)'), size).wrap,
    remove);
}

export function statusNote(rec) {
  let text = ' (not saved yet)';
  if (rec.id) {
    if (rec.saved.status === 'entered_in_error') text = ' (entered in error)';
    else if (rec.status === 'entered_in_error') text = ` (saved v${rec.version}; will be marked entered in error)`;
    else text = ` (saved v${rec.version})`;
  }
  return h('span', { class: 'rec-status' }, text);
}

// A saved record can be marked entered in error (when the work-up is
// saved); a new one is simply removed.
export function recordActions(rec, ctx, what) {
  if (!rec.id) {
    return h('div', { class: 'actions' }, h('button', { type: 'button', class: 'small link', onclick: () => ctx.remove(rec) }, 'Discard', h('span', { class: 'visually-hidden' }, ` ${what}`)));
  }
  if (rec.saved.status === 'entered_in_error') return null;
  const box = h('input', {
    type: 'checkbox',
    id: `${rec.local}-eie`,
    checked: rec.status === 'entered_in_error',
    onchange: () => { rec.status = box.checked ? 'entered_in_error' : 'active'; ctx.rebuild(box.id); },
  });
  return h('div', { class: 'actions' }, h('span', { class: 'check' }, box, h('label', { for: box.id }, 'Entered in error', h('span', { class: 'visually-hidden' }, ` (${what})`))));
}
