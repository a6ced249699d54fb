// Native users: list, create, edit, delete (Keygate's /_security/user API).
import { h, confirmDialog, toast, pageHead, fieldError } from './dom.js';
import * as api from './api.js';

const reserved = u => !!(u.metadata && u.metadata._reserved);

export async function usersPage(ctx) {
  let users;
  try {
    users = Object.values(await api.get('/_security/user')).sort((a, b) => a.username.localeCompare(b.username));
  } catch (e) {
    if (e.status !== 403) throw e;
    return h('div', {}, pageHead('Users'), h('div', { class: 'callout warning' }, h('p', {}, e.message)));
  }
  const canEdit = ctx.canManageSecurity;
  const rows = users.map(u => {
    let del = null;
    if (canEdit && !reserved(u) && u.username !== ctx.me.username) {
      del = h('button', { type: 'button', class: 'btn ghost-danger small', 'aria-label': `Delete user ${u.username}`, 'data-delete': u.username }, 'Delete');
      del.addEventListener('click', async () => {
        const ok = await confirmDialog({
          title: `Delete user "${u.username}"?`,
          body: 'The user can no longer log in. API keys it owns keep working until they are invalidated.',
          confirmLabel: 'Delete user', danger: true,
        });
        if (!ok) return;
        try {
          await api.del(`/_security/user/${api.enc(u.username)}`);
          toast(`Deleted user ${u.username}`);
          window.dispatchEvent(new CustomEvent('keygate:rerender'));
        } catch (e) { toast(e.message, 'error'); }
      });
    }
    return h('tr', { 'data-user': u.username },
      h('td', {}, canEdit && !reserved(u) ? h('a', { class: 'key-name', href: `#/users/${api.enc(u.username)}` }, u.username) : h('span', { class: 'key-name' }, u.username),
        reserved(u) ? [' ', h('span', { class: 'badge neutral' }, 'Reserved')] : null),
      h('td', {}, u.full_name || ''),
      h('td', {}, u.email || ''),
      h('td', {}, (u.roles || []).map(r => h('span', { class: 'chip' }, r))),
      h('td', {}, h('span', { class: `badge ${u.enabled ? 'active' : 'expired'}` }, u.enabled ? 'Enabled' : 'Disabled')),
      h('td', { class: 'nowrap' }, del));
  });
  return h('div', {},
    pageHead('Users', 'People and programs that log in with a username and password. Keys they create are limited by their roles.',
      canEdit ? h('a', { class: 'btn primary', href: '#/users/new', id: 'create-user' }, 'Create user') : null),
    h('div', { class: 'panel flush' },
      h('table', { id: 'users-table' },
        h('thead', {}, h('tr', {}, ['Username', 'Full name', 'Email', 'Roles', 'Status'].map(c => h('th', { scope: 'col' }, c)),
          h('th', { scope: 'col' }, h('span', { class: 'offscreen' }, 'Actions')))),
        h('tbody', {}, rows))));
}

