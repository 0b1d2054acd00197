// A stored assessment, as it was made (it never changes), and its
// one-page printed report: the patient's identifier, region and side, the
// differential, the target, the verdict and its reasons, the model
// version and the date. The print stylesheet (app.css, @media print)
// drops the page frame, the buttons and the "why" panels.
import { api } from './api.js';
import { h, fmtDateTime } from './dom.js';
import { REGIONS } from './vocab.js';
import { resultView } from './differential.js';

export async function assessmentView(main, m) {
  const a = await api('GET', `/v1/assessments/${m[1]}`);
  const c = await api('GET', `/v1/consultations/${a.consultation_id}`);
  const p = await api('GET', `/v1/patients/${c.patient_id}`);
  const r = a.result;
  const region = REGIONS.find(([x]) => x === r.region);
  main.append(
    h('nav', { class: 'crumbs no-print', 'aria-label': 'Breadcrumb' },
      h('a', { href: `#/patients/${p.id}` }, `Patient ${p.external_id}`), ' › ',
      h('a', { href: `#/consultations/${c.id}` }, 'Work-up'), ' › Assessment'),
    h('article', { class: 'report', 'aria-labelledby': 'report-title' },
      h('header', { class: 'report-head' },
        h('h1', { id: 'report-title' }, 'Pain generator assessment'),
        h('dl', { class: 'facts' },
          h('div', {}, h('dt', {}, 'Patient'), h('dd', { 'data-field': 'patient' }, p.external_id)),
          h('div', {}, h('dt', {}, 'Region and side'), h('dd', { 'data-field': 'region' }, `${region ? region[1] : r.region}, ${r.side || c.side}`)),
          h('div', {}, h('dt', {}, 'Consultation'), h('dd', {}, fmtDateTime(c.occurred_at))),
          h('div', {}, h('dt', {}, 'Assessed'), h('dd', { 'data-field': 'date' }, fmtDateTime(a.created_at))),
          h('div', {}, h('dt', {}, 'Model'), h('dd', { 'data-field': 'model' }, a.model_version)))),
      resultView(r, 2),
      h('p', { class: 'fineprint' },
        `Clinical decision support: every figure carries its source (GET /v1/model). Assessment ${a.id}, inputs SHA-256 ${a.inputs_sha256.slice(0, 16)}…, read from ${a.based_on.length} record${a.based_on.length === 1 ? '' : 's'} at the versions then current.`)),
    h('div', { class: 'actions no-print' },
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, 'Print'),
      h('a', { href: `#/consultations/${c.id}`, class: 'button-link' }, 'Back to the work-up')));
}
