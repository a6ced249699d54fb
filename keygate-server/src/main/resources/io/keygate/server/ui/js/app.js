// The shell: login, the session, the top bar and a hash router over the screens.
import { h, clear, toast } from './dom.js';
import * as api from './api.js';
import { keysPage, keyDetailsPage } from './keys.js';
import { createKeyPage, keyCreatedPage } from './create-key.js';
import { usersPage, userFormPage } from './users.js';
import { rolesPage, roleFormPage } from './roles.js';

const root = document.getElementById('root');
const ctx = { me: null, privileges: {}, main: null };

const ROUTES = [
  [/^\/keys$/, () => keysPage(ctx), 'API keys', 'keys'],
  [/^\/keys\/new$/, () => createKeyPage(ctx), 'Create API key', 'keys'],
  [/^\/keys\/created$/, () => keyCreatedPage(ctx), 'API key created', 'keys'],
  [/^\/keys\/([^/]+)$/, m => keyDetailsPage(ctx, decodeURIComponent(m[1])), 'API key', 'keys'],
  [/^\/users$/, () => usersPage(ctx), 'Users', 'users'],
  [/^\/users\/new$/, () => userFormPage(ctx, null), 'Create user', 'users'],
  [/^\/users\/([^/]+)$/, m => userFormPage(ctx, decodeURIComponent(m[1])), 'Edit user', 'users'],
  [/^\/roles$/, () => rolesPage(ctx), 'Roles', 'roles'],
  [/^\/roles\/new$/, () => roleFormPage(ctx, null), 'Create role', 'roles'],
  [/^\/roles\/([^/]+)$/, m => roleFormPage(ctx, decodeURIComponent(m[1])), 'Edit role', 'roles'],
];

async function start() {
  try {
    signedIn(await api.get('/_keygate/session'));
  } catch (e) {
    if (e.status === 401) loginScreen();
    else fatal(e);
  }
}

function loginScreen(notice) {
  api.setCsrf(null);
  ctx.me = null;
  document.title = 'Log in · Keygate';
  const username = h('input', { type: 'text', id: 'login-username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'off', spellcheck: 'false' });
  const password = h('input', { type: 'password', id: 'login-password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', id: 'login-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary', id: 'login-submit' }, 'Log in');
  const form = h('form', { class: 'login-card', 'aria-labelledby': 'login-title', novalidate: true },
    h('div', { class: 'brand' }, h('img', { src: 'favicon.svg', alt: '' }), h('span', { id: 'login-title' }, 'Keygate')),
    notice ? h('div', { class: 'callout info' }, h('p', {}, notice)) : null,
    error,
    h('div', { class: 'field' }, h('label', { for: 'login-username' }, 'Username'), username),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
    submit,
    h('p', { class: 'hint' }, 'Sign in with a Keygate user, e.g. elastic.'));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    error.textContent = '';
    if (!username.value || !password.value) {
      error.textContent = 'Enter your username and password.';
      (username.value ? password : username).focus();
      return;
    }
    submit.disabled = true;
    try {
      const me = await api.post('/_keygate/session', { username: username.value, password: password.value });
      password.value = '';
      signedIn(me);
    } catch (e) {
      error.textContent = e.status === 401 ? 'Wrong username or password.' : e.message;
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  clear(root).append(h('div', { class: 'login-wrap' }, form));
  username.focus();
}

async function signedIn(me) {
  ctx.me = me;
  api.setCsrf(me.csrf_token);
  try {
    const r = await api.post('/_security/user/_has_privileges',
      { cluster: ['manage_api_key', 'manage_own_api_key', 'read_security', 'manage_security'] });
    ctx.privileges = r.cluster || {};
  } catch (e) {
    ctx.privileges = {};
  }
  const p = ctx.privileges;
  ctx.canAllKeys = !!(p.manage_api_key || p.read_security || p.manage_security);
  ctx.canManageAllKeys = !!(p.manage_api_key || p.manage_security);
  ctx.canOwnKeys = !!(p.manage_own_api_key || ctx.canManageAllKeys);
  ctx.canReadSecurity = !!(p.read_security || p.manage_security);
  ctx.canManageSecurity = !!p.manage_security;
  shell();
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/keys';
  else route();
}

function shell() {
  const nav = h('nav', { 'aria-label': 'Main' },
    h('a', { href: '#/keys', 'data-section': 'keys' }, 'API keys'),
    ctx.canReadSecurity ? h('a', { href: '#/users', 'data-section': 'users' }, 'Users') : null,
    ctx.canReadSecurity ? h('a', { href: '#/roles', 'data-section': 'roles' }, 'Roles') : null);
  const logout = h('button', { type: 'button', class: 'btn small', id: 'logout' }, 'Log out');
  logout.addEventListener('click', async () => {
    try { await api.del('/_keygate/session'); } catch (e) { /* already gone */ }
    history.replaceState(null, '', location.pathname);
    loginScreen('You have logged out.');
  });
  ctx.main = h('main', { id: 'main' });
  clear(root).append(
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: '#/keys' }, h('img', { src: 'favicon.svg', alt: '' }), 'Keygate'),
      nav,
      h('div', { class: 'user' }, h('span', {}, 'Signed in as ', h('strong', { id: 'whoami' }, ctx.me.username)), logout)),
    ctx.main);
}

async function route() {
  if (!ctx.me || !ctx.main) return;
  const path = (location.hash || '#/keys').slice(1).split('?')[0];
  for (const [re, view, title, section] of ROUTES) {
    const m = path.match(re);
    if (!m) continue;
    document.title = `${title} · Keygate`;
    for (const a of document.querySelectorAll('.topbar nav a')) {
      if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    clear(ctx.main).append(h('p', { class: 'loading' }, 'Loading…'));
    try {
      const content = await view(m);
      if (content) {
        clear(ctx.main).append(content);
        const heading = ctx.main.querySelector('h1');
        if (heading && route.moved) heading.focus();
      }
    } catch (e) {
      if (e.status === 401) return;
      clear(ctx.main).append(h('div', { class: 'callout danger', role: 'alert' }, h('strong', {}, 'Something went wrong'), h('p', {}, e.message)));
    }
    route.moved = true;
    return;
  }
  location.hash = '#/keys';
}

function fatal(e) {
  clear(root).append(h('main', {}, h('div', { class: 'callout danger', role: 'alert' }, h('strong', {}, 'Keygate cannot be reached'), h('p', {}, e.message))));
}

window.addEventListener('hashchange', route);
window.addEventListener('keygate:session-ended', () => {
  if (ctx.me) loginScreen('Your session has ended. Log in again.');
});
window.addEventListener('keygate:rerender', route);
start();
