// The vocabulary (GET /v1/vocabulary) and the model's evidence
// (GET /v1/model), loaded once after sign-in: every code, label, group,
// cluster and block threshold the forms show comes from them.
import { api } from './api.js';

let items = [];
let model = null;
const byKey = new Map();

export async function loadReference() {
  if (model) return;
  const [v, m] = await Promise.all([api('GET', '/v1/vocabulary'), api('GET', '/v1/model')]);
  items = v.items;
  model = m;
  for (const e of items) byKey.set(`${e.kind}:${e.code}`, e);
}

export function modelVersion() {
  return model ? model.model_version : '';
}

export function entries(kind, region) {
  return items.filter((e) => e.kind === kind && (!region || e.regions.includes(region)));
}

export function entry(kind, code) {
  return byKey.get(`${kind}:${code}`) || null;
}

export function label(kind, code) {
  const e = entry(kind, code);
  return e ? e.label : code;
}

// A contribution's or a next step's code, by its kind, as a clinician reads it.
export function labelOf(kind, code) {
  switch (kind) {
    case 'finding': return label('finding', code);
    case 'imaging': return label('imaging_finding', code);
    case 'block': return label('block_target', code);
    case 'site': return label('pain_site', code);
    case 'cluster': {
      const c = model && model.clusters.find((x) => x.code === code);
      return c ? c.label : code;
    }
    default: return code;
  }
}

export function generatorLabel(code) {
  const g = model && model.generators.find((x) => x.code === code);
  return g ? g.label : code;
}

export function generators(region) {
  return model ? model.generators.filter((g) => g.region === region) : [];
}

// The published clusters whose source belongs to the region.
export function clusters(region) {
  if (!model) return [];
  const inRegion = new Set(generators(region).map((g) => g.code));
  return model.clusters.filter((c) => inRegion.has(c.generator));
}

// A block target's relief threshold (percent), or null when the model has
// no relief criterion for it (provocation discography).
export function blockThreshold(target) {
  const b = model && model.blocks.find((x) => x.target === target);
  return b && b.relief_pct ? b.relief_pct : null;
}

export const REGIONS = [['lumbar', 'Lumbar spine'], ['knee', 'Knee'], ['shoulder', 'Shoulder']];
export const SIDES = [['left', 'Left'], ['right', 'Right'], ['bilateral', 'Both sides'], ['midline', 'Midline']];
export const LEVELS = ['L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1', 'L5-L6', 'L6-S1', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'S1'];

export const VERDICTS = {
  contraindicated: { text: 'Contraindicated', icon: '⛔', tone: 'stop' },
  refer_for_surgical_evaluation: { text: 'Refer for surgical evaluation', icon: '↗', tone: 'stop' },
  defer: { text: 'Defer: stabilise first', icon: '⏸', tone: 'wait' },
  conventional_care_first: { text: 'Conventional care first', icon: '↺', tone: 'wait' },
  needs_work_up: { text: 'Needs further work-up', icon: '?', tone: 'wait' },
  candidate: { text: 'Candidate for targeted treatment', icon: '✓', tone: 'go' },
};

export const TIERS = { prp: 'PRP', cell_based: 'Cell-based (bone marrow or adipose)' };
