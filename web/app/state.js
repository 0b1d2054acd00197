// The work-up on screen: the consultation and the records under it, each
// as it was saved (saved, null for a new one) and as it is now (data). A
// record's writable fields are those of openapi.yaml's *Fields schemas;
// "dirty" compares them in one canonical form.
import { uid, uuid } from './dom.js';

function utc(ts) {
  if (!ts) return ts;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ts : new Date(t).toISOString();
}

export function consultationFields(c) {
  return {
    region: c.region,
    side: c.side,
    pain_sites: [...(c.pain_sites || [])],
    pain_sites_absent: [...(c.pain_sites_absent || [])],
    pain_nrs: c.pain_nrs,
    symptom_weeks: c.symptom_weeks,
    prior_care: (c.prior_care || []).map((p) => ({ ...p })),
    candidacy_facts: (c.candidacy_facts || []).map((f) => ({ ...f })),
    occurred_at: utc(c.occurred_at),
    notes: c.notes ?? null,
  };
}

export function findingFields(f) {
  return { code: f.code, result: f.result, side: f.side ?? null, value: f.value ?? null, notes: f.notes ?? null };
}

export function imagingFields(i) {
  return {
    modality: i.modality,
    performed_on: i.performed_on,
    findings: (i.findings || []).map((e) => ({ ...e })),
    report: i.report ?? null,
  };
}

const BLOCK_KEYS = ['target', 'level', 'side', 'agent', 'volume_ml', 'performed_at', 'baseline_nrs', 'readings',
  'comparative_of', 'concordant', 'control_level', 'control_painful', 'notes'];

export function blockFields(b) {
  const out = {};
  for (const k of BLOCK_KEYS) out[k] = b[k] ?? null;
  out.readings = (b.readings || []).map((r) => ({ ...r }));
  out.performed_at = utc(b.performed_at);
  return out;
}

export const FIELDS = { consultation: consultationFields, finding: findingFields, imaging: imagingFields, block: blockFields };

// Drops null, undefined and '' members and sorts the keys: the form in
// which two versions are compared.
export function canon(v) {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      const x = v[k];
      if (x === null || x === undefined || x === '') continue;
      out[k] = canon(x);
    }
    return out;
  }
  return v;
}

export function same(a, b) {
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

// A record on screen. saved: the server's representation, or null.
export function record(kind, saved, data) {
  return {
    kind,
    local: uid(kind),
    id: saved ? saved.id : null,
    version: saved ? saved.version : null,
    status: saved ? saved.status : 'active',
    saved,
    data: data || FIELDS[kind](saved),
    key: uuid(), // its Idempotency-Key: a retried or doubled create records once
    controls: {}, // JSON pointer → control, for the service's 422s
  };
}

export function isDirty(rec) {
  if (!rec.id) return true;
  return rec.status !== rec.saved.status || !same(rec.data, FIELDS[rec.kind](rec.saved));
}

// What a PUT sends: the whole record as on creation, and its status.
export function putBody(rec) {
  return { ...canon(rec.data), status: rec.status };
}
