// How right the model has been for this clinic (GET /v1/calibration): the
// probable source against the diagnostic blocks recorded after each
// assessment, with who was never verified said, not hidden; and the
// reliability diagram the service draws (Accept: image/svg+xml, shown as an
// image, so nothing in it runs). For the clinic's admins and clinicians.
import { api, query } from './api.js';
import { h, field, options, fmtNum } from './dom.js';
import { REGIONS } from './vocab.js';

// an estimate with its 95% interval, or why there is none
function fit(f) {
  if (f.estimate === null) return `none (${f.unavailable})`;
  return `${fmtNum(f.estimate)} (95% CI ${fmtNum(f.ci[0])} to ${fmtNum(f.ci[1])})`;
}

function measures(o) {
  const rows = [
    ['Assessments verified by a later block', String(o.n)],
    ['Sources confirmed', String(o.events)],
    ['Mean predicted probability', fmtNum(o.mean_predicted)],
    ['Observed share confirmed', fmtNum(o.observed)],
    ['Calibration-in-the-large (0 is ideal)', fmtNum(o.calibration_in_the_large)],
    ['Calibration intercept (0 is ideal)', fit(o.intercept)],
    ['Calibration slope (1 is ideal)', fit(o.slope)],
    ['Brier score (0 is best)', fmtNum(o.brier, 3)],
  ];
  return h('table', { class: 'measures' },
    h('caption', {}, 'The probable source against the blocks, all sources together'),
    h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)))));
}

export async function calibrationView(main, m, app) {
  const params = new URLSearchParams(m[1] || '');
  const region = params.get('region') || '';
  const path = `/v1/calibration${query({ region })}`;
  const report = await api('GET', path);
  const v = report.diagnosis.verification;
  const select = h('select', {
    name: 'region',
    value: region,
    onchange: () => app.go(`#/calibration${select.value ? `?region=${select.value}` : ''}`),
  }, options([['', 'All regions'], ...REGIONS]));
  main.append(
    h('h1', {}, 'How right the model has been'),
    h('section', { class: 'card', 'aria-label': 'Which assessments' },
      field('Region', select).wrap,
      h('p', { class: 'muted' }, `Model now: ${report.model_version_now}. Reference standard: ${report.diagnosis.reference_standard}.`)),
    h('section', { class: 'card', 'aria-labelledby': 'verified-title' },
      h('h2', { id: 'verified-title' }, 'Who was verified'),
      h('p', { class: 'verification' },
        `${v.assessments} consultation${v.assessments === 1 ? '' : 's'} assessed: ${v.verified} verified by a later block, `
        + `${v.never_verified} never verified, ${v.indeterminate_only} with indeterminate blocks only. `
        + `Mean probability of the probable source: ${fmtNum(v.mean_predicted_verified)} among the verified, `
        + `${fmtNum(v.mean_predicted_never_verified)} among the never verified.`),
      h('p', { class: 'muted' }, v.note)),
    h('section', { class: 'card', 'aria-labelledby': 'calibration-title' },
      h('h2', { id: 'calibration-title' }, 'Calibration'),
      measures(report.diagnosis.overall),
      h('figure', { class: 'reliability' },
        h('img', {
          src: path,
          alt: 'Reliability diagram: the share of probable sources a block confirmed, against the predicted probability, in ten bins with 95% intervals and their counts; the diagonal is perfect calibration.',
        }),
        h('figcaption', {}, 'Reliability diagram (Van Calster et al., BMC Med 2019): points on the diagonal are perfectly calibrated; below it, the model was too sure.'))),
  );
}
