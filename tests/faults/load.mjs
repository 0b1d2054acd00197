// A bounded write load, as an EHR would send it: each worker POSTs new
// findings, each with its own Idempotency-Key, and retries a request that
// failed (no answer, 409 in flight, 5xx) with the same key until it is
// acknowledged. Writes a JSON report: every acknowledged key with the id
// it got, the statuses seen, the slowest failure, and requests that hung.
//
//   node load.mjs BASE KEY CONSULTATION SECONDS WORKERS REPORT [RETRY_SECONDS]
import { writeFileSync } from 'node:fs';

const [base, key, consultation, secondsText, workersText, report, retryText] = process.argv.slice(2);
const until = Date.now() + Number(secondsText) * 1000;
// keep retrying what was sent, for a minute at most
const giveUp = until + Number(retryText || 60) * 1000;
const statuses = {};
const acked = [];
let slowestFailureMs = 0;
let hung = 0;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function send(idemKey, n) {
  const body = JSON.stringify({ code: 'knee_mcmurray', result: n % 2 ? 'positive' : 'negative', side: 'left' });
  for (;;) {
    const t0 = Date.now();
    let status = 0;
    try {
      const r = await fetch(`${base}/v1/consultations/${consultation}/findings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idemKey },
        body,
        signal: AbortSignal.timeout(10000),
      });
      status = r.status;
      const text = await r.text();
      if (status === 201) {
        acked.push({ key: idemKey, id: JSON.parse(text).id });
        statuses[status] = (statuses[status] || 0) + 1;
        return;
      }
      if (status >= 500 && !r.headers.get('retry-after')) status = `${status} without Retry-After`;
    } catch (e) {
      status = e.name === 'TimeoutError' ? 'hung' : 'no answer';
      if (status === 'hung') hung++;
    }
    statuses[status] = (statuses[status] || 0) + 1;
    slowestFailureMs = Math.max(slowestFailureMs, Date.now() - t0);
    if (Date.now() > giveUp) return;
    await sleep(100);
  }
}

const run = `${process.pid}-${Date.now()}`; // keys never meet an earlier run's
async function worker(w) {
  for (let n = 0; Date.now() < until; n++) await send(`load-${run}-${w}-${n}`, n);
}

await Promise.all(Array.from({ length: Number(workersText) }, (_, w) => worker(w)));
writeFileSync(report, JSON.stringify({ acked, statuses, slowestFailureMs, hung }));
console.log(`${acked.length} acknowledged; statuses ${JSON.stringify(statuses)}; slowest failure ${slowestFailureMs} ms; hung ${hung}`);
