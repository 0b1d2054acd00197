// The findings of a work-up, grouped as a clinician examines: history,
// inspection, then the provocation tests, each published cluster apart
// with how many of its items are met. Each finding is a group of three
// radio buttons (not done, positive, negative): one tab stop, the arrow
// keys choose. A saved finding set back to "not done" is marked entered
// in error when the work-up is saved.
import { h } from './dom.js';
import { entries, clusters } from './vocab.js';

const GROUPS = [
  ['history', 'History', 'What the patient tells.'],
  ['inspection', 'Inspection, palpation and movement', 'What is seen, felt and measured.'],
  ['provocation', 'Provocation and special tests', null],
];

export function choiceOf(rec) {
  if (!rec || rec.status === 'entered_in_error') return '';
  return rec.data.result || '';
}

// Whether a cluster member counts towards the cluster with this result.
function counts(cluster, code, result) {
  return result === 'positive' || (result === 'negative' && cluster.count_when_negative.includes(code));
}

export function clusterStatus(cluster, findingOf) {
  let met = 0;
  let recorded = 0;
  for (const code of cluster.members) {
    const r = choiceOf(findingOf(code));
    if (!r) continue;
    recorded += 1;
    if (counts(cluster, code, r)) met += 1;
  }
  const n = cluster.members.length;
  let verdict;
  if (met >= cluster.threshold) verdict = 'met';
  else if (recorded < cluster.min_recorded) verdict = `undecided until ${cluster.min_recorded} are recorded`;
  else verdict = 'not met';
  return { met, recorded, n, verdict, text: `${met} of ${n} met (threshold ${cluster.threshold}), ${recorded} of ${n} recorded: ${verdict}` };
}

// findingsSection(region, findingOf(code) → rec, onChoose(code, value)).
// Returns {el, refresh()} (refresh: the cluster counts and notes).
export function findingsSection(region, findingOf, onChoose) {
  const all = entries('finding', region);
  const regionClusters = clusters(region);
  const inCluster = new Map();
  for (const c of regionClusters) for (const m of c.members) if (!inCluster.has(m)) inCluster.set(m, c.code);
  const notes = new Map();
  const countEls = new Map();

  function row(e) {
    const rec = findingOf(e.code);
    const name = `finding-${e.code}`;
    const current = choiceOf(rec);
    const note = h('span', { class: 'rec-note', id: `${name}-note` });
    notes.set(e.code, note);
    const radios = [['', 'Not done'], ['positive', 'Positive'], ['negative', 'Negative']].map(([v, t]) => {
      const id = `${name}-${v || 'none'}`;
      return h('span', { class: 'radio' },
        h('input', { type: 'radio', name, id, value: v, checked: current === v, onchange: () => onChoose(e.code, v) }),
        h('label', { for: id }, t));
    });
    const err = h('span', { class: 'field-error', id: `${name}-error` });
    return h('fieldset', { class: 'finding', 'data-code': e.code, 'aria-describedby': `${name}-note ${name}-error` },
      h('legend', { title: e.description }, e.label),
      h('div', { class: 'radios' }, radios), note, err);
  }

  const clusterBoxes = regionClusters.map((c) => {
    const count = h('p', { class: 'cluster-count', 'aria-live': 'polite', 'data-cluster': c.code });
    countEls.set(c.code, count);
    return h('fieldset', { class: 'cluster' },
      h('legend', {}, c.label),
      count,
      all.filter((e) => inCluster.get(e.code) === c.code).map(row));
  });

  const groups = GROUPS.map(([g, title, hint]) => {
    const rows = all.filter((e) => e.group === g && !inCluster.has(e.code)).map(row);
    const boxes = g === 'provocation' ? clusterBoxes : [];
    if (!rows.length && !boxes.length) return null;
    return h('section', { class: 'finding-group', 'aria-labelledby': `fg-${g}` },
      h('h3', { id: `fg-${g}` }, title), hint ? h('p', { class: 'muted' }, hint) : null, boxes, rows);
  });

  const el = h('div', { class: 'findings' }, groups);

  function refresh() {
    for (const c of regionClusters) countEls.get(c.code).textContent = clusterStatus(c, findingOf).text;
    for (const [code, note] of notes) {
      const rec = findingOf(code);
      let text = '';
      if (rec && rec.id) {
        text = rec.status === 'entered_in_error'
          ? (rec.saved.status === 'entered_in_error' ? 'entered in error' : `saved (v${rec.version}); will be marked entered in error`)
          : `saved (v${rec.version})${rec.data.result !== rec.saved.result ? '; corrected, not saved yet' : ''}`;
      } else if (rec && rec.data.result) {
        text = 'not saved yet';
      }
      note.textContent = text;
    }
  }
  refresh();
  return { el, refresh };
}
