// Finding a patient by the EHR's identifier or registering one, and a
// patient's page: their consultations with the assessments of each, and
// the start of a new consultation.
import { api, query, listAll } from './api.js';
import { h, field, options, setFieldError, uuid, fmtDate, fmtDateTime, fmtPct } from './dom.js';
import { REGIONS, SIDES, VERDICTS, generatorLabel } from './vocab.js';
import { showErrors } from './errors.js';
import { ageOn } from './casebuild.js';

function today() {
  return new Date().toISOString().slice(0, 10);
}

export async function findPatientView(main, _m, app) {
  const ext = h('input', { type: 'text', name: 'external_id', autocomplete: 'off', required: true, maxlength: 128 });
  const result = h('div', { class: 'find-result', 'aria-live': 'polite' });
  const findForm = h('form', {
    class: 'inline-form',
    onsubmit: async (ev) => {
      ev.preventDefault();
      result.replaceChildren();
      const id = ext.value.trim();
      if (!id) {
        setFieldError(ext, 'Enter the patient identifier (e.g. the MRN).');
        ext.focus();
        return;
      }
      setFieldError(ext, null);
      const page = await api('GET', `/v1/patients${query({ external_id: id })}`);
      if (page.items.length) {
        app.go(`#/patients/${page.items[0].id}`);
        return;
      }
      result.append(createPatientForm(id, app));
      result.querySelector('input[name="birth_date"]').focus();
    },
  }, field('Patient identifier (MRN)', ext).wrap, h('button', { type: 'submit', class: 'primary' }, 'Find'));

  main.append(
    h('h1', {}, 'Find a patient'),
    h('section', { class: 'card', 'aria-label': 'Find a patient by identifier' },
      h('p', { class: 'muted' }, 'Search by the identifier your EHR gives the patient. If nobody has it yet, you can register the patient here.'),
      findForm, result),
  );
  ext.focus();
}

function createPatientForm(externalId, app) {
  const key = uuid(); // one patient, however often the button is pressed
  const ext = h('input', { type: 'text', name: 'external_id', value: externalId, maxlength: 128 });
  const birth = h('input', { type: 'date', name: 'birth_date', max: today(), min: '1900-01-01' });
  const sex = h('select', { name: 'sex', value: '' },
    h('option', { value: '' }, 'Choose…'),
    options([['female', 'Female'], ['male', 'Male'], ['other', 'Other'], ['unknown', 'Unknown']]));
  const alert = h('p', { class: 'form-alert', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Register the patient');
  const controls = { '/external_id': ext, '/birth_date': birth, '/sex': sex };
  return h('form', {
    class: 'card sub',
    'aria-labelledby': 'new-patient-title',
    onsubmit: async (ev) => {
      ev.preventDefault();
      button.disabled = true;
      try {
        const p = await api('POST', '/v1/patients', {
          key,
          body: { external_id: ext.value.trim(), birth_date: birth.value, sex: sex.value },
        });
        app.go(`#/patients/${p.id}`);
      } catch (e) {
        showErrors(e, controls, alert);
      } finally {
        button.disabled = false;
      }
    },
  },
  h('h2', { id: 'new-patient-title' }, 'No patient has this identifier'),
  h('p', {}, 'Register them:'),
  h('div', { class: 'grid3' }, field('Identifier', ext).wrap, field('Date of birth', birth).wrap, field('Sex', sex).wrap),
  alert,
  h('div', { class: 'actions' }, button));
}

function verdictChip(verdict) {
  const v = VERDICTS[verdict] || { text: verdict, icon: '', tone: 'wait' };
  return h('span', { class: `chip ${v.tone}` }, h('span', { 'aria-hidden': 'true' }, v.icon), ` ${v.text}`);
}

export async function patientView(main, m, app) {
  const patient = await api('GET', `/v1/patients/${m[1]}`);
  const consultations = await listAll(`/v1/patients/${patient.id}/consultations`);
  const assessments = await Promise.all(consultations.map((c) => listAll(`/v1/consultations/${c.id}/assessments`)));

  const region = h('select', { name: 'region' }, options(REGIONS, 'lumbar'));
  const side = h('select', { name: 'side' }, options(SIDES, 'right'));
  const start = h('form', {
    class: 'inline-form',
    onsubmit: (ev) => {
      ev.preventDefault();
      app.go(`#/patients/${patient.id}/new?region=${region.value}&side=${side.value}`);
    },
  }, field('Region', region).wrap, field('Side', side).wrap, h('button', { type: 'submit', class: 'primary' }, 'Start a consultation'));

  const list = consultations.length
    ? h('ol', { class: 'consultations' }, consultations.slice().reverse().map((c) => {
      const i = consultations.indexOf(c);
      const as = assessments[i];
      return h('li', { class: c.status === 'entered_in_error' ? 'void' : '' },
        h('div', { class: 'row' },
          h('a', { href: `#/consultations/${c.id}` },
            `${REGIONS.find((r) => r[0] === c.region)[1]}, ${c.side}, ${fmtDate(c.occurred_at)}`),
          c.status === 'entered_in_error' ? h('span', { class: 'chip' }, 'entered in error') : null,
          h('span', { class: 'muted' }, ` pain ${c.pain_nrs}/10 for ${c.symptom_weeks} weeks`)),
        as.length
          ? h('ul', { class: 'assessments', 'aria-label': 'Assessments' }, as.slice().reverse().map((a) => h('li', {},
            h('a', { href: `#/assessments/${a.id}` }, `Assessment of ${fmtDateTime(a.created_at)}`),
            ': ', generatorLabel(a.top_generator), ` ${fmtPct(a.top_posterior)} `, verdictChip(a.verdict),
            h('span', { class: 'muted' }, ` model ${a.model_version}`))))
          : h('p', { class: 'muted' }, 'Not assessed yet.'));
    }))
    : h('p', { class: 'muted' }, 'No consultation yet.');

  main.append(
    h('h1', {}, `Patient ${patient.external_id}`),
    h('p', { class: 'muted' }, `Born ${patient.birth_date} (${ageOn(patient.birth_date, today())} years), ${patient.sex}`),
    h('section', { class: 'card', 'aria-labelledby': 'start-title' }, h('h2', { id: 'start-title' }, 'New consultation'), start),
    h('section', { class: 'card', 'aria-labelledby': 'past-title' }, h('h2', { id: 'past-title' }, 'Consultations and assessments'), list),
  );
}

