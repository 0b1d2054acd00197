// A scored case as a clinician reads it (POST /v1/score's answer, or a
// stored assessment's result): the candidacy verdict with its reasons,
// the differential as ranked bars with the strength of each source's own
// evidence, a "why" for each source from its prior through every factor
// (likelihood ratio, source, weighed or not and why) to its probability,
// the treatment target and the next best step.
import { h, fmtPct, fmtNum } from './dom.js';
import { VERDICTS, TIERS, labelOf, generatorLabel } from './vocab.js';

const QUALITY = {
  pooled: 'pooled studies',
  study: 'one study',
  second_hand: 'reported second-hand',
  calculated: 'calculated from sensitivity and specificity',
  convention: 'a stated convention, no published figure',
};

function sourceLine(src) {
  if (!src) return null;
  return h('span', { class: 'source' }, `${src.citation} (${QUALITY[src.quality] || src.quality})`);
}

export function verdictBanner(candidacy) {
  const v = VERDICTS[candidacy.verdict] || { text: candidacy.verdict, icon: '', tone: 'wait' };
  return h('div', { class: `banner ${v.tone}`, 'data-verdict': candidacy.verdict },
    h('p', { class: 'verdict' }, h('span', { class: 'icon', 'aria-hidden': 'true' }, v.icon), ' ',
      h('strong', {}, 'Verdict: '), h('span', { class: 'verdict-text' }, v.text)),
    candidacy.reasons.length
      ? h('ul', { class: 'reasons' }, candidacy.reasons.map((r) => h('li', { 'data-reason': r.code },
        h('strong', {}, `${(VERDICTS[r.verdict] || { text: r.verdict }).text}: `), r.detail,
        r.convention ? h('em', {}, ' (a stated clinical convention)') : null,
        h('span', { class: 'source' }, ` — ${r.source}`))))
      : h('p', { class: 'reasons' }, 'No reason holds the case back.'));
}

function weightOf(g) {
  return g.contributions.filter((c) => c.applied).reduce((w, c) => w * c.factor, g.prior);
}

function whyPanel(g, total) {
  const weight = weightOf(g);
  const steps = [
    h('li', { class: 'prior' }, h('strong', {}, `Prior ${fmtNum(g.prior, 3)}`), ` (${g.prior_basis}). `, sourceLine(g.prior_source)),
    ...g.contributions.map((c) => h('li', { class: c.applied ? 'applied' : 'shown' },
      h('span', { class: 'factor' }, c.applied ? `× ${fmtNum(c.factor, 3)}` : '× 1'), ' ',
      h('strong', {}, labelOf(c.kind, c.code)), `: ${c.result}. `,
      c.applied ? h('span', { class: 'tag' }, 'weighed') : h('span', { class: 'tag muted' }, 'not weighed'),
      ` LR ${fmtNum(c.lr, 2)}`,
      c.detail ? `; ${c.detail}` : '', '. ',
      sourceLine(c.source))),
    h('li', { class: 'result' }, h('strong', {}, `= weight ${fmtNum(weight, 3)}`),
      `; ${fmtNum(weight, 3)} / ${fmtNum(total, 3)} (all sources' weights) = `, h('strong', {}, fmtPct(g.posterior))),
  ];
  return h('details', { class: 'why' }, h('summary', {}, `Why ${fmtPct(g.posterior)}?`), h('ol', { class: 'chain' }, steps));
}

export function differentialList(result) {
  const total = result.ranking.reduce((t, g) => t + weightOf(g), 0);
  return h('ol', { class: 'differential', 'aria-label': 'Differential: the likely sources, most probable first' },
    result.ranking.map((g) => {
      const fill = h('span', { class: `fill${g.other ? ' other' : ''}` });
      fill.style.width = `${Math.max(0.5, g.posterior * 100)}%`;
      return h('li', { 'data-generator': g.generator, 'data-posterior': g.posterior.toFixed(4) },
        h('div', { class: 'bar-head' },
          h('span', { class: 'gen-label' }, g.label),
          g.other ? h('span', { class: 'tag muted' }, 'not modelled') : null,
          g.contributing ? h('span', { class: 'tag' }, 'may contribute') : null,
          h('span', { class: 'pct' }, fmtPct(g.posterior))),
        h('div', { class: 'track', 'aria-hidden': 'true' }, fill),
        h('p', { class: 'evidence' }, `Its own evidence: ×${fmtNum(g.evidence_lr, 2)}`),
        whyPanel(g, total));
    }));
}

export function treatmentBlock(t) {
  if (!t.generator) return h('p', { class: 'muted' }, 'No modelled source to aim at.');
  const row = (k, v, extra) => (v ? h('div', { class: 'kv' }, h('dt', {}, k), h('dd', {}, v, extra || null)) : null);
  return h('div', { class: 'target', 'data-proposed': String(t.proposed) },
    h('p', {}, t.proposed
      ? h('strong', {}, 'Proposed treatment target')
      : h('span', {}, h('strong', {}, 'Not proposed yet: '), 'where treatment would go once the case is a candidate')),
    h('dl', {},
      row('Structure', t.structure),
      row('Side', t.side, t.side_from ? ` (from the ${t.side_from})` : ''),
      row('Level', t.level),
      row('Guidance', t.guidance, t.guidance_source ? h('span', { class: 'source' }, ` — ${t.guidance_source.citation}`) : null),
      row('Tier', TIERS[t.tier] || t.tier, t.tier_reason ? h('span', { class: 'muted' }, ` — ${t.tier_reason}`) : null),
      row('Therapy', t.therapy),
      row('Evidence level', t.evidence_level, t.therapy_source ? h('span', { class: 'source' }, ` — ${t.therapy_source.citation}`) : null)));
}

export function nextStepBlock(result) {
  if (!result.next_steps.length) return h('p', { class: 'next-none' }, result.next_steps_none || 'No step is offered.');
  return h('ol', { class: 'next-steps' }, result.next_steps.map((n) => h('li', { 'data-step': n.code },
    h('strong', {}, labelOf(n.kind, n.code)),
    ` (${n.kind}, for ${generatorLabel(n.generator)}): `,
    `${fmtPct(n.p_change)} chance its result changes the decision`,
    n.then ? `, with ${labelOf('finding', n.then)} after it` : '',
    `; expected rise of the leading source ${fmtPct(n.expected_gain)}.`)));
}

export function notWeighedBlock(result) {
  if (!result.not_weighed.length) return null;
  return h('details', { class: 'not-weighed' }, h('summary', {}, `Recorded but not weighed (${result.not_weighed.length})`),
    h('ul', {}, result.not_weighed.map((n) => h('li', {}, h('strong', {}, labelOf(n.kind, n.code)), n.result ? ` (${n.result})` : '', `: ${n.reason}`))));
}

// The whole answer, headed at level `level` (2 or 3).
export function resultView(result, level = 2) {
  const H = `h${level}`;
  return h('div', { class: 'result' },
    verdictBanner(result.candidacy),
    h(H, {}, 'Differential'),
    h('p', { class: 'muted' }, `Age ${result.age}, ${result.region}${result.side ? `, ${result.side}` : ''}; model ${result.model_version}. Probabilities add up to 100%.`),
    differentialList(result),
    h(H, {}, 'Treatment target'),
    treatmentBlock(result.treatment),
    h(H, {}, 'Next best step'),
    nextStepBlock(result),
    notWeighedBlock(result));
}
