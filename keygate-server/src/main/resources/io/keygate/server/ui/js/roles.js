// Roles: list, create, edit, delete (Keygate's /_security/role API). Built-in roles are read-only.
import { h, confirmDialog, toast, pageHead, fieldError } from './dom.js';
import * as api from './api.js';
import { pretty } from './format.js';

const reserved = d => !!(d.metadata && d.metadata._reserved);

export async function rolesPage(ctx) {
  let roles;
  try {
    roles = Object.entries(await api.get('/_security/role')).sort(([a], [b]) => a.localeCompare(b));
  } catch (e) {
    if (e.status !== 403) throw e;
    return h('div', {}, pageHead('Roles'), h('div', { class: 'callout warning' }, h('p', {}, e.message)));
  }
  const canEdit = ctx.canManageSecurity;
  const rows = roles.map(([name, d]) => {
    let del = null;
    if (canEdit && !reserved(d)) {
      del = h('button', { type: 'button', class: 'btn ghost-danger small', 'aria-label': `Delete role ${name}`, 'data-delete': name }, 'Delete');
      del.addEventListener('click', async () => {
        const ok = await confirmDialog({
          title: `Delete role "${name}"?`,
          body: 'Users with this role lose its privileges at once.',
          confirmLabel: 'Delete role', danger: true,
        });
        if (!ok) return;
        try {
          await api.del(`/_security/role/${api.enc(name)}`);
          toast(`Deleted role ${name}`);
          window.dispatchEvent(new CustomEvent('keygate:rerender'));
        } catch (e) { toast(e.message, 'error'); }
      });
    }
    const indices = (d.indices || []).flatMap(i => i.names || []);
    return h('tr', { 'data-role': name },
      h('td', {}, h('a', { class: 'key-name', href: `#/roles/${api.enc(name)}` }, name),
        reserved(d) ? [' ', h('span', { class: 'badge neutral' }, 'Built-in')] : null,
        d.description ? h('span', { class: 'sub' }, d.description) : null),
      h('td', {}, (d.cluster || []).map(c => h('span', { class: 'chip' }, c))),
      h('td', {}, indices.slice(0, 6).map(c => h('span', { class: 'chip' }, c)), indices.length > 6 ? h('span', { class: 'sub' }, `+${indices.length - 6} more`) : null),
      h('td', { class: 'nowrap' }, del));
  });
  return h('div', {},
    pageHead('Roles', 'Named sets of cluster and index privileges, given to users. An API key never has more than its owner\'s roles.',
      canEdit ? h('a', { class: 'btn primary', href: '#/roles/new', id: 'create-role' }, 'Create role') : null),
    h('div', { class: 'panel flush' },
      h('table', { id: 'roles-table' },
        h('thead', {}, h('tr', {}, ['Role', 'Cluster privileges', 'Index patterns'].map(c => h('th', { scope: 'col' }, c)),
          h('th', { scope: 'col' }, h('span', { class: 'offscreen' }, 'Actions')))),
        h('tbody', {}, rows))));
}

export async function roleFormPage(ctx, name) {
  const editing = name !== null;
  let descriptor = { cluster: [], indices: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }] };
  if (editing) {
    const r = await api.get(`/_security/role/${api.enc(name)}`);
    descriptor = r[name];
  }
  const readOnly = editing && reserved(descriptor) || !ctx.canManageSecurity;
  const shown = { ...descriptor };
  if (shown.transient_metadata) delete shown.transient_metadata;

  const nameErr = h('p', { class: 'field-error', id: 'err-role-name', role: 'alert' });
  const bodyErr = h('p', { class: 'field-error', id: 'err-role-body', role: 'alert' });
  const roleName = h('input', { type: 'text', id: 'role-name', value: editing ? name : '', disabled: editing, required: true, autocomplete: 'off', 'aria-describedby': 'err-role-name' });
  const editor = h('textarea', { id: 'role-body', spellcheck: 'false', rows: '18', readonly: readOnly, 'aria-describedby': 'role-body-hint err-role-body' });
  editor.value = pretty(shown);
  editor.rows = Math.min(24, Math.max(8, editor.value.split('\n').length + 1));
  editor.addEventListener('input', () => fieldError(editor, bodyErr, ''));
  const submit = readOnly ? null : h('button', { type: 'submit', class: 'btn primary', id: 'role-submit' }, editing ? 'Save role' : 'Create role');
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'panel', novalidate: true },
    formError,
    readOnly ? h('div', { class: 'callout info' }, h('p', {}, reserved(descriptor) ? 'A built-in role: it cannot be changed.' : 'You can read roles but not change them.')) : null,
    h('div', { class: 'field' }, h('label', { for: 'role-name' }, 'Name'), roleName, nameErr),
    h('div', { class: 'field' }, h('label', { for: 'role-body' }, 'Role descriptor'),
      h('p', { class: 'hint', id: 'role-body-hint' }, 'As in Elasticsearch\'s create role API: cluster, indices (names, privileges, field_security, query, allow_restricted_indices), run_as, metadata, description.'),
      editor, bodyErr),
    h('div', { class: 'actions' }, submit, h('a', { class: 'btn', href: '#/roles' }, readOnly ? 'Back' : 'Cancel')));

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    formError.textContent = '';
    fieldError(roleName, nameErr, '');
    fieldError(editor, bodyErr, '');
    if (!roleName.value.trim()) { fieldError(roleName, nameErr, 'Enter a role name.'); roleName.focus(); return; }
    let body;
    try { body = JSON.parse(editor.value); } catch (e) { fieldError(editor, bodyErr, `Not valid JSON: ${e.message}`); editor.focus(); return; }
    submit.disabled = true;
    try {
      await api.put(`/_security/role/${api.enc(roleName.value)}`, body);
      toast(editing ? `Saved role ${roleName.value}` : `Created role ${roleName.value}`);
      location.hash = '#/roles';
    } catch (e) {
      if (/role name|reserved/i.test(e.message)) { fieldError(roleName, nameErr, e.message); roleName.focus(); }
      else { fieldError(editor, bodyErr, e.message); editor.focus(); }
    } finally {
      submit.disabled = false;
    }
  });

  return h('div', {},
    h('div', { class: 'crumbs' }, h('a', { href: '#/roles' }, '‹ Roles')),
    pageHead(editing ? (readOnly ? `Role ${name}` : `Edit role ${name}`) : 'Create role'),
    form);
}
