// What the browser tests share: a database of their own on make test's
// cluster, paingen (the sanitizer build) serving the app as make run
// builds it, people to sign in as and an API key to check answers with,
// Debian's chromium through playwright-core (never a browser download),
// and a small TAP runner: one "ok"/"not ok" line a test, then the plan.
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const root = process.env.PAINGEN_ROOT;
const bin = process.env.PAINGEN_BIN;
const cluster = process.env.PAINGEN_TEST_CLUSTER;
export const CLINIC = '00000000-0000-0000-0000-000000000001';
export const shotsDir = join(root || '.', 'build', 'browser');
const DB = 'it_browser';

export const people = {
  clinician: { email: 'clinician@clinic.example', password: 'correct horse battery staple', name: 'Dr Ada Test', role: 'clinician' },
  locked: { email: 'backoff@clinic.example', password: 'the right password here', name: 'Dr Backoff', role: 'clinician' },
};

// psql as the cluster's superuser, each statement its own -c (its own transaction)
function psql(db, ...statements) {
  return execFileSync('psql', ['-h', `${cluster}/socket`, '-U', 'postgres', '-d', db, '-qtAX', '-v', 'ON_ERROR_STOP=1',
    ...statements.flatMap((x) => ['-c', x])], { encoding: 'utf8' }).trim();
}
export function sql(text) {
  return psql(DB, text);
}

function pgcluster(...args) {
  return execFileSync(join(root, 'scripts/pgcluster.sh'), args, { encoding: 'utf8' }).trim();
}

export class Service {
  async start(extraEnv = {}) {
    psql('postgres', 'SET client_min_messages = warning', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    pgcluster('createdb', cluster, DB);
    psql('postgres', 'ALTER ROLE paingen CREATEROLE');
    const work = mkdtempSync(join(tmpdir(), 'paingen-browser-'));
    this.web = join(work, 'web');
    execFileSync(join(root, 'scripts/web-build.sh'), [this.web]);
    this.log = join(work, 'service.log');
    this.env = {
      ...process.env,
      DATABASE_URL: pgcluster('url', cluster, DB),
      PAINGEN_MIGRATIONS_DIR: join(root, 'migrations'),
      PAINGEN_LOG_LEVEL: 'info',
      ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:abort_on_error=0',
    };
    const { openSync } = await import('node:fs');
    const out = openSync(this.log, 'w');
    this.proc = spawn(bin, [], {
      env: {
        ...this.env,
        PAINGEN_LISTEN: '127.0.0.1:0',
        PAINGEN_WEB_ROOT: this.web,
        PAINGEN_DB_POOL: '4',
        PAINGEN_RATE_LIMIT: '0',
        PAINGEN_SIGNIN_FAILURES: '3',
        PAINGEN_SIGNIN_BACKOFF: '20',
        PAINGEN_SIGNIN_ADDRESS_FAILURES: '1000',
        ...extraEnv,
      },
      stdio: ['ignore', out, out],
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + 60000;
    for (;;) {
      const text = existsSync(this.log) ? readFileSync(this.log, 'utf8') : '';
      const m = text.match(/listening on \S+ port (\d+)/);
      if (m) {
        this.base = `http://127.0.0.1:${m[1]}`;
        break;
      }
      if (this.proc.exitCode !== null || Date.now() > deadline) throw new Error(`paingen did not start:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const p of Object.values(people)) {
      execFileSync(bin, ['user', 'create', '--clinic', CLINIC, '--email', p.email, '--name', p.name, '--role', p.role],
        { env: { ...this.env, PAINGEN_LOG_LEVEL: 'error' }, input: `${p.password}\n` });
    }
    this.key = execFileSync(bin, ['keys', 'create', '--clinic', CLINIC, '--role', 'clinician', '--name', 'browser tests'],
      { env: { ...this.env, PAINGEN_LOG_LEVEL: 'error' }, encoding: 'utf8' }).trim();
    return this;
  }

  // The API as a system sees it, with the tests' key: {status, body}.
  async api(method, path, body, headers = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.key}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  logLines() {
    return readFileSync(this.log, 'utf8').split('\n').filter(Boolean);
  }

  async stop() {
    this.proc.kill('SIGTERM');
    const { code } = await this.exited;
    const text = readFileSync(this.log, 'utf8');
    return { code, sanitizer: /Sanitizer|runtime error/.test(text), tail: text.split('\n').slice(-40).join('\n') };
  }
}

// Every answer of paingen a page received, recorded for the contract check
// (tests/contract/validate-responses.mjs) as the bats files record theirs.
const recording = [];
export function recordResponses(page, base, testName) {
  const log = process.env.PAINGEN_CONTRACT_LOG;
  if (!log) return;
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin !== base) return;
    recording.push((async () => {
      let body = '';
      try {
        body = await r.text();
      } catch {
        return; // cancelled (a superseded score) or a navigation away: nothing to check
      }
      appendFileSync(log, `${JSON.stringify({
        method: r.request().method(),
        path: url.pathname + url.search,
        status: r.status(),
        content_type: r.headers()['content-type'] || '',
        body,
        test: `browser: ${testName()}`,
      })}\n`);
    })());
  });
}
export async function recorded() {
  await Promise.allSettled(recording);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.PAINGEN_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // root has no sandbox to give chromium; the pages are our own
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

// axe-core on the page as it is: the serious and critical violations.
export async function axe(page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

export async function shot(page, name, opts = {}) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), ...opts });
}

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

export function equal(got, want, what) {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a !== b) throw new Error(`${what}: got ${a}, want ${b}`);
}

// Runs the tests in order, printing TAP; returns the number failed.
export async function runTap(tests, { timeoutMs = 180000 } = {}) {
  let failed = 0;
  let n = 0;
  for (const [name, fn] of tests) {
    n += 1;
    let timer;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs); }),
      ]);
      console.log(`ok ${n} - ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`not ok ${n} - ${name}`);
      for (const line of String(e && e.stack ? e.stack : e).split('\n').slice(0, 25)) console.log(`#   ${line}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`1..${n}`);
  return failed;
}
