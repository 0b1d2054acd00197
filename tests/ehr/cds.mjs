// The test EHR's checks of what a CDS Hooks 2.0 service answers, by the
// specification's rules (docs/specification/current.md of cds-hooks/docs,
// 2.0.1), independent of paingen's own openapi.yaml:
//   node cds.mjs discovery FILE   a discovery document ({"services": [...]})
//   node cds.mjs response FILE    a service's response ({"cards": [...]})
// Prints every rule broken, one a line; exits 1 when any is.
import { readFileSync } from 'node:fs';

const [cmd, file] = process.argv.slice(2);
const problems = [];
const fail = (where, what) => problems.push(`${where}: ${what}`);
const isString = (v) => typeof v === 'string';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// "JSON elements SHALL NOT be null ... SHALL NOT be empty": no null, "", [] or {} anywhere
// (cards may be [] when there is no guidance).
function noEmpty(node, where) {
  if (node === null) return fail(where, 'null');
  if (node === '') return fail(where, 'empty string');
  if (Array.isArray(node)) {
    if (!node.length && where !== '$.cards') fail(where, 'empty array');
    node.forEach((v, i) => noEmpty(v, `${where}[${i}]`));
  } else if (typeof node === 'object') {
    if (!Object.keys(node).length) fail(where, 'empty object');
    for (const [k, v] of Object.entries(node)) noEmpty(v, `${where}.${k}`);
  }
}

function known(obj, allowed, where) {
  for (const k of Object.keys(obj ?? {})) if (!allowed.includes(k)) fail(where, `unknown member ${k}`);
}

// Coding: code and system REQUIRED, display as the caller says.
function coding(c, where, needDisplay) {
  if (!c || typeof c !== 'object') return fail(where, 'not a Coding');
  if (!isString(c.code)) fail(where, 'Coding without code');
  if (!isString(c.system)) fail(where, 'Coding without system');
  if (needDisplay && !isString(c.display)) fail(where, 'Coding without display');
}

function absoluteUrl(u, where) {
  try {
    new URL(u);
  } catch {
    fail(where, `not an absolute URL: ${u}`);
  }
}

// Prefetch tokens: {{context.<root-level field>}} or the user identifiers.
function template(t, where) {
  for (const [, token] of t.matchAll(/\{\{([^}]*)\}\}/g)) {
    const user = ['userPractitionerId', 'userPractitionerRoleId', 'userPatientId', 'userRelatedPersonId'];
    if (!/^context\.[A-Za-z]+$/.test(token) && !user.includes(token)) fail(where, `bad prefetch token {{${token}}}`);
  }
}

function discovery(doc) {
  if (!Array.isArray(doc?.services)) return fail('$', 'no services array');
  noEmpty(doc, '$');
  doc.services.forEach((s, i) => {
    const at = `$.services[${i}]`;
    known(s, ['hook', 'title', 'description', 'id', 'prefetch', 'usageRequirements', 'extension'], at);
    for (const k of ['hook', 'description', 'id']) if (!isString(s[k])) fail(at, `${k} REQUIRED`);
    if (!isString(s.title)) fail(at, 'title RECOMMENDED');
    for (const [k, t] of Object.entries(s.prefetch ?? {})) {
      if (!isString(t)) fail(`${at}.prefetch.${k}`, 'not a template');
      else template(t, `${at}.prefetch.${k}`);
    }
  });
  const seen = new Set();
  for (const s of doc.services) {
    if (seen.has(`${s.id} ${s.hook}`)) fail('$', `service ${s.id} listed twice for ${s.hook}`);
    seen.add(`${s.id} ${s.hook}`);
  }
}

function action(a, where) {
  known(a, ['type', 'description', 'resource', 'resourceId'], where);
  if (!['create', 'update', 'delete'].includes(a.type)) fail(where, `type ${a.type}`);
  if (!isString(a.description)) fail(where, 'description REQUIRED');
  if (['create', 'update'].includes(a.type) && !isString(a.resource?.resourceType))
    fail(where, `${a.type} without a resource`);
  if (a.type === 'delete' && !isString(a.resourceId)) fail(where, 'delete without resourceId');
}

