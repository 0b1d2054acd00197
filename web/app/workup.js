// The work-up of one consultation: what is recorded on the left, the
// differential it gives on the right, updated as the clinician records
// (POST /v1/score, debounced, the previous call cancelled). "Save and
// assess" writes what changed through the API (creations with their
// Idempotency-Keys, corrections with If-Match), then stores an
// assessment; a correction that meets a newer version (412) stops the
// save and shows both versions side by side.
import { api, ApiError, listAll } from './api.js';
import { h, field, options, clear, uuid, announce, debounce, fmtDateTime, fmtPct } from './dom.js';
import { entries, label, REGIONS, SIDES, VERDICTS, generatorLabel } from './vocab.js';
import { buildCase, ageOn } from './casebuild.js';
import { record, isDirty, putBody, canon, FIELDS } from './state.js';
import { bodyMap } from './bodymap.js';
import { findingsSection } from './findings.js';
import { imagingCard } from './imaging.js';
import { blockCard } from './blocks.js';
import { resultView } from './differential.js';
import { showErrors, clearErrors, describe } from './errors.js';

const RESPONSES = [['', '—'], ['none', 'None'], ['partial', 'Partial'], ['good', 'Good'], ['worse', 'Worse']];
const PATHS = { finding: 'findings', imaging: 'imaging', block: 'blocks' };

function nowUtcMinute() {
  return `${new Date().toISOString().slice(0, 16)}:00.000Z`;
}

async function load({ patientId, consultationId, query }) {
  if (consultationId) {
    const c = await api('GET', `/v1/consultations/${consultationId}`);
    const [patient, assessments] = await Promise.all([
      api('GET', `/v1/patients/${c.patient_id}`),
      listAll(`/v1/consultations/${consultationId}/assessments`),
    ]);
    return { patient, consultation: c, assessments };
  }
  const patient = await api('GET', `/v1/patients/${patientId}`);
  const region = REGIONS.some(([r]) => r === query.get('region')) ? query.get('region') : 'lumbar';
  const side = SIDES.some(([s]) => s === query.get('side')) ? query.get('side') : 'right';
  return { patient, consultation: null, assessments: [], region, side };
}

function initialState(loaded) {
  const c = loaded.consultation;
  const cons = c
    ? record('consultation', c)
    : record('consultation', null, {
      region: loaded.region,
      side: loaded.side,
      pain_sites: [],
      pain_sites_absent: [],
      pain_nrs: null,
      symptom_weeks: null,
      prior_care: [],
      candidacy_facts: [],
      occurred_at: nowUtcMinute(),
      notes: null,
    });
  const region = cons.data.region;
  const findings = new Map();
  for (const f of (c ? c.findings : [])) if (f.current) findings.set(f.code, record('finding', f));
  for (const e of entries('finding', region)) {
    if (!findings.has(e.code)) findings.set(e.code, record('finding', null, { code: e.code, result: null, side: null, value: null, notes: null }));
  }
  return {
    patient: loaded.patient,
    cons,
    region,
    findings,
    imaging: (c ? c.imaging : []).map((i) => record('imaging', i)),
    blocks: (c ? c.blocks : []).map((b) => record('block', b)),
    assessments: loaded.assessments,
    saveKey: uuid(),
    more: c ? c.more : null,
  };
}

// The records the save writes and the case weighs: new findings only once
// they have a result.
function findingList(st) {
  return [...st.findings.values()].filter((r) => r.id || r.data.result);
}

function pending(st) {
  const all = [st.cons, ...findingList(st), ...st.imaging, ...st.blocks];
  return all.filter(isDirty);
}

