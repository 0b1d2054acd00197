// Diagnostic blocks of a work-up: the target, agent and baseline, the
// timed pain readings drawn as a relief curve against the target's
// threshold, and the model's reading of the block (and of its comparative
// or saline pair).
import { h, s, field, options, fmtNum } from './dom.js';
import { entries, entry, blockThreshold, LEVELS } from './vocab.js';
import { statusNote, recordActions } from './imaging.js';
import { isDirty } from './state.js';

const SIDE_OPTIONS = [['', '—'], ['left', 'Left'], ['right', 'Right'], ['bilateral', 'Both sides'], ['midline', 'Midline']];
const YES_NO = [['', '—'], ['true', 'Yes'], ['false', 'No']];

function relief(baseline, nrs) {
  return baseline > 0 ? Math.max(0, ((baseline - nrs) / baseline) * 100) : 0;
}

// The relief curve: relief (percent of the baseline) over minutes, the
// threshold as a dashed line. An image with a text equivalent.
export function reliefCurve(d) {
  const readings = (d.readings || []).filter((r) => Number.isFinite(r.minutes) && Number.isFinite(r.nrs));
  const threshold = blockThreshold(d.target);
  const W = 320;
  const H = 150;
  const L = 36;
  const B = 24;
  const maxMin = Math.max(60, ...readings.map((r) => r.minutes));
  const x = (m) => L + (m / maxMin) * (W - L - 8);
  const y = (p) => H - B - (p / 100) * (H - B - 8);
  const baseline = Number(d.baseline_nrs);
  const pts = [[0, 0], ...readings.map((r) => [r.minutes, relief(baseline, r.nrs)])];
  const peak = readings.reduce((best, r) => (relief(baseline, r.nrs) > best.p ? { p: relief(baseline, r.nrs), m: r.minutes } : best), { p: 0, m: 0 });
  const summary = readings.length && Number.isFinite(baseline)
    ? `Relief over time: ${readings.map((r) => `${fmtNum(relief(baseline, r.nrs), 0)}% at ${r.minutes} min`).join(', ')}; peak ${fmtNum(peak.p, 0)}%${threshold ? `, threshold ${threshold}%` : ''}.`
    : 'No readings yet.';
  const grid = [0, 50, 100].map((p) => [
    s('line', { x1: L, x2: W - 8, y1: y(p), y2: y(p), class: 'grid' }),
    s('text', { x: L - 4, y: y(p) + 3, class: 'axis', 'text-anchor': 'end' }, `${p}%`),
  ]);
  const ticks = [0, maxMin / 2, maxMin].map((m) => s('text', { x: x(m), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, `${Math.round(m)} min`));
  return h('figure', { class: 'relief' },
    s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'curve' },
      grid, ticks,
      threshold ? [
        s('line', { x1: L, x2: W - 8, y1: y(threshold), y2: y(threshold), class: 'threshold' }),
        s('text', { x: W - 10, y: y(threshold) - 4, class: 'axis threshold-label', 'text-anchor': 'end' }, `threshold ${threshold}%`),
      ] : null,
      readings.length ? s('polyline', { points: pts.map(([m, p]) => `${x(m)},${y(p)}`).join(' '), class: 'line' }) : null,
      readings.map((r) => s('circle', { cx: x(r.minutes), cy: y(relief(baseline, r.nrs)), r: 3.5, class: relief(baseline, r.nrs) >= (threshold || 101) ? 'pt reached' : 'pt' }))),
    h('figcaption', {}, summary));
}

