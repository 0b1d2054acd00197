// Signing in as a person (POST /v1/sessions): the whole page before the
// first sign-in, a dialog over the work when a session has ended (the
// work stays as it was). Wrong credentials and the backoff after repeated
// failures are said in words, with the time to wait counted down.
import { api, ApiError } from './api.js';
import { h, field } from './dom.js';

// A sign-in form; onSignedIn(session) once it succeeds.
export function signInForm({ onSignedIn, message, email }) {
  const emailInput = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, value: email || '' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const alert = h('p', { class: 'form-alert', role: 'alert', id: 'signin-alert' });
  let timer = null;

  function wait(seconds) {
    let left = seconds;
    button.disabled = true;
    const tick = () => {
      alert.textContent = `Too many failed sign-ins. Try again in ${left} s.`;
      if (left <= 0) {
        clearInterval(timer);
        button.disabled = false;
        alert.textContent = 'You may try again now.';
      }
      left -= 1;
    };
    tick();
    timer = setInterval(tick, 1000);
  }

  const form = h('form', {
    class: 'signin',
    novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      alert.textContent = '';
      if (!emailInput.value || !password.value) {
        alert.textContent = 'Enter your email and your password.';
        (emailInput.value ? password : emailInput).focus();
        return;
      }
      button.disabled = true;
      try {
        const session = await api('POST', '/v1/sessions', {
          body: { email: emailInput.value, password: password.value },
          noRetry: true,
        });
        password.value = '';
        onSignedIn(session);
      } catch (e) {
        password.value = '';
        button.disabled = false;
        if (e instanceof ApiError && e.status === 401) {
          alert.textContent = 'The email or the password is wrong.';
          password.focus();
        } else if (e instanceof ApiError && e.status === 429) {
          wait(e.retryAfter || 60);
        } else {
          alert.textContent = `Cannot sign in: ${e.message}`;
        }
      }
    },
  },
  message ? h('p', { class: 'notice' }, message) : null,
  field('Email', emailInput).wrap,
  field('Password', password).wrap,
  alert,
  h('div', { class: 'actions' }, button));
  return { form, focus: () => (emailInput.value ? password : emailInput).focus() };
}

export function signInView(main, { onSignedIn, message }) {
  const { form, focus } = signInForm({ onSignedIn, message });
  main.append(h('section', { class: 'card narrow', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'),
    h('p', { class: 'muted' }, 'paingen: decision support for finding the source of chronic musculoskeletal pain.'),
    form));
  focus();
}

// The session ended while working: a modal dialog over the page. Resolves
// with the new session; the page underneath is kept as it was.
export function signInDialog(email) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'signin-dialog', 'aria-labelledby': 'reauth-title' });
    const { form, focus } = signInForm({
      email,
      message: 'Your session has ended. Sign in again to go on; nothing you entered is lost.',
      onSignedIn: (session) => {
        dialog.close();
        dialog.remove();
        resolve(session);
      },
    });
    dialog.append(h('h2', { id: 'reauth-title' }, 'Sign in again'), form);
    // Escape would leave the page without a session: keep the dialog open
    dialog.addEventListener('cancel', (ev) => ev.preventDefault());
    document.body.append(dialog);
    dialog.showModal();
    focus();
  });
}
