// The clinic app in a real browser (make test): Debian's chromium, headless,
// driven by playwright-core against paingen serving the app it builds.
// The README's lumbar work-up is entered through the pages alone and what
// they show is compared with the API's assessment of the same records;
// then sign-in failure and backoff, an expired session, a cross-site
// write, a 422 next to its field, a 412 conflict, a finding entered with
// the keyboard alone, the print view, the 390 px layout, and axe-core on
// every page. Prints TAP (scripts/test.sh tallies it).
// Usage: PAINGEN_ROOT=... PAINGEN_BIN=... PAINGEN_TEST_CLUSTER=... node tests/browser/run.mjs
import { createServer } from 'node:http';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Service, launch, axe, shot, check, equal, runTap, people, sql, shotsDir, recordResponses, recorded } from './harness.mjs';

const svc = new Service();
let browser;
const axeFound = new Map(); // page name → its serious and critical violations
let current = ''; // the test running, for the contract log

async function page(width = 1280, height = 900) {
  const context = await browser.newContext({ viewport: { width, height } });
  const p = await context.newPage();
  p.setDefaultTimeout(20000);
  p.errors = [];
  p.on('pageerror', (e) => p.errors.push(e.message));
  recordResponses(p, svc.base, () => current);
  return p;
}

async function signIn(p, person = people.clinician) {
  await p.goto(`${svc.base}/`);
  await p.getByLabel('Email').fill(person.email);
  await p.getByLabel('Password').fill(person.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Find a patient' }).waitFor();
}

async function axePage(p, name) {
  axeFound.set(name, await axe(p));
}

// Registers (or finds) a patient through the find page; lands on their page.
async function openPatient(p, mrn, birth = '1964-05-12', sex = 'female') {
  await p.goto(`${svc.base}/#/`);
  await p.getByLabel('Patient identifier (MRN)').fill(mrn);
  await p.getByRole('button', { name: 'Find', exact: true }).click();
  const register = p.getByRole('button', { name: 'Register the patient' });
  const heading = p.getByRole('heading', { name: `Patient ${mrn}` });
  await Promise.race([register.waitFor(), heading.waitFor()]);
  if (await register.isVisible()) {
    await p.getByLabel('Date of birth').fill(birth);
    await p.getByLabel('Sex').selectOption(sex);
    await register.click();
    await heading.waitFor();
  }
}

async function startConsultation(p, region, side) {
  await p.getByLabel('Region').selectOption(region);
  await p.getByLabel('Side').selectOption(side);
  await p.getByRole('button', { name: 'Start a consultation' }).click();
  await p.getByRole('heading', { name: 'Consultation', exact: true }).waitFor();
}

async function finding(p, label, result) {
  await p.getByRole('group', { name: label, exact: true }).getByLabel(result, { exact: true }).check();
}

async function reading(p, block, i, minutes, nrs) {
  if (i > 1) await p.locator('article[data-record]').filter({ hasText: `Block ${block}` }).getByRole('button', { name: 'Add a reading' }).click();
  await p.getByLabel(`Reading ${i}: minutes after (block ${block})`).fill(String(minutes));
  await p.getByLabel(`Reading ${i}: pain (0–10) (block ${block})`).fill(String(nrs));
}

// The README's lumbar work-up, entered through the pages only.
async function enterLumbarWorkup(p) {
  await p.getByLabel('Date and time (UTC)').fill('2026-11-02T09:30');
  await p.getByLabel('Pain now (0–10)').fill('7');
  await p.getByLabel('Weeks of pain').fill('40');
  await p.getByLabel('Notes').fill('Pain on rising from sitting.');
  // the body map: two areas clicked in the drawing, one chosen in the list
  await p.locator('svg.map [data-code="buttock"]').first().click();
  await p.locator('svg.map [data-code="posterior_thigh"]').first().click();
  await p.getByLabel('Low back, midline').selectOption('absent');
  // prior care and candidacy checklists
  await p.getByLabel('Physiotherapy', { exact: true }).check();
  await p.getByLabel('Weeks (Physiotherapy)').fill('12');
  await p.getByLabel('Response (Physiotherapy)').selectOption('partial');
  await p.getByLabel('Oral NSAID', { exact: true }).check();
  await p.getByLabel('Weeks (Oral NSAID)').fill('20');
  await p.getByLabel('Response (Oral NSAID)').selectOption('none');
  await p.getByLabel('Active infection at or near the site').selectOption('false');
  await p.getByLabel('Anticoagulant therapy').selectOption('false');
  // findings
  for (const t of ['SIJ distraction test', 'SIJ thigh thrust test', 'SIJ compression test', 'SIJ sacral thrust test']) await finding(p, t, 'Positive');
  await finding(p, "Gaenslen's test", 'Negative');
  await finding(p, 'Centralization phenomenon', 'Negative');
  // the MRI with its two coded findings
  await p.getByRole('button', { name: 'Add an imaging study' }).click();
  await p.getByLabel('Modality (study 1)').selectOption('mri');
  await p.getByLabel('Performed on (study 1)').fill('2026-10-20');
  await p.getByLabel('Finding 1 of study 1').selectOption('lumbar_disc_degeneration');
  await p.getByLabel('Level (study 1, finding 1)').selectOption('L4-L5');
  await p.getByLabel('Grade (Pfirrmann) (study 1, finding 1)').selectOption('3');
  await p.getByRole('button', { name: 'Add a finding of this study' }).click();
  await p.getByLabel('Finding 2 of study 1').selectOption('lumbar_facet_arthropathy');
  await p.getByLabel('Level (study 1, finding 2)').selectOption('L4-L5');
  await p.getByLabel('Side (study 1, finding 2)').selectOption('bilateral');
  await p.getByLabel('Grade (Weishaupt) (study 1, finding 2)').selectOption('1');
  // a comparative pair of SIJ blocks
  await p.getByRole('button', { name: 'Add a block' }).click();
  await p.getByLabel('Target (block 1)').selectOption('sij_intraarticular');
  await p.getByLabel('Agent (block 1)').selectOption('lidocaine');
  await p.getByLabel('Volume (ml) (block 1)').fill('2');
  await p.getByLabel('Performed at (UTC) (block 1)').fill('2026-11-09T10:00');
  await p.getByLabel('Pain before (0–10) (block 1)').fill('7');
  await reading(p, 1, 1, 15, 2);
  await reading(p, 1, 2, 60, 1);
  await reading(p, 1, 3, 180, 6);
  await p.getByRole('button', { name: 'Add a block' }).click();
  await p.getByLabel('Target (block 2)').selectOption('sij_intraarticular');
  await p.getByLabel('Agent (block 2)').selectOption('bupivacaine');
  await p.getByLabel('Volume (ml) (block 2)').fill('2');
  await p.getByLabel('Performed at (UTC) (block 2)').fill('2026-11-16T10:00');
  await p.getByLabel('Pain before (0–10) (block 2)').fill('7');
  await p.getByLabel('Comparative or control block of (block 2)').selectOption({ index: 1 });
  await reading(p, 2, 1, 30, 1);
  await reading(p, 2, 2, 240, 2);
  await reading(p, 2, 3, 480, 5);
}

// What the live differential panel shows: [{generator, pct}], the verdict, the target.
async function shown(scope) {
  const rows = await scope.locator('.differential > li').evaluateAll((lis) => lis.map((li) => ({
    generator: li.dataset.generator,
    pct: li.querySelector('.pct').textContent,
  })));
  const verdict = await scope.locator('.banner[data-verdict]').first().getAttribute('data-verdict');
  const target = await scope.locator('.target dl').first().innerText();
  return { rows, verdict, target };
}

function pctText(p) {
  const v = p * 100;
  return v >= 10 || v === 0 ? `${Math.round(v)}%` : `${v.toFixed(1)}%`;
}

function expected(result) {
  return {
    rows: result.ranking.map((g) => ({ generator: g.generator, pct: pctText(g.posterior) })),
    verdict: result.candidacy.verdict,
  };
}

function checkTarget(text, t) {
  for (const v of [t.structure, t.side, t.guidance, t.level].filter(Boolean)) check(text.includes(v), `target shows ${JSON.stringify(text)}, without ${v}`);
}

async function waitScored(p) {
  await p.locator('.panel').and(p.locator(':not([aria-busy])')).waitFor();
  await p.locator('.panel .differential').waitFor();
  await p.waitForFunction(() => !document.querySelector('.panel[aria-busy]'));
}

const state = {}; // what one test leaves for the next: the lumbar consultation

// The same work-up through the API, for the tests after the one that
// enters it through the pages, should that one fail: each test fails for
// its own reason only.
async function lumbarByApi() {
  if (state.consultation) return;
  const post = async (path, body) => {
    const r = await svc.api('POST', path, body);
    check(r.status === 201, `POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const pt = await post('/v1/patients', { external_id: 'MRN-API-1001', birth_date: '1964-05-12', sex: 'female' });
  const c = await post(`/v1/patients/${pt.id}/consultations`, {
    region: 'lumbar', side: 'right', pain_sites: ['buttock', 'posterior_thigh'], pain_sites_absent: ['low_back_midline'],
    pain_nrs: 7, symptom_weeks: 40, occurred_at: '2026-11-02T09:30:00Z',
    prior_care: [{ type: 'physiotherapy', weeks: 12, response: 'partial' }, { type: 'nsaid', weeks: 20, response: 'none' }],
    candidacy_facts: [{ code: 'active_infection_near_site', present: false }],
  });
  for (const t of ['sij_distraction', 'sij_thigh_thrust', 'sij_compression', 'sij_sacral_thrust']) {
    await post(`/v1/consultations/${c.id}/findings`, { code: t, result: 'positive', side: 'right' });
  }
  await post(`/v1/consultations/${c.id}/findings`, { code: 'sij_gaenslen', result: 'negative', side: 'right' });
  const b1 = await post(`/v1/consultations/${c.id}/blocks`, {
    target: 'sij_intraarticular', side: 'right', agent: 'lidocaine', volume_ml: 2, performed_at: '2026-11-09T10:00:00Z',
    baseline_nrs: 7, readings: [{ minutes: 15, nrs: 2 }, { minutes: 60, nrs: 1 }, { minutes: 180, nrs: 6 }],
  });
  await post(`/v1/consultations/${c.id}/blocks`, {
    target: 'sij_intraarticular', side: 'right', agent: 'bupivacaine', volume_ml: 2, performed_at: '2026-11-16T10:00:00Z',
    baseline_nrs: 7, comparative_of: b1.id, readings: [{ minutes: 30, nrs: 1 }, { minutes: 240, nrs: 2 }, { minutes: 480, nrs: 5 }],
  });
  state.consultation = c.id;
  state.assessment = (await post(`/v1/consultations/${c.id}/assessments`, {})).id;
  state.mrn = 'MRN-API-1001';
}

const tests = [
  ['sign-in page: a wrong password is said in words, no session; axe finds nothing serious', async () => {
    const p = await page();
    await p.goto(`${svc.base}/`);
    await p.getByRole('heading', { name: 'Sign in' }).waitFor();
    await axePage(p, 'sign-in');
    await shot(p, 'sign-in');
    await p.getByLabel('Email').fill(people.clinician.email);
    await p.getByLabel('Password').fill('not the password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').filter({ hasText: 'The email or the password is wrong.' }).waitFor();
    const cookies = await p.context().cookies();
    check(!cookies.some((c) => c.name === 'paingen_session'), 'a failed sign-in left a session cookie');
    await p.context().close();
  }],

  ['sign-in backoff: after 3 failures the page says how long to wait, and the right password waits too', async () => {
    const p = await page();
    await p.goto(`${svc.base}/`);
    const email = p.getByLabel('Email');
    const password = p.getByLabel('Password');
    const button = p.getByRole('button', { name: 'Sign in' });
    await email.fill(people.locked.email);
    for (let i = 0; i < 3; i += 1) {
      await password.fill(`wrong ${i}`);
      await button.click();
      await p.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
    }
    await password.fill(people.locked.password);
    await button.click();
    const alert = p.getByRole('alert').filter({ hasText: 'Too many failed sign-ins. Try again in' });
    await alert.waitFor();
    check(await button.isDisabled(), 'the sign-in button stays enabled during the backoff');
    const secs = Number((await alert.innerText()).match(/in (\d+) s/)[1]);
    check(secs > 0 && secs <= 20, `waits ${secs} s, want 1 to 20 (PAINGEN_SIGNIN_BACKOFF)`);
    check(await p.getByRole('heading', { name: 'Find a patient' }).count() === 0, 'signed in during the backoff');
    await p.context().close();
  }],

  ["the README's lumbar work-up entered through the pages alone: what they show is the API's assessment of the same records", async () => {
    const p = await page();
    await signIn(p);
    await axePage(p, 'find a patient');
    await openPatient(p, 'MRN-UI-1001');
    await startConsultation(p, 'lumbar', 'right');
    await enterLumbarWorkup(p);
    // the live differential before saving: the README's figures
    await waitScored(p);
    await p.locator('.panel .differential > li').first().filter({ hasText: 'Sacroiliac joint' }).filter({ hasText: '84%' }).waitFor();
    await axePage(p, 'work-up (new)');
    // a double click saves once
    await p.getByRole('button', { name: 'Save and assess' }).dblclick();
    await p.waitForURL(/#\/consultations\/[0-9a-f-]{36}$/);
    const id = p.url().split('/').pop();
    await p.getByText('Everything is saved.').waitFor();
    await waitScored(p);
    const c = (await svc.api('GET', `/v1/consultations/${id}`)).body;
    equal([c.findings.length, c.imaging.length, c.blocks.length], [6, 1, 2], 'findings, imaging and blocks recorded');
    equal(c.imaging[0].findings.length, 2, 'imaging findings');
    equal(c.blocks[1].comparative_of, c.blocks[0].id, 'the second block names the first as its pair');
    const list = (await svc.api('GET', `/v1/consultations/${id}/assessments`)).body.items;
    equal(list.length, 1, 'assessments stored after a double click');
    const a = (await svc.api('GET', `/v1/assessments/${list[0].id}`)).body;
    equal([a.result.ranking[0].generator, Math.round(a.result.ranking[0].posterior * 100), a.result.candidacy.verdict],
      ['lumbar_sij', 84, 'candidate'], "the API's assessment (the README's figures)");
    equal([a.result.treatment.side, a.result.treatment.guidance, a.result.treatment.tier], ['right', 'fluoroscopy', 'prp'], 'target');
    // the work-up as reloaded from the server shows that assessment
    const live = await shown(p.locator('.panel'));
    equal({ rows: live.rows, verdict: live.verdict }, expected(a.result), 'work-up panel against the assessment');
    checkTarget(live.target, a.result.treatment);
    // the model's reading of each block, stored with it
    await p.locator('.reading[data-outcome="positive"]').first().waitFor();
    check((await p.locator('.reading').nth(1).innerText()).includes('concordant'), 'the pair is read as concordant');
    await p.locator('.relief svg[role="img"]').first().waitFor();
    await axePage(p, 'work-up (saved)');
    await shot(p, 'workup', { fullPage: false });
    copyFileSync(join(shotsDir, 'workup.png'), join(shotsDir, 'clinic-app.png'));
    // the report page: the same assessment
    await p.getByRole('link', { name: 'Report of the latest assessment (printable)' }).click();
    await p.getByRole('heading', { name: 'Pain generator assessment' }).waitFor();
    const report = await shown(p.locator('.report'));
    equal({ rows: report.rows, verdict: report.verdict }, expected(a.result), 'report against the assessment');
    checkTarget(report.target, a.result.treatment);
    await axePage(p, 'assessment report');
    // the patient's page lists it
    await p.getByRole('link', { name: 'Patient MRN-UI-1001' }).click();
    await p.getByRole('link', { name: /^Assessment of / }).waitFor();
    await axePage(p, 'patient');
    check(p.errors.length === 0, `page errors: ${p.errors.join('; ')}`);
    state.consultation = id;
    state.assessment = a.id;
    state.mrn = 'MRN-UI-1001';
    await p.context().close();
  }],

  ['an expired session: the sign-in dialog comes over the work, and the work goes on after signing in', async () => {
    await lumbarByApi();
    const p = await page();
    await signIn(p);
    await p.goto(`${svc.base}/#/consultations/${state.consultation}`);
    await waitScored(p);
    sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL");
    await finding(p, 'Night pain', 'Positive');
    const dialog = p.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    check((await dialog.innerText()).includes('Your session has ended'), 'the dialog says why');
    await axePage(p, 'sign-in dialog');
    await dialog.getByLabel('Password').fill(people.clinician.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    check(await p.getByRole('group', { name: 'Night pain', exact: true }).getByLabel('Positive', { exact: true }).isChecked(), 'the finding entered is kept');
    await p.getByRole('button', { name: 'Save and assess' }).click();
    await p.getByText('Everything is saved.').waitFor();
    const c = (await svc.api('GET', `/v1/consultations/${state.consultation}`)).body;
    check(c.findings.some((f) => f.code === 'night_pain' && f.result === 'positive'), 'night pain saved after signing in again');
    await p.context().close();
  }],

  ['a cross-site write is refused: no CSRF token and a foreign Origin get 403, another site sends no cookie; nothing is written', async () => {
    const p = await page();
    await signIn(p);
    // the attacker's page: a form that posts a patient to paingen, from
    // another port of the same host (same site: the cookie goes) and from
    // another host name (another site: SameSite=Strict keeps it)
    const evil = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><form method="post" action="${svc.base}/v1/patients" enctype="text/plain">
        <input name='{"external_id":"MRN-EVIL","birth_date":"1970-01-01","sex":"other","x":"' value='"}'></form>
        <script>fetch(${JSON.stringify(`${svc.base}/v1/patients`)}, {method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({external_id: 'MRN-EVIL-2', birth_date: '1970-01-01', sex: 'other'})})
          .finally(() => document.forms[0].submit());</script>`);
    });
    await new Promise((r) => evil.listen(0, '127.0.0.1', r));
    const port = evil.address().port;
    const before = svc.logLines().length;
    for (const host of ['127.0.0.1', 'localhost']) {
      await p.goto(`http://${host}:${port}/`);
      await p.waitForURL(/\/v1\/patients$/);
    }
    evil.close();
    for (const mrn of ['MRN-EVIL', 'MRN-EVIL-2']) {
      const found = (await svc.api('GET', `/v1/patients?external_id=${mrn}`)).body.items;
      equal(found.length, 0, `patients ${mrn} written`);
    }
    const posts = svc.logLines().slice(before).map((l) => { try { return JSON.parse(l); } catch { return {}; } })
      .filter((l) => l.method === 'POST' && l.path === '/v1/patients').map((l) => l.status);
    check(posts.length >= 3, `the service saw ${posts.length} of the attacker's writes`);
    check(posts.every((s) => s === 401 || s === 403), `statuses ${posts}`);
    check(posts.includes(403), `no 403 among ${posts}: the same-site write was not refused by its missing token or foreign Origin`);
    await p.context().close();
  }],

  ['a 422 is shown next to the field it names, the field marked invalid and focused', async () => {
    const p = await page();
    await signIn(p);
    await openPatient(p, 'MRN-UI-1002', '1970-01-30', 'male');
    await startConsultation(p, 'knee', 'left');
    await p.getByLabel('Date and time (UTC)').fill('2099-01-01T10:00');
    await p.getByLabel('Pain now (0–10)').fill('6');
    await p.getByLabel('Weeks of pain').fill('26');
    await p.getByRole('button', { name: 'Save and assess' }).click();
    const when = p.getByLabel('Date and time (UTC)');
    await p.locator('.field-error').filter({ hasText: 'must not be in the future' }).waitFor();
    const errId = await when.getAttribute('aria-describedby');
    const text = await p.locator(`[id="${errId.split(' ').pop()}"]`).innerText();
    check(text.includes('must not be in the future'), `the error under the date says ${JSON.stringify(text)}`);
    equal(await when.getAttribute('aria-invalid'), 'true', 'aria-invalid');
    check(await when.evaluate((el) => el === document.activeElement), 'the invalid field has the focus');
    await axePage(p, 'work-up with an error');
    await p.context().close();
  }],

  ['a 412 conflict shows both versions; keeping mine saves it over the newer one', async () => {
    await lumbarByApi();
    const p = await page();
    await signIn(p);
    await p.goto(`${svc.base}/#/consultations/${state.consultation}`);
    await waitScored(p);
    // someone else corrects the Gaenslen finding meanwhile
    const c = (await svc.api('GET', `/v1/consultations/${state.consultation}`)).body;
    const g = c.findings.find((f) => f.code === 'sij_gaenslen' && f.current);
    const put = await svc.api('PUT', `/v1/findings/${g.id}`, { code: g.code, result: 'negative', side: g.side, notes: 'checked again' }, { 'If-Match': `"${g.version}"` });
    equal(put.status, 200, 'the other correction');
    await finding(p, "Gaenslen's test", 'Positive');
    await p.getByRole('button', { name: 'Save and assess' }).click();
    const box = p.locator('.conflict');
    await box.waitFor();
    const rows = await box.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    const byField = Object.fromEntries(rows.map(([k, a, b]) => [k, [a, b]]));
    equal(byField.result, ['positive', 'negative'], 'result: mine, theirs');
    equal(byField.notes, ['—', 'checked again'], 'notes: mine, theirs');
    await axePage(p, 'conflict');
    await shot(p, 'conflict');
    await box.getByRole('button', { name: 'Keep mine (save it over theirs)' }).click();
    await p.getByRole('button', { name: 'Save and assess' }).click();
    await p.getByText('Everything is saved.').waitFor();
    const now = (await svc.api('GET', `/v1/findings/${g.id}`)).body;
    equal([now.result, now.version], ['positive', g.version + 2], 'the finding after keeping mine');
    const history = (await svc.api('GET', `/v1/findings/${g.id}/history`)).body.items;
    check(history.some((v) => v.notes === 'checked again'), 'the other version stays in the history');
    await p.context().close();
  }],

  ['a finding entered with the keyboard alone', async () => {
    await lumbarByApi();
    const p = await page();
    await signIn(p);
    await p.goto(`${svc.base}/#/consultations/${state.consultation}`);
    await waitScored(p);
    // from the top of the page, Tab until the Gillet test's radio group
    await p.locator('h1').focus();
    let name = '';
    for (let i = 0; i < 400 && name !== 'finding-sij_gillet'; i += 1) {
      await p.keyboard.press('Tab');
      name = await p.evaluate(() => document.activeElement && document.activeElement.name);
    }
    equal(name, 'finding-sij_gillet', 'the Gillet test reached by Tab');
    await p.keyboard.press('ArrowRight'); // Not done → Positive
    check(await p.getByRole('group', { name: 'Gillet test', exact: true }).getByLabel('Positive', { exact: true }).isChecked(), 'Positive chosen by the arrow key');
    // on to the save button, and Enter
    let label = '';
    for (let i = 0; i < 400 && label !== 'Save and assess'; i += 1) {
      await p.keyboard.press('Tab');
      label = await p.evaluate(() => document.activeElement && document.activeElement.textContent);
    }
    await p.keyboard.press('Enter');
    await p.getByText('Everything is saved.').waitFor();
    const c = (await svc.api('GET', `/v1/consultations/${state.consultation}`)).body;
    check(c.findings.some((f) => f.code === 'sij_gillet' && f.result === 'positive' && f.current), 'the Gillet test saved as positive');
    await p.context().close();
  }],

  ['a block marked entered in error leaves the case; the earlier assessment stays as it was', async () => {
    await lumbarByApi();
    const p = await page();
    await signIn(p);
    await p.goto(`${svc.base}/#/consultations/${state.consultation}`);
    await waitScored(p);
    await p.getByLabel('Entered in error (block 2)', { exact: true }).check(); // the bupivacaine block
    await p.getByText('will be marked entered in error').waitFor();
    await p.getByRole('button', { name: 'Save and assess' }).click();
    await p.getByText('Everything is saved.').waitFor();
    await p.locator('article.void').filter({ hasText: '(entered in error)' }).waitFor();
    const c = (await svc.api('GET', `/v1/consultations/${state.consultation}`)).body;
    equal([c.blocks[1].status, c.blocks[1].version], ['entered_in_error', 2], 'block 2');
    const list = (await svc.api('GET', `/v1/consultations/${state.consultation}/assessments`)).body.items;
    const latest = (await svc.api('GET', `/v1/assessments/${list[list.length - 1].id}`)).body;
    check(!latest.based_on.some((b) => b.id === c.blocks[1].id), 'the latest assessment read the block entered in error');
    const first = (await svc.api('GET', `/v1/assessments/${state.assessment}`)).body;
    equal(Math.round(first.result.ranking[0].posterior * 100), 84, 'the first assessment, read again');
    const live = await shown(p.locator('.panel'));
    equal({ rows: live.rows, verdict: live.verdict }, expected(latest.result), 'work-up panel against the latest assessment');
    await p.context().close();
  }],

  ['the print view: one page with the patient, region and side, the differential, target, verdict, reasons, model and date', async () => {
    await lumbarByApi();
    const p = await page();
    await signIn(p);
    await p.goto(`${svc.base}/#/assessments/${state.assessment}`);
    await p.getByRole('heading', { name: 'Pain generator assessment' }).waitFor();
    await p.emulateMedia({ media: 'print' });
    for (const sel of ['header.top', '.crumbs', 'button', 'details.why']) {
      check(await p.locator(sel).first().isHidden(), `${sel} is printed`);
    }
    const text = await p.locator('.report').innerText();
    for (const want of [state.mrn, 'Lumbar spine, right', 'Sacroiliac joint', '84%', 'Verdict', 'Candidate', 'Treatment target', 'fluoroscopy', '0.3.', 'Assessed']) {
      check(text.includes(want), `the printed report lacks ${want}`);
    }
    const pdf = await p.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    equal(pages, 1, 'printed pages');
    await shot(p, 'print', { fullPage: true });
    await p.context().close();
  }],

  ['390 px wide: no page scrolls sideways, the work-up and its save button are there', async () => {
    await lumbarByApi();
    const p = await page(390, 844);
    await signIn(p);
    const wide = () => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    equal(await wide(), 0, 'find page overflow (px)');
    await p.goto(`${svc.base}/#/consultations/${state.consultation}`);
    await waitScored(p);
    equal(await wide(), 0, 'work-up overflow (px)');
    check(await p.getByRole('button', { name: 'Save and assess' }).isVisible(), 'the save button is on screen');
    await axePage(p, 'work-up at 390 px');
    await shot(p, 'workup-390');
    await p.goto(`${svc.base}/#/assessments/${state.assessment}`);
    await p.getByRole('heading', { name: 'Pain generator assessment' }).waitFor();
    equal(await wide(), 0, 'report overflow (px)');
    await shot(p, 'report-390', { fullPage: true });
    await p.context().close();
  }],

  ['the calibration page: what the API reports of the lumbar work-up, and the reliability diagram the service draws', async () => {
    const p = await page();
    await signIn(p);
    await p.getByRole('link', { name: 'Calibration' }).click();
    await p.getByRole('heading', { name: 'How right the model has been' }).waitFor();
    await p.getByLabel('Region').selectOption('lumbar');
    await p.waitForURL(/#\/calibration\?region=lumbar$/);
    const report = (await svc.api('GET', '/v1/calibration?region=lumbar')).body;
    const v = report.diagnosis.verification;
    check(v.assessments >= 1, `the lumbar work-ups were not counted: ${JSON.stringify(v)}`);
    await p.locator('p.verification').filter({ hasText: `${v.assessments} consultation${v.assessments === 1 ? '' : 's'} assessed: ${v.verified} verified by a later block, ${v.never_verified} never verified` }).waitFor();
    await p.getByRole('row', { name: `Assessments verified by a later block ${report.diagnosis.overall.n}` }).waitFor();
    const img = p.getByRole('img', { name: /^Reliability diagram/ });
    await img.waitFor();
    await p.waitForFunction(() => document.querySelector('figure.reliability img')?.complete);
    check(await img.evaluate((el) => el.naturalWidth > 0), 'the reliability diagram did not load as an image');
    await axePage(p, 'calibration');
    await shot(p, 'calibration', { fullPage: true });
    await p.context().close();
  }],

  ['axe-core: no serious or critical violation on any page', async () => {
    check(axeFound.size >= 8, `only ${axeFound.size} pages checked: ${[...axeFound.keys()].join(', ')}`);
    const bad = [...axeFound].filter(([, v]) => v.length).map(([k, v]) => `${k}: ${v.join(' | ')}`);
    check(bad.length === 0, bad.join('\n'));
  }],
];

let failed = 1;
try {
  await svc.start();
  browser = await launch();
  failed = await runTap([...tests.map(([name, fn]) => [name, () => { current = name; return fn(); }]), ['paingen stops cleanly: exit 0, no sanitizer report', async () => {
    await recorded();
    await browser.close();
    browser = null;
    const r = await svc.stop();
    check(r.code === 0 && !r.sanitizer, `exit ${r.code}; ${r.sanitizer ? 'a sanitizer report' : ''}\n${r.tail}`);
  }]]);
} catch (e) {
  console.log('1..1');
  console.log('not ok 1 - the browser tests could not start');
  for (const line of String(e.stack || e).split('\n')) console.log(`#   ${line}`);
} finally {
  if (browser) await browser.close();
  if (svc.proc && svc.proc.exitCode === null) svc.proc.kill('SIGKILL');
}
process.exit(failed ? 1 : 0);

