// The case POST /v1/score is sent while the clinician records: built from
// the work-up on screen by the rules the service uses when it assesses
// the stored records (service/store/assessments.c), so that the live
// differential is the one the saved assessment will give. Pure: data in,
// data out.

const SAME_SIDE = ['bilateral', 'midline'];

// Age in whole years on the day of isoDate (UTC), as PostgreSQL's age().
export function ageOn(birthDate, isoDate) {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return y - by - ((m < bm || (m === bm && d < bd)) ? 1 : 0);
}

// date - 1 month, as PostgreSQL computes it: the same day of the previous
// month, or its last day when it has no such day.
export function monthBefore(isoDate) {
  let [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  m -= 1;
  if (m === 0) {
    m = 12;
    y -= 1;
  }
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  d = Math.min(d, last);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function strip(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== '') out[k] = v;
  return out;
}

// Whether a record of side `side` enters the case of a consultation of
// side cside (one-sided consultations leave out the other side).
function sideFits(cside, side, extra = []) {
  if (cside !== 'left' && cside !== 'right') return true;
  const s = side || cside;
  return s === cside || SAME_SIDE.includes(s) || extra.includes(s);
}

// c: the consultation's fields; patient: {birth_date}; findings, imaging,
// blocks: the records on screen, each {id, local, status, data}. Returns
// the ScoreCase, or null while the consultation lacks what the case needs.
export function buildCase(c, patient, findings, imaging, blocks) {
  if (!c.occurred_at || c.symptom_weeks === null || c.symptom_weeks === undefined || c.symptom_weeks === '') return null;
  const occurredDate = c.occurred_at.slice(0, 10);
  const active = (r) => r.status !== 'entered_in_error';
  const cside = c.side;

  const f = findings
    .filter((r) => active(r) && r.data.result && sideFits(cside, r.data.side))
    .map((r) => strip({ code: r.data.code, result: r.data.result, side: r.data.side }));

  const img = [];
  for (const r of imaging.filter(active)) {
    for (const e of r.data.findings) {
      if (!e.code || !sideFits(cside, e.side, ['central'])) continue;
      img.push(strip({ code: e.code, grade: e.grade, level: e.level, side: e.side }));
    }
  }

  const inCase = blocks.filter((r) => active(r) && r.data.target && sideFits(cside, r.data.side));
  const idOf = (r) => r.id || r.local;
  const b = inCase.map((r) => {
    const first = r.data.comparative_of ? inCase.find((x) => idOf(x) === r.data.comparative_of || x.local === r.data.comparative_of) : null;
    return strip({
      id: idOf(r),
      target: r.data.target,
      agent: r.data.agent,
      level: r.data.level,
      side: r.data.side,
      baseline_nrs: r.data.baseline_nrs,
      readings: r.data.readings && r.data.readings.length ? r.data.readings : null,
      comparative_of: first ? idOf(first) : null,
      concordant: r.data.concordant,
      control_painful: r.data.control_painful,
    });
  });

  const facts = (c.candidacy_facts || []).map((x) => ({ code: x.code, present: x.present }));
  // a corticosteroid injection in prior care within a month is that fact
  const since = monthBefore(occurredDate);
  if ((c.prior_care || []).some((p) => p.type === 'corticosteroid_injection' && p.last_on && p.last_on >= since)) {
    facts.push({ code: 'steroid_injection_at_site_1_month', present: true });
  }

  return strip({
    region: c.region,
    age: ageOn(patient.birth_date, occurredDate),
    side: cside,
    pain_sites: [
      ...(c.pain_sites || []).map((code) => ({ code, present: true })),
      ...(c.pain_sites_absent || []).map((code) => ({ code, present: false })),
    ],
    symptom_weeks: Number(c.symptom_weeks),
    findings: f,
    imaging: img,
    blocks: b,
    candidacy_facts: facts,
    prior_care: (c.prior_care || []).map((p) => strip({ type: p.type, weeks: p.weeks })),
  });
}