// What the model made of the block: stored with a saved, unchanged block;
// otherwise what the live differential weighed for its target.
function reading(rec, live) {
  const i = rec.saved && !isDirty(rec) ? rec.saved.interpretation : null;
  if (i) {
    return h('p', { class: 'reading', 'data-outcome': i.outcome || '' },
      h('strong', {}, 'Model\'s reading: '), `${i.outcome || 'no criterion'} — ${i.detail}`,
      i.pair ? `; as a pair with the earlier block: ${i.pair.outcome || 'not read'}` : '',
      i.criterion_source ? h('span', { class: 'source' }, ` (${i.criterion_source.citation})`) : null);
  }
  const c = live && live.find((x) => x.code === rec.data.target);
  return h('p', { class: 'reading muted' }, c
    ? `In the live differential: ${c.result}${c.applied ? `, weighed ×${fmtNum(c.factor, 2)}` : ', not weighed'}${c.detail ? ` (${c.detail})` : ''}. Save to store the model's reading.`
    : 'Save to store the model\'s reading of this block.');
}

// One block's card. ctx: {region, index, blocks (all records), live
// (block contributions of the live score), changed(), rebuild(focusId),
// remove(rec)}.
export function blockCard(rec, ctx) {
  const d = rec.data;
  const n = ctx.index + 1;
  rec.controls = {};
  const t = d.target ? entry('block_target', d.target) : null;
  const discography = d.target === 'provocation_discography';
  const of = (text) => [text, h('span', { class: 'visually-hidden' }, ` (block ${n})`)];
  const on = (el, key, conv = (v) => v || null, rebuild = false) => el.addEventListener(el.tagName === 'SELECT' ? 'change' : 'input', () => {
    d[key] = conv(el.value);
    if (rebuild) ctx.rebuild(el.id); else { ctx.changed(); curveBox.replaceChildren(reliefCurve(d)); }
  });
  const num = (v) => (v === '' ? null : Number(v));
  const bool = (v) => (v === '' ? null : v === 'true');

  const target = h('select', { id: `${rec.local}-target` }, h('option', { value: '' }, 'Choose…'),
    options(entries('block_target', ctx.region).map((e) => [e.code, e.label])));
  target.value = d.target || '';
  on(target, 'target', (v) => v || null, true);
  const level = h('select', { disabled: !(t && t.needs_level) }, h('option', { value: '' }, '—'), options(LEVELS.map((l) => [l, l])));
  level.value = d.level || '';
  on(level, 'level');
  const side = h('select', {}, options(SIDE_OPTIONS));
  side.value = d.side || '';
  on(side, 'side');
  const agent = h('select', { disabled: discography }, h('option', { value: '' }, 'Choose…'),
    options(entries('block_agent', ctx.region).map((e) => [e.code, e.label])));
  agent.value = d.agent || '';
  on(agent, 'agent');
  const volume = h('input', { type: 'number', min: 0.1, max: 50, step: 0.1, value: d.volume_ml ?? '' });
  on(volume, 'volume_ml', num);
  const when = h('input', { type: 'datetime-local', value: d.performed_at ? d.performed_at.slice(0, 16) : '' });
  on(when, 'performed_at', (v) => (v ? `${v}:00Z` : null));
  const baseline = h('input', { type: 'number', min: 0, max: 10, step: 1, inputmode: 'numeric', value: d.baseline_nrs ?? '' });
  on(baseline, 'baseline_nrs', num);
  const earlier = ctx.blocks.slice(0, ctx.index).filter((b) => b.status !== 'entered_in_error');
  const pair = h('select', {}, h('option', { value: '' }, 'None'),
    options(earlier.map((b, i) => [b.id || b.local, `Block ${ctx.blocks.indexOf(b) + 1}: ${b.data.target ? entry('block_target', b.data.target).label : '?'}, ${b.data.agent || ''} ${b.data.performed_at ? b.data.performed_at.slice(0, 10) : ''}`.trim() || `Block ${i + 1}`])));
  pair.value = d.comparative_of || '';
  on(pair, 'comparative_of');
  Object.assign(rec.controls, {
    '/target': target, '/level': level, '/side': side, '/agent': agent, '/volume_ml': volume,
    '/performed_at': when, '/baseline_nrs': baseline, '/comparative_of': pair,
  });

  let disco = null;
  if (discography) {
    const concordant = h('select', {}, options(YES_NO));
    concordant.value = d.concordant === null || d.concordant === undefined ? '' : String(d.concordant);
    on(concordant, 'concordant', bool);
    const controlLevel = h('select', {}, h('option', { value: '' }, '—'), options(LEVELS.map((l) => [l, l])));
    controlLevel.value = d.control_level || '';
    on(controlLevel, 'control_level');
    const controlPainful = h('select', {}, options(YES_NO));
    controlPainful.value = d.control_painful === null || d.control_painful === undefined ? '' : String(d.control_painful);
    on(controlPainful, 'control_painful', bool);
    Object.assign(rec.controls, { '/concordant': concordant, '/control_level': controlLevel, '/control_painful': controlPainful });
    disco = h('div', { class: 'grid3' }, field(of('Concordant pain'), concordant).wrap, field(of('Control level'), controlLevel).wrap, field(of('Control level painful'), controlPainful).wrap);
  }

  const readingRows = (d.readings || []).map((r, i) => {
    const minutes = h('input', { type: 'number', min: 0, max: 10080, step: 1, inputmode: 'numeric', value: r.minutes ?? '', id: `${rec.local}-r${i}-min` });
    const nrs = h('input', { type: 'number', min: 0, max: 10, step: 1, inputmode: 'numeric', value: r.nrs ?? '', id: `${rec.local}-r${i}-nrs` });
    const upd = () => {
      r.minutes = minutes.value === '' ? null : Number(minutes.value);
      r.nrs = nrs.value === '' ? null : Number(nrs.value);
      ctx.changed();
      curveBox.replaceChildren(reliefCurve(d));
    };
    minutes.addEventListener('input', upd);
    nrs.addEventListener('input', upd);
    Object.assign(rec.controls, { [`/readings/${i}/minutes`]: minutes, [`/readings/${i}/nrs`]: nrs, [`/readings/${i}`]: minutes });
    return h('div', { class: 'reading-row' },
      field(of(`Reading ${i + 1}: minutes after`), minutes).wrap,
      field(of(`Reading ${i + 1}: pain (0–10)`), nrs).wrap,
      h('button', {
        type: 'button',
        class: 'small link',
        'aria-label': `Remove (block ${n}, reading ${i + 1})`,
        onclick: () => { d.readings.splice(i, 1); ctx.rebuild(); },
      }, 'Remove'));
  });
  rec.controls['/readings'] = readingRows.length ? rec.controls['/readings/0/minutes'] : baseline;
  const addReading = h('button', {
    type: 'button',
    class: 'small',
    onclick: () => {
      d.readings = d.readings || [];
      d.readings.push({ minutes: null, nrs: null });
      ctx.rebuild(`${rec.local}-r${d.readings.length - 1}-min`);
    },
  }, 'Add a reading');

  const curveBox = h('div', { class: 'curve-box' }, reliefCurve(d));
  let readingEl = reading(rec, ctx.live);
  // the live differential moves: its reading of this block with it
  rec.updateReading = (live) => {
    const next = reading(rec, live);
    readingEl.replaceWith(next);
    readingEl = next;
  };
  return h('article', { class: `record card sub${rec.status === 'entered_in_error' ? ' void' : ''}`, 'data-record': rec.local, 'aria-labelledby': `${rec.local}-title` },
    h('h3', { id: `${rec.local}-title` }, `Block ${n}`, statusNote(rec)),
    h('div', { class: 'grid3' },
      field(of('Target'), target).wrap, field(of('Level'), level).wrap, field(of('Side'), side).wrap,
      field(of('Agent'), agent).wrap, field(of('Volume (ml)'), volume).wrap, field(of('Performed at (UTC)'), when).wrap,
      field(of('Pain before (0–10)'), baseline).wrap, field(of('Comparative or control block of'), pair).wrap),
    disco,
    discography ? null : h('fieldset', { class: 'readings' }, h('legend', {}, `Timed pain readings of block ${n}`), readingRows, addReading),
    discography ? null : curveBox,
    readingEl,
    recordActions(rec, ctx, `block ${n}`));
}