function card(c, where) {
  known(c, ['uuid', 'summary', 'detail', 'indicator', 'source', 'suggestions', 'selectionBehavior',
    'overrideReasons', 'links', 'extension'], where);
  // OPTIONAL in the specification, needed for feedback: paingen sends one
  if (!UUID.test(c.uuid ?? '')) fail(where, 'uuid missing or not a UUID');
  if (!isString(c.summary)) fail(where, 'summary REQUIRED');
  else if ([...c.summary].length >= 140) fail(where, `summary of ${[...c.summary].length} characters (<140)`);
  if (!['info', 'warning', 'critical'].includes(c.indicator)) fail(where, `indicator ${c.indicator}`);
  if (c.detail !== undefined && !isString(c.detail)) fail(where, 'detail not a string');
  if (!isString(c.source?.label)) fail(where, 'source.label REQUIRED');
  known(c.source, ['label', 'url', 'icon', 'topic'], `${where}.source`);
  if (c.source?.url !== undefined) absoluteUrl(c.source.url, `${where}.source.url`);
  if (c.source?.topic !== undefined) coding(c.source.topic, `${where}.source.topic`, false);
  if (c.suggestions !== undefined) {
    if (!['at-most-one', 'any'].includes(c.selectionBehavior))
      fail(where, 'suggestions without selectionBehavior at-most-one or any');
    const recommended = c.suggestions.filter((s) => s.isRecommended === true).length;
    if (c.selectionBehavior === 'at-most-one' && recommended > 1)
      fail(where, 'several suggestions recommended, but at most one may be chosen');
    c.suggestions.forEach((s, i) => {
      const at = `${where}.suggestions[${i}]`;
      known(s, ['label', 'uuid', 'isRecommended', 'actions'], at);
      if (!isString(s.label)) fail(at, 'label REQUIRED');
      if (s.uuid !== undefined && !UUID.test(s.uuid)) fail(at, 'uuid not a UUID');
      (s.actions ?? []).forEach((a, k) => action(a, `${at}.actions[${k}]`));
    });
  } else if (c.selectionBehavior !== undefined) {
    fail(where, 'selectionBehavior without suggestions');
  }
  (c.overrideReasons ?? []).forEach((r, i) => coding(r, `${where}.overrideReasons[${i}]`, true));
  (c.links ?? []).forEach((l, i) => {
    const at = `${where}.links[${i}]`;
    if (!isString(l.label)) fail(at, 'label REQUIRED');
    if (!isString(l.url)) fail(at, 'url REQUIRED');
    if (!['absolute', 'smart'].includes(l.type)) fail(at, `type ${l.type}`);
    if (l.appContext !== undefined && l.type !== 'smart') fail(at, 'appContext on a link that is not smart');
  });
}

function response(doc) {
  if (!Array.isArray(doc?.cards)) return fail('$', 'cards REQUIRED');
  known(doc, ['cards', 'systemActions'], '$');
  noEmpty(doc, '$');
  doc.cards.forEach((c, i) => card(c, `$.cards[${i}]`));
  const uuids = doc.cards.map((c) => c.uuid);
  if (new Set(uuids).size !== uuids.length) fail('$', 'two cards share a uuid');
  (doc.systemActions ?? []).forEach((a, i) => action(a, `$.systemActions[${i}]`));
}

let doc;
try {
  doc = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`cannot read ${file}: ${err.message}`);
  process.exit(2);
}
if (cmd === 'discovery') discovery(doc);
else if (cmd === 'response') response(doc);
else {
  console.error('usage: cds.mjs discovery|response FILE');
  process.exit(2);
}
for (const p of problems) console.log(p);
process.exit(problems.length ? 1 : 0);