export async function workupView(main, params, app) {
  const st = initialState(await load(params));
  const c = st.cons.data;
  const regionName = REGIONS.find(([r]) => r === st.region)[1];
  let scoreCtl = null;
  let lastResult = null;
  let saving = false;

  // ---- the right column: the live differential --------------------------
  const panelStatus = h('p', { class: 'panel-status', role: 'status' });
  const panelBody = h('div', { class: 'panel-body' });
  const stored = h('div', { class: 'stored' });
  const panel = h('aside', { class: 'panel', 'aria-labelledby': 'panel-title' },
    h('h2', { id: 'panel-title', tabindex: '-1' }, 'Live differential'),
    h('p', { class: 'muted' }, 'From what is on screen, saved or not; it moves as you record.'),
    panelStatus, panelBody, stored);

  function renderStored() {
    clear(stored);
    if (!st.assessments.length) return;
    stored.append(h('h3', {}, 'Stored assessments'),
      h('ul', { class: 'assessments' }, st.assessments.slice().reverse().map((a) => {
        const v = VERDICTS[a.verdict] || { text: a.verdict };
        return h('li', {}, h('a', { href: `#/assessments/${a.id}` }, fmtDateTime(a.created_at)),
          `: ${generatorLabel(a.top_generator)} ${fmtPct(a.top_posterior)}, ${v.text}`);
      })));
  }

  async function score() {
    if (scoreCtl) scoreCtl.abort();
    const kase = buildCase(c, st.patient, findingList(st), st.imaging, st.blocks);
    if (!kase) {
      panelStatus.textContent = 'Enter the date and how many weeks of pain to see the differential.';
      clear(panelBody);
      return;
    }
    // readings still being typed are left out until whole
    for (const b of kase.blocks || []) if (b.readings) b.readings = b.readings.filter((r) => r.minutes !== null && r.nrs !== null);
    const ctl = new AbortController();
    scoreCtl = ctl;
    panel.setAttribute('aria-busy', 'true');
    panelStatus.textContent = 'Updating…';
    try {
      const result = await api('POST', '/v1/score', { body: kase, signal: ctl.signal });
      if (ctl.signal.aborted) return;
      lastResult = result;
      panelBody.replaceChildren(resultView(result, 3));
      const top = result.ranking[0];
      panelStatus.textContent = `Most likely: ${top.label}, ${fmtPct(top.posterior)}.`;
      toPanel.textContent = `Differential: ${fmtPct(top.posterior)} ${top.label}`;
      const live = result.ranking.flatMap((g) => g.contributions.filter((x) => x.kind === 'block'));
      for (const b of st.blocks) if (b.updateReading) b.updateReading(live);
    } catch (e) {
      if (e.name === 'AbortError') return;
      panelStatus.textContent = e instanceof ApiError && e.status === 422
        ? `Not scored yet: ${e.errors.map((x) => `${x.pointer} ${x.detail}`).join('; ')}`
        : `Not scored: ${describe(e)}`;
    } finally {
      if (scoreCtl === ctl) {
        panel.removeAttribute('aria-busy');
        scoreCtl = null;
      }
    }
  }
  const scoreSoon = debounce(score, 350);

  // ---- the save bar ------------------------------------------------------
  const saveStatus = h('p', { class: 'save-status', 'aria-live': 'polite' });
  const saveAlert = h('div', { class: 'form-alert', role: 'alert', id: 'save-alert' });
  const conflictBox = h('div', { class: 'conflicts' });
  const saveButton = h('button', { type: 'button', class: 'primary', onclick: () => save() }, 'Save and assess');
  // narrow screens: the differential is below the form; one tap takes you there
  const toPanel = h('button', {
    type: 'button',
    class: 'to-panel',
    onclick: () => { panel.scrollIntoView(); panel.querySelector('h2').focus(); },
  }, 'Differential');

  function changed() {
    st.saveKey = uuid(); // a new state: a new assessment
    const n = pending(st).length;
    saveStatus.textContent = n ? `${n} unsaved change${n > 1 ? 's' : ''}` : 'Everything is saved.';
    findings.refresh();
    scoreSoon();
  }

  // ---- the left column ----------------------------------------------------
  const nrs = h('input', { type: 'number', min: 0, max: 10, step: 1, inputmode: 'numeric', value: c.pain_nrs ?? '' });
  const weeks = h('input', { type: 'number', min: 0, max: 5200, step: 1, inputmode: 'numeric', value: c.symptom_weeks ?? '' });
  const when = h('input', { type: 'datetime-local', value: c.occurred_at ? c.occurred_at.slice(0, 16) : '' });
  const side = h('select', {}, options(SIDES.filter(([v]) => v !== 'midline' || st.region === 'lumbar')));
  side.value = c.side;
  const notes = h('textarea', { rows: 2, maxlength: 10000 });
  notes.value = c.notes || '';
  const int = (v) => (v === '' ? null : Number(v));
  nrs.addEventListener('input', () => { c.pain_nrs = int(nrs.value); changed(); });
  weeks.addEventListener('input', () => { c.symptom_weeks = int(weeks.value); changed(); });
  when.addEventListener('input', () => { c.occurred_at = when.value ? `${when.value}:00.000Z` : null; changed(); });
  side.addEventListener('change', () => {
    c.side = side.value;
    // findings not saved yet follow the consultation's side
    for (const r of st.findings.values()) if (!r.id) r.data.side = ['left', 'right'].includes(c.side) ? c.side : null;
    changed();
    rebuildMap();
  });
  notes.addEventListener('input', () => { c.notes = notes.value || null; changed(); });
  st.cons.controls = { '/pain_nrs': nrs, '/symptom_weeks': weeks, '/occurred_at': when, '/side': side, '/notes': notes };

  const consultationSection = h('section', { class: 'card', 'aria-labelledby': 's-consult' },
    h('h2', { id: 's-consult' }, 'Consultation'),
    h('div', { class: 'grid3' },
      field('Date and time (UTC)', when).wrap,
      field('Side', side).wrap,
      field('Pain now (0–10)', nrs, { hint: 'Numeric rating scale' }).wrap,
      field('Weeks of pain', weeks).wrap),
    field('Notes', notes).wrap);

  // the body map: a site is felt (pain_sites), not felt (pain_sites_absent) or neither
  const sites = {
    get: (code) => (c.pain_sites.includes(code) ? 'felt' : c.pain_sites_absent.includes(code) ? 'absent' : ''),
    set: (code, state) => {
      c.pain_sites = c.pain_sites.filter((x) => x !== code);
      c.pain_sites_absent = c.pain_sites_absent.filter((x) => x !== code);
      if (state === 'felt') c.pain_sites.push(code);
      if (state === 'absent') c.pain_sites_absent.push(code);
      changed();
    },
  };
  const mapBox = h('div');
  function rebuildMap() {
    mapBox.replaceChildren(bodyMap(st.region, c.side, sites).el);
  }
  rebuildMap();
  const mapSection = h('section', { class: 'card', 'aria-labelledby': 's-map' }, h('h2', { id: 's-map' }, 'Where it hurts'), mapBox);
  st.cons.controls['/pain_sites'] = mapBox;
  st.cons.controls['/pain_sites_absent'] = mapBox;

  function careRow(e) {
    const id = `care-${e.code}`;
    const item = () => c.prior_care.find((p) => p.type === e.code);
    const box = h('input', { type: 'checkbox', id, checked: !!item() });
    const details = h('div', { class: 'care-details' });
    function renderDetails() {
      clear(details);
      const p = item();
      if (!p) return;
      const index = c.prior_care.indexOf(p);
      const w = h('input', { type: 'number', min: 0, max: 5200, step: 1, inputmode: 'numeric', value: p.weeks ?? '' });
      const n = h('input', { type: 'number', min: 0, max: 1000, step: 1, inputmode: 'numeric', value: p.count ?? '' });
      const r = h('select', {}, options(RESPONSES));
      r.value = p.response || '';
      const last = h('input', { type: 'date', value: p.last_on || '' });
      w.addEventListener('input', () => { p.weeks = int(w.value); changed(); });
      n.addEventListener('input', () => { p.count = int(n.value); changed(); });
      r.addEventListener('change', () => { p.response = r.value || null; changed(); });
      last.addEventListener('input', () => { p.last_on = last.value || null; changed(); });
      Object.assign(st.cons.controls, {
        [`/prior_care/${index}/weeks`]: w, [`/prior_care/${index}/count`]: n, [`/prior_care/${index}/response`]: r,
        [`/prior_care/${index}/last_on`]: last, [`/prior_care/${index}`]: box,
      });
      const of = h('span', { class: 'visually-hidden' }, ` (${e.label})`);
      details.append(field(['Weeks', of.cloneNode(true)], w).wrap, field(['Count', of.cloneNode(true)], n).wrap,
        field(['Response', of.cloneNode(true)], r).wrap, field(['Last on', of], last).wrap);
    }
    box.addEventListener('change', () => {
      if (box.checked) c.prior_care.push({ type: e.code });
      else c.prior_care = c.prior_care.filter((p) => p.type !== e.code);
      renderDetails();
      changed();
    });
    renderDetails();
    return h('div', { class: 'care-row' }, h('span', { class: 'check' }, box, h('label', { for: id, title: e.description }, e.label)), details);
  }
  const careSection = h('section', { class: 'card', 'aria-labelledby': 's-care' },
    h('h2', { id: 's-care' }, 'Prior care'),
    h('p', { class: 'muted' }, 'Tick what was tried, with how long or how often and how it helped.'),
    h('div', { class: 'checklist' }, entries('care_type', st.region).map(careRow)));

  const factSelects = [];
  function factRow(e) {
    const id = `fact-${e.code}`;
    const current = () => c.candidacy_facts.find((f) => f.code === e.code);
    const sel = h('select', { id, 'data-fact': e.code }, options([['', 'Not asked'], ['false', 'Absent'], ['true', 'Present']]));
    const f = current();
    sel.value = f ? String(f.present) : '';
    sel.addEventListener('change', () => {
      const rest = c.candidacy_facts.filter((x) => x.code !== e.code);
      const old = current();
      c.candidacy_facts = sel.value === '' ? rest : [...rest, { ...(old || {}), code: e.code, present: sel.value === 'true' }];
      changed();
    });
    factSelects.push(sel);
    return h('div', { class: 'fact-row' }, h('label', { for: id, title: e.description }, e.label), sel);
  }
  const factRows = entries('candidacy_fact', st.region).map(factRow);
  const allAbsent = h('button', {
    type: 'button',
    class: 'small',
    onclick: () => {
      for (const sel of factSelects) if (sel.value === '') { sel.value = 'false'; sel.dispatchEvent(new Event('change')); }
      announce('Every fact not asked is now recorded as absent');
    },
  }, 'Record the rest as absent');
  const factSection = h('section', { class: 'card', 'aria-labelledby': 's-facts' },
    h('h2', { id: 's-facts' }, 'Candidacy'),
    h('p', { class: 'muted' }, 'Contraindications, red flags and modifiers: absent means checked and not found.'),
    h('div', { class: 'checklist' }, factRows), h('div', { class: 'actions' }, allAbsent));

  function findingsChoose(code, value) {
    const rec = st.findings.get(code);
    if (value === '') {
      if (rec.id) rec.status = 'entered_in_error';
      else rec.data.result = null;
    } else {
      rec.status = 'active';
      rec.data.result = value;
      if (!rec.id) rec.data.side = ['left', 'right'].includes(c.side) ? c.side : null;
    }
    changed();
  }
  const findings = findingsSection(st.region, (code) => st.findings.get(code), findingsChoose);
  const findingSection = h('section', { class: 'card', 'aria-labelledby': 's-findings' },
    h('h2', { id: 's-findings' }, 'Findings'), findings.el);

  // imaging and blocks: rebuilt whole on a structural change (a row added)
  const imagingList = h('div', { class: 'records' });
  const blockList = h('div', { class: 'records' });
  function recCtx(list, index, rebuildFn) {
    return {
      region: st.region,
      index,
      blocks: st.blocks,
      live: lastResult ? lastResult.ranking.flatMap((g) => g.contributions.filter((x) => x.kind === 'block')) : null,
      changed,
      rebuild: (focusId) => { rebuildFn(); changed(); if (focusId) document.getElementById(focusId)?.focus(); },
      remove: (rec) => { list.splice(list.indexOf(rec), 1); rebuildFn(); changed(); },
    };
  }
  function rebuildImaging() {
    imagingList.replaceChildren(...st.imaging.map((r, i) => imagingCard(r, recCtx(st.imaging, i, rebuildImaging))));
  }
  function rebuildBlocks() {
    blockList.replaceChildren(...st.blocks.map((r, i) => blockCard(r, recCtx(st.blocks, i, rebuildBlocks))));
  }
  rebuildImaging();
  rebuildBlocks();
  const imagingSection = h('section', { class: 'card', 'aria-labelledby': 's-imaging' },
    h('h2', { id: 's-imaging' }, 'Imaging'), imagingList,
    h('button', {
      type: 'button',
      onclick: () => {
        st.imaging.push(record('imaging', null, { modality: '', performed_on: '', findings: [{ code: '' }], report: null }));
        rebuildImaging();
        changed();
        imagingList.lastElementChild.querySelector('select').focus();
      },
    }, 'Add an imaging study'));
  const blockSection = h('section', { class: 'card', 'aria-labelledby': 's-blocks' },
    h('h2', { id: 's-blocks' }, 'Diagnostic blocks'), blockList,
    h('button', {
      type: 'button',
      onclick: () => {
        st.blocks.push(record('block', null, {
          target: null, level: null, side: ['left', 'right'].includes(c.side) ? c.side : null, agent: null, volume_ml: null,
          performed_at: null, baseline_nrs: null, readings: [{ minutes: null, nrs: null }], comparative_of: null,
          concordant: null, control_level: null, control_painful: null, notes: null,
        }));
        rebuildBlocks();
        changed();
        blockList.lastElementChild.querySelector('select').focus();
      },
    }, 'Add a block'));

  // ---- saving ---------------------------------------------------------------
  async function write(rec) {
    const cid = st.cons.id;
    let saved;
    if (rec.kind === 'consultation') {
      saved = rec.id
        ? await api('PUT', `/v1/consultations/${rec.id}`, { body: putBody(rec), ifMatch: `"${rec.version}"` })
        : await api('POST', `/v1/patients/${st.patient.id}/consultations`, { body: canon(rec.data), key: rec.key });
    } else if (rec.id) {
      saved = await api('PUT', `/v1/${PATHS[rec.kind]}/${rec.id}`, { body: putBody(rec), ifMatch: `"${rec.version}"` });
    } else {
      const body = canon(rec.data);
      if (rec.kind === 'block' && body.comparative_of) {
        // a pair's first block, new too, was created just before: its id now
        const first = st.blocks.find((b) => b.local === body.comparative_of);
        if (first) body.comparative_of = first.id;
      }
      saved = await api('POST', `/v1/consultations/${cid}/${PATHS[rec.kind]}`, { body, key: rec.key });
    }
    rec.id = saved.id;
    rec.version = saved.version;
    rec.status = saved.status;
    rec.saved = saved;
    if (rec.kind === 'block') {
      // later blocks of the pair name it by its id from now on
      for (const b of st.blocks) if (b.data.comparative_of === rec.local) b.data.comparative_of = saved.id;
      rec.data.comparative_of = saved.comparative_of ?? null;
    }
  }

  function clearAllErrors() {
    saveAlert.textContent = '';
    for (const r of [st.cons, ...findingList(st), ...st.imaging, ...st.blocks]) clearErrors(r.controls);
    for (const el of document.querySelectorAll('.finding .field-error')) el.textContent = '';
  }

  async function save() {
    if (saving) return; // a double click saves once
    saving = true;
    saveButton.disabled = true;
    saveButton.textContent = 'Saving…';
    clearAllErrors();
    clear(conflictBox);
    const todo = pending(st);
    let rec = null;
    try {
      // the consultation first: the records need its id
      for (rec of todo.sort((a, b) => (a.kind === 'consultation' ? -1 : 0) - (b.kind === 'consultation' ? -1 : 0))) await write(rec);
      rec = null;
      const assessment = await api('POST', `/v1/consultations/${st.cons.id}/assessments`, { body: {}, key: st.saveKey });
      announce('Saved and assessed');
      app.leaveGuard = null;
      app.go(`#/consultations/${st.cons.id}`);
      return assessment;
    } catch (e) {
      if (rec && e instanceof ApiError && e.status === 412) await conflict(rec);
      else if (rec && rec.kind === 'finding' && e instanceof ApiError && e.status === 422) findingError(rec, e);
      else showErrors(e, rec ? rec.controls : {}, saveAlert);
      const n = pending(st).length;
      saveStatus.textContent = `${n} unsaved change${n === 1 ? '' : 's'}: nothing after the error was saved.`;
    } finally {
      saving = false;
      saveButton.disabled = false;
      saveButton.textContent = 'Save and assess';
    }
    return null;
  }

  function findingError(rec, e) {
    const el = document.getElementById(`finding-${rec.data.code}-error`);
    if (el) el.textContent = e.errors.map((x) => x.detail).join('; ');
    saveAlert.textContent = `${label('finding', rec.data.code)}: ${e.errors.map((x) => `${x.pointer} ${x.detail}`).join('; ')}`;
    document.querySelector(`input[name="finding-${rec.data.code}"]:checked`)?.focus();
  }

  // A correction met a newer version: show both; the clinician keeps one.
  async function conflict(rec) {
    const path = rec.kind === 'consultation' ? `/v1/consultations/${rec.id}` : `/v1/${PATHS[rec.kind]}/${rec.id}`;
    const theirs = await api('GET', path);
    const mine = rec.data;
    const saved = FIELDS[rec.kind](theirs);
    const keys = [...new Set([...Object.keys(canon(mine)), ...Object.keys(canon(saved))])].sort();
    const show = (v) => (v === undefined || v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    const what = rec.kind === 'finding' ? `the finding "${label('finding', rec.data.code)}"` : `this ${rec.kind}`;
    const box = h('section', { class: 'conflict card', role: 'alert', 'aria-labelledby': 'conflict-title' },
      h('h2', { id: 'conflict-title' }, `Someone else changed ${what} since you opened it`),
      h('p', {}, `Version ${theirs.version} was saved ${fmtDateTime(theirs.updated_at)}; you were correcting version ${rec.version}. Nothing of yours was lost: choose which to keep.`),
      h('table', { class: 'versions' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Your version'), h('th', { scope: 'col' }, `Saved version ${theirs.version}`))),
        h('tbody', {}, keys.map((k) => {
          const a = show(canon(mine)[k]);
          const b = show(canon(saved)[k]);
          return h('tr', { class: a === b ? '' : 'differs' }, h('th', { scope: 'row' }, k), h('td', {}, a), h('td', {}, b));
        }))),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'primary',
          onclick: () => { rec.saved = theirs; rec.version = theirs.version; clear(conflictBox); changed(); saveButton.focus(); announce('Your version will be saved over it: press Save and assess'); },
        }, 'Keep mine (save it over theirs)'),
        h('button', {
          type: 'button',
          onclick: () => { rec.saved = theirs; rec.version = theirs.version; rec.status = theirs.status; rec.data = saved; clear(conflictBox); rebuildAll(); changed(); saveButton.focus(); announce('The saved version is shown'); },
        }, `Use the saved version ${theirs.version}`)));
    conflictBox.replaceChildren(box);
    box.querySelector('button').focus();
  }

  const left = h('div', { class: 'form-col' });
  function rebuildAll() {
    // a whole record replaced (a conflict settled): draw the form again
    const f2 = findingsSection(st.region, (code) => st.findings.get(code), findingsChoose);
    findingSection.replaceChild(f2.el, findingSection.lastChild);
    findings.refresh = f2.refresh;
    nrs.value = c.pain_nrs ?? '';
    weeks.value = c.symptom_weeks ?? '';
    rebuildMap();
    rebuildImaging();
    rebuildBlocks();
  }
  async function voidConsultation() {
    // eslint-disable-next-line no-alert
    if (!window.confirm('Mark this whole consultation as entered in error? It stays readable but can no longer be assessed.')) return;
    try {
      await api('PUT', `/v1/consultations/${st.cons.id}`, { body: { ...putBody(st.cons), status: 'entered_in_error' }, ifMatch: `"${st.cons.version}"` });
      app.leaveGuard = null;
      app.go(`#/patients/${st.patient.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) await conflict(st.cons);
      else showErrors(e, {}, saveAlert);
    }
  }

  const voided = st.cons.saved && st.cons.saved.status === 'entered_in_error';
  left.append(consultationSection, mapSection, careSection, factSection, findingSection, imagingSection, blockSection);
  const title = `${regionName}, ${c.side}: patient ${st.patient.external_id}`;
  main.append(...[
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: `#/patients/${st.patient.id}` }, `Patient ${st.patient.external_id}`), ' › Work-up'),
    h('h1', {}, title),
    h('p', { class: 'muted' }, `Born ${st.patient.birth_date}, ${st.patient.sex}; ${ageOn(st.patient.birth_date, c.occurred_at || nowUtcMinute())} years at the consultation.`,
      st.cons.id ? ` Consultation saved (v${st.cons.version}).` : ' New consultation, not saved yet.'),
    st.cons.id ? h('div', { class: 'actions head-actions' },
      lastAssessmentLink(),
      voided ? null : h('button', { type: 'button', class: 'link', onclick: voidConsultation }, 'Mark the consultation entered in error')) : null,
    voided ? h('div', { class: 'banner stop', role: 'note' }, 'This consultation was entered in error: it can be read but not assessed.') : null,
    st.more && (st.more.findings || st.more.imaging || st.more.blocks) ? h('p', { class: 'banner wait' }, 'This consultation holds more than 200 records of a kind: only the first 200 are shown.') : null,
    conflictBox,
    h('div', { class: 'workup' }, left, panel),
    h('div', { class: 'savebar' },
      saveStatus,
      saveAlert,
      h('div', { class: 'actions' }, toPanel, saveButton)),
  ].filter(Boolean));

  function lastAssessmentLink() {
    const a = st.assessments[st.assessments.length - 1];
    return a ? h('a', { href: `#/assessments/${a.id}` }, 'Report of the latest assessment (printable)') : null;
  }

  app.leaveGuard = (quiet) => {
    if (!pending(st).length) return true;
    if (quiet) return false;
    // eslint-disable-next-line no-alert
    return window.confirm('Leave the work-up? The unsaved changes will be lost.');
  };
  renderStored();
  changed();
  score();
}
