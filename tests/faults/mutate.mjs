// The HTTP-level fuzz pass: bodies from the fuzz seeds, mutated (bytes
// flipped, cut, JSON values swapped for other types, huge or odd ones),
// sent to a live server. Prints one line per 5xx and exits 1 if any.
//
//   node mutate.mjs BASE KEY ROUTES_FILE CORPUS_DIR COUNT
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, key, routesFile, corpus, countText] = process.argv.slice(2);
const routes = readFileSync(routesFile, 'utf8').trim().split('\n').map((l) => l.split(' '));
const uuid = '00000000-0000-4000-8000-000000000001';

// A seed: route byte, then path parameter, query, header, body (NUL-separated).
const seeds = readdirSync(corpus).map((f) => {
  const d = readFileSync(join(corpus, f));
  const parts = d.subarray(1).toString('latin1').split('\0');
  const [method, path] = routes[d[0] % routes.length];
  return { method, path, param: parts[0] || uuid, body: parts[3] || '' };
});

let state = 12345; // mulberry32 from a fixed seed: the same run every time
const rand = (n) => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * n) | 0;
};
const odd = [null, true, -1, 0, 1e308, -1e308, 2 ** 63, '', 'x'.repeat(5000), '\u0000', '\ud800',
  '𝄞', [], {}, [[[[]]]], '2026-02-30T25:61:00Z', "'; DROP TABLE patients; --", '../../etc/passwd'];

const pathOdd = ['', 'x', '%00', '%27%20OR%201%3D1', '..%2F..%2Fetc%2Fpasswd', uuid.toUpperCase(),
  `${uuid}x`, 'ffffffff-ffff-ffff-ffff-ffffffffffff', '%F0%9D%84%9E', 'a'.repeat(2000)];

function mutateValue(v, top = false) {
  if (Array.isArray(v) && v.length && rand(3) === 0) return v.map((x) => mutateValue(x));
  if (v && typeof v === 'object' && !Array.isArray(v) && (top || rand(3) === 0)) {
    const o = { ...v };
    const keys = Object.keys(o);
    const k = keys[rand(keys.length || 1)];
    if (k === undefined) return o;
    if (rand(4) === 0) delete o[k];
    else o[k] = rand(2) ? odd[rand(odd.length)] : mutateValue(o[k]);
    return o;
  }
  return rand(2) ? odd[rand(odd.length)] : v;
}

function mutate(body) {
  if (rand(4) === 0) { // bytes
    const b = Buffer.from(body, 'latin1');
    for (let i = 0, n = 1 + rand(4); i < n && b.length; i++) b[rand(b.length)] = rand(256);
    return rand(3) === 0 ? b.subarray(0, rand(b.length + 1)) : b;
  }
  try {
    return JSON.stringify(mutateValue(JSON.parse(body), true));
  } catch {
    return body;
  }
}

const count = Number(countText);
let sent = 0;
let failures = 0;
const statuses = {};
async function worker() {
  while (sent < count) {
    sent++;
    const s = seeds[rand(seeds.length)];
    const path = s.path.replace('{id}', rand(5) === 0 ? pathOdd[rand(pathOdd.length)] : s.param);
    const init = { method: s.method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } };
    if (s.method !== 'GET') init.body = mutate(s.body || '{}');
    try {
      const r = await fetch(base + path, init);
      await r.arrayBuffer();
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      if (r.status >= 500) {
        failures++;
        console.log(`${r.status} ${s.method} ${path} ${String(init.body).slice(0, 300)}`);
      }
    } catch (e) {
      failures++;
      console.log(`no answer: ${s.method} ${path}: ${e.message}`);
    }
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
console.log(`${count} mutated requests, ${failures} with a 5xx or no answer; statuses ${JSON.stringify(statuses)}`);
process.exit(failures ? 1 : 0);
