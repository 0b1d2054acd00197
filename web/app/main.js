// The clinic app: who is signed in, the page frame and the routes
// (location.hash, so that paingen serves one page and the back button
// works). Each view renders into <main> and may return a guard that is
// asked before leaving it (unsaved work).
import { api, ApiError, useSession, onSessionLost } from './api.js';
import { h, clear, announce } from './dom.js';
import { signInView, signInDialog } from './signin.js';
import { loadReference } from './vocab.js';
import { findPatientView, patientView } from './patients.js';
import { workupView } from './workup.js';
import { assessmentView } from './assessment.js';
import { calibrationView } from './calibration.js';

const ID = '([0-9a-fA-F-]{36})';
const routes = [
  [new RegExp('^#?/?$'), findPatientView],
  [new RegExp(`^#/patients/${ID}$`), patientView],
  [new RegExp(`^#/patients/${ID}/new\\?(.*)$`), (main, m, app) => workupView(main, { patientId: m[1], query: new URLSearchParams(m[2]) }, app)],
  [new RegExp(`^#/consultations/${ID}$`), (main, m, app) => workupView(main, { consultationId: m[1] }, app)],
  [new RegExp(`^#/assessments/${ID}$`), assessmentView],
  [new RegExp('^#/calibration(?:\\?(.*))?$'), calibrationView],
];

const app = {
  session: null,
  leaveGuard: null, // () => true when leaving is fine
  go(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
};

function header() {
  const bar = document.getElementById('account');
  clear(bar);
  if (!app.session) return;
  const u = app.session.user;
  // the report is for the clinic's admins and clinicians
  if (u.role === 'admin' || u.role === 'clinician') bar.append(h('a', { href: '#/calibration' }, 'Calibration'));
  bar.append(
    h('span', { class: 'who' }, `${u.name} (${u.role})`),
    h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'),
  );
}

async function signOut() {
  if (app.leaveGuard && !app.leaveGuard()) return;
  try {
    await api('DELETE', '/v1/sessions/current', { noRetry: true });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  app.session = null;
  useSession(null);
  app.leaveGuard = null;
  header();
  announce('Signed out');
  render();
}

function signedIn(session) {
  app.session = session;
  useSession(session);
  header();
}

let lastHash = location.hash;

async function render() {
  const main = document.getElementById('main');
  clear(main);
  if (!app.session) {
    signInView(main, { onSignedIn: (s) => { signedIn(s); render(); } });
    return;
  }
  main.setAttribute('aria-busy', 'true');
  try {
    await loadReference();
    const hash = location.hash || '#/';
    const route = routes.find(([re]) => re.test(hash));
    app.leaveGuard = null;
    if (!route) {
      main.append(h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Find a patient')));
    } else {
      await route[1](main, hash.match(route[0]), app);
    }
  } catch (e) {
    main.append(h('div', { class: 'banner stop', role: 'alert' },
      h('strong', {}, 'This page could not be loaded. '), e.message));
  } finally {
    main.removeAttribute('aria-busy');
  }
  // focus the page's heading, for screen readers and keyboards alike
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', () => {
  if (app.leaveGuard && !app.leaveGuard()) {
    // stay: put the address back without rendering again
    history.replaceState(null, '', lastHash || '#/');
    return;
  }
  lastHash = location.hash;
  render();
});

window.addEventListener('beforeunload', (ev) => {
  if (app.leaveGuard && !app.leaveGuard(true)) ev.preventDefault();
});

let reauth = null;
onSessionLost(() => {
  // one dialog for every call that found the session gone
  if (!reauth) {
    reauth = signInDialog(app.session ? app.session.user.email : '').then((s) => {
      signedIn(s);
      reauth = null;
    });
  }
  return reauth;
});

// the skip link: focus the content without touching the route in the hash
document.querySelector('.skip')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  document.getElementById('main').focus();
});

async function start() {
  try {
    signedIn(await api('GET', '/v1/sessions/current', { noRetry: true }));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      document.getElementById('main').append(h('p', { role: 'alert' }, `The service cannot be reached: ${e.message}`));
      return;
    }
  }
  render();
}

start();