export async function userFormPage(ctx, username) {
  const editing = username !== null;
  let user = { username: '', roles: [], full_name: '', email: '', enabled: true };
  if (editing) {
    const r = await api.get(`/_security/user/${api.enc(username)}`);
    user = r[username];
  }
  let roleNames = [];
  try { roleNames = Object.keys(await api.get('/_security/role')).sort(); } catch (e) { /* no read access: type them */ }

  const err = {};
  const slot = n => (err[n] = h('p', { class: 'field-error', id: `err-${n}`, role: 'alert' }));
  const name = h('input', { type: 'text', id: 'user-username', value: user.username, disabled: editing, required: true, autocomplete: 'off', 'aria-describedby': 'err-username' });
  const fullName = h('input', { type: 'text', id: 'user-full-name', value: user.full_name || '', autocomplete: 'off' });
  const email = h('input', { type: 'email', id: 'user-email', value: user.email || '', autocomplete: 'off' });
  const password = h('input', { type: 'password', id: 'user-password', autocomplete: 'new-password', 'aria-describedby': 'user-password-hint err-password' });
  const confirm = h('input', { type: 'password', id: 'user-password-confirm', autocomplete: 'new-password', 'aria-describedby': 'err-confirm' });
  const enabled = h('input', { type: 'checkbox', id: 'user-enabled', checked: user.enabled !== false });
  const extra = (user.roles || []).filter(r => !roleNames.includes(r));
  const allRoles = [...roleNames, ...extra];
  const roleBoxes = allRoles.map(r => h('input', { type: 'checkbox', value: r, checked: (user.roles || []).includes(r), id: `role-${r}` }));
  const otherRoles = h('input', { type: 'text', id: 'user-roles-other', placeholder: 'role_a, role_b', autocomplete: 'off' });
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary', id: 'user-submit' }, editing ? 'Save user' : 'Create user');

  const form = h('form', { class: 'panel', novalidate: true },
    formError,
    h('div', { class: 'field' }, h('label', { for: 'user-username' }, 'Username'), name, slot('username')),
    h('div', { class: 'field' }, h('label', { for: 'user-full-name' }, 'Full name'), fullName),
    h('div', { class: 'field' }, h('label', { for: 'user-email' }, 'Email'), email),
    h('div', { class: 'field' }, h('label', { for: 'user-password' }, editing ? 'New password' : 'Password'), password,
      h('p', { class: 'hint', id: 'user-password-hint' }, editing ? 'Leave empty to keep the current password.' : 'At least 6 characters.'), slot('password')),
    h('div', { class: 'field' }, h('label', { for: 'user-password-confirm' }, 'Confirm password'), confirm, slot('confirm')),
    h('fieldset', { class: 'field' }, h('legend', {}, 'Roles'),
      allRoles.length ? h('div', { class: 'checklist' }, allRoles.map((r, i) => h('label', { for: `role-${r}` }, roleBoxes[i], r))) : null,
      h('label', { for: 'user-roles-other', class: 'hint' }, 'Other roles (comma-separated)'), otherRoles, slot('roles')),
    h('div', { class: 'field' }, h('label', { class: 'check', for: 'user-enabled' }, enabled, h('span', {}, 'Enabled', h('p', { class: 'hint' }, 'A disabled user cannot log in; its UI sessions end.')))),
    h('div', { class: 'actions' }, submit, h('a', { class: 'btn', href: '#/users' }, 'Cancel')));

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    formError.textContent = '';
    for (const [n, i] of [['username', name], ['password', password], ['confirm', confirm], ['roles', otherRoles]]) fieldError(i, err[n], '');
    if (!name.value.trim()) { fieldError(name, err.username, 'Enter a username.'); name.focus(); return; }
    if (!editing && !password.value) { fieldError(password, err.password, 'Enter a password.'); password.focus(); return; }
    if (password.value !== confirm.value) { fieldError(confirm, err.confirm, 'The passwords do not match.'); confirm.focus(); return; }
    const roles = roleBoxes.filter(b => b.checked).map(b => b.value)
      .concat(otherRoles.value.split(',').map(s => s.trim()).filter(Boolean));
    const body = { roles, full_name: fullName.value || null, email: email.value || null, enabled: enabled.checked };
    if (password.value) body.password = password.value;
    submit.disabled = true;
    try {
      await api.put(`/_security/user/${api.enc(name.value)}`, body);
      toast(editing ? `Saved user ${name.value}` : `Created user ${name.value}`);
      location.hash = '#/users';
    } catch (e) {
      const m = e.message;
      if (/password/i.test(m)) { fieldError(password, err.password, m); password.focus(); }
      else if (/username|reserved/i.test(m)) { fieldError(name, err.username, m); name.focus(); }
      else if (/role/i.test(m)) { fieldError(otherRoles, err.roles, m); otherRoles.focus(); }
      else formError.textContent = m;
    } finally {
      submit.disabled = false;
    }
  });

  return h('div', {},
    h('div', { class: 'crumbs' }, h('a', { href: '#/users' }, '‹ Users')),
    pageHead(editing ? `Edit user ${username}` : 'Create user'),
    form);
}
