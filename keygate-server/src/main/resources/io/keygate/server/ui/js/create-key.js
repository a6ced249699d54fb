// Create an API key, then show it once in the format a program needs.
import { h, clear, fieldError, pageHead, copyText, uid } from './dom.js';
import * as api from './api.js';
import { TEMPLATES, templateById } from './templates.js';
import { formats, snippets } from './snippets.js';
import { formatDate, fromNow, plural, pretty } from './format.js';

// The last key created, held in memory only until the user leaves the "created" screen.
let created = null;

/** Parses a JSON editor's text; returns {value} or {error} with a line number when it can. */
function parseJson(text, what) {
  if (!text.trim()) return { error: `Enter the ${what} as a JSON object.` };
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: `The ${what} must be a JSON object: { … }.` };
    return { value };
  } catch (e) {
    const m = /position (\d+)/.exec(e.message);
    let where = '';
    if (m) {
      const before = text.slice(0, Number(m[1]));
      where = ` (line ${before.split('\n').length})`;
    }
    return { error: `Not valid JSON${where}: ${e.message}` };
  }
}

/** Which field a server validation message is about, so the reason shows next to it. */
function fieldOf(reason) {
  const r = reason.toLowerCase();
  if (/role|privilege|indices|cluster|index|names|field_security|run_as|applications|restriction/.test(r) && !/api key name/.test(r)) return 'roles';
  if (/metadata/.test(r)) return 'metadata';
  if (/name/.test(r)) return 'name';
  if (/expir|time value|duration/.test(r)) return 'expiration';
  return 'form';
}

function toggleBlock(id, label, hint, body) {
  const box = h('input', { type: 'checkbox', id, 'aria-controls': `${id}-body`, 'aria-expanded': 'false' });
  const sub = h('div', { class: 'subfields', id: `${id}-body`, hidden: true }, body);
  box.addEventListener('change', () => {
    sub.hidden = !box.checked;
    box.setAttribute('aria-expanded', String(box.checked));
  });
  return { box, el: h('div', { class: 'section' }, h('label', { class: 'check', for: id }, box, h('span', {}, label, h('p', { class: 'hint' }, hint))), sub) };
}

export async function createKeyPage(ctx) {
  const errors = {};
  const slot = name => (errors[name] = h('p', { class: 'field-error', id: `err-${name}`, role: 'alert' }));

  const name = h('input', { type: 'text', id: 'key-name', name: 'name', required: true, autocomplete: 'off', 'aria-describedby': 'key-name-hint err-name', maxlength: '256' });
  name.addEventListener('input', () => fieldError(name, errors.name, ''));
  const nameField = h('div', { class: 'field' },
    h('label', { for: 'key-name' }, 'Name'), name,
    h('p', { class: 'hint', id: 'key-name-hint' }, 'Say what uses it, e.g. "apm-server prod-eu-1". Names need not be unique.'), slot('name'));

  const template = h('select', { id: 'key-template' },
    h('option', { value: '' }, 'Custom (write your own)'),
    TEMPLATES.map(t => h('option', { value: t.id }, t.label)));
  const templateHint = h('p', { class: 'hint', id: 'key-template-hint' }, 'Fill the editor from a ready-made role for a shipper.');
  const roles = h('textarea', { id: 'key-role-descriptors', spellcheck: 'false', rows: '14', 'aria-describedby': 'key-rd-hint err-roles key-rd-syntax' });
  roles.value = pretty({ my_role: { cluster: [], indices: [{ names: ['my-index-*'], privileges: ['read'] }] } });
  const rolesSyntax = h('p', { class: 'field-ok', id: 'key-rd-syntax', 'aria-live': 'polite' });
  template.addEventListener('change', () => {
    const t = templateById(template.value);
    templateHint.textContent = t ? t.description : 'Fill the editor from a ready-made role for a shipper.';
    if (t) { roles.value = pretty(t.descriptors); checkRoles(); fieldError(roles, errors.roles, ''); fit(); }
  });
  const checkRoles = () => {
    const p = parseJson(roles.value, 'role descriptors');
    rolesSyntax.className = p.error ? 'field-error' : 'field-ok';
    rolesSyntax.textContent = p.error ? p.error : `Valid JSON: ${Object.keys(p.value).length} role descriptor(s). The server checks privileges and fields when you create the key.`;
    return p;
  };
  const fit = () => { roles.rows = Math.min(24, Math.max(8, roles.value.split('\n').length + 1)); };
  roles.addEventListener('input', () => { checkRoles(); fieldError(roles, errors.roles, ''); fit(); });
  const restrict = toggleBlock('key-restrict', 'Restrict privileges',
    'Without a restriction the key has all of your privileges. With one, it has only what these role descriptors grant (and never more than you).',
    [h('div', { class: 'field' }, h('label', { for: 'key-template' }, 'Start from a template'), template, templateHint),
      h('div', { class: 'field' }, h('label', { for: 'key-role-descriptors' }, 'Role descriptors'),
        h('p', { class: 'hint', id: 'key-rd-hint' }, 'A JSON object: role name → { "cluster": [...], "indices": [{ "names": [...], "privileges": [...] }] }, as in Elasticsearch\'s create API key API.'),
        roles, rolesSyntax, slot('roles'))]);

  const days = h('input', { type: 'number', id: 'key-expire-days', min: '1', step: '1', value: '30', 'aria-describedby': 'err-expiration' });
  const expire = toggleBlock('key-expire', 'Expire after time',
    'A key that expires is refused from then on; a key without expiration lives until it is invalidated.',
    h('div', { class: 'field' }, h('label', { for: 'key-expire-days' }, 'Expires after'),
      h('div', { class: 'inline' }, days, h('span', {}, 'days')), slot('expiration')));

  const metadata = h('textarea', { id: 'key-metadata', spellcheck: 'false', rows: '6', 'aria-describedby': 'err-metadata' });
  metadata.value = pretty({ application: 'my-app', environment: 'production' });
  metadata.addEventListener('input', () => fieldError(metadata, errors.metadata, ''));
  const meta = toggleBlock('key-with-metadata', 'Include metadata',
    'Your own JSON facts about the key (team, environment, ticket…). Keys may not start with an underscore.',
    h('div', { class: 'field' }, h('label', { for: 'key-metadata' }, 'Metadata'), metadata, slot('metadata')));

  // The lifetime policy (keygate.security.authc.api_key.max_expiration), said before submitting.
  let maxDays = null;
  const policyNote = h('p', { class: 'hint', id: 'key-policy', hidden: true });
  try {
    const p = await api.get('/_security/api_key/_lifetime_policy?violations=false');
    if (p && p.enabled) {
      maxDays = Math.floor(p.max_expiration_in_millis / 86400000);
      expire.box.checked = true;
      expire.box.disabled = true;
      expire.box.dispatchEvent(new Event('change'));
      days.max = String(maxDays);
      if (Number(days.value) > maxDays) days.value = String(maxDays);
      policyNote.textContent = `This Keygate's policy: every key expires within ${p.max_expiration}` +
        (maxDays >= 1 ? ` (at most ${plural(maxDays, 'day')}).` : '.');
      policyNote.hidden = false;
    }
  } catch (e) { /* no policy shown: the server still enforces it */ }
  expire.el.querySelector('.subfields').prepend(policyNote);

  const formError = h('div', { class: 'form-error', id: 'err-form', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary', id: 'key-submit' }, 'Create API key');
  const form = h('form', { class: 'panel', novalidate: true, id: 'create-key-form' },
    formError,
    h('div', { class: 'section' }, nameField),
    restrict.el, expire.el, meta.el,
    h('div', { class: 'section actions' }, submit, h('a', { class: 'btn', href: '#/keys' }, 'Cancel')));

  const show = (field, message) => {
    const input = { name, roles, metadata, expiration: days }[field];
    if (input) { fieldError(input, errors[field], message); input.focus(); } else { formError.textContent = message; formError.focus?.(); }
  };

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    formError.textContent = '';
    for (const [f, input] of [['name', name], ['roles', roles], ['metadata', metadata], ['expiration', days]]) fieldError(input, errors[f], '');
    const body = { name: name.value };
    if (!name.value.trim()) return show('name', 'Give the key a name.');
    if (restrict.box.checked) {
      const p = checkRoles();
      if (p.error) return show('roles', p.error);
      body.role_descriptors = p.value;
    }
    if (expire.box.checked) {
      const n = Number(days.value);
      if (!Number.isInteger(n) || n < 1) return show('expiration', 'Enter a whole number of days, 1 or more.');
      if (maxDays !== null && n > maxDays) return show('expiration', `Keys may live at most ${plural(maxDays, 'day')} here (lifetime policy).`);
      body.expiration = `${n}d`;
    }
    if (meta.box.checked) {
      const p = parseJson(metadata.value, 'metadata');
      if (p.error) return show('metadata', p.error);
      body.metadata = p.value;
    }
    submit.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const r = await api.post('/_security/api_key', body);
      created = { ...r, name: r.name || body.name, snippet: (templateById(template.value) || {}).snippet };
      location.hash = '#/keys/created';
    } catch (e) {
      show(e.status === 400 ? fieldOf(e.message) : 'form', e.message);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create API key';
    }
  });

  return h('div', {},
    h('div', { class: 'crumbs' }, h('a', { href: '#/keys' }, '‹ API keys')),
    pageHead('Create API key', 'The key is shown once, right after it is created. Keygate keeps only a salted hash of it.'),
    form);
}

/** Shows a secret once on the "created" screen: a new key's, or a rotated key's new one ({rotated: true}). */
export function showOnce(key) {
  created = key;
  location.hash = '#/keys/created';
}

export async function keyCreatedPage(ctx) {
  const key = created;
  if (!key) {
    location.hash = '#/keys';
    return null;
  }
  // Leaving this screen forgets the secret: it cannot be shown again.
  const forget = () => { if (!location.hash.startsWith('#/keys/created')) { created = null; window.removeEventListener('hashchange', forget); } };
  window.addEventListener('hashchange', forget);

  const options = formats(key);
  const value = h('code', { id: 'key-value', tabindex: '0', 'aria-label': 'API key' });
  const hint = h('p', { class: 'hint', id: 'key-format-hint' });
  const copy = h('button', { type: 'button', class: 'btn', id: 'copy-key' }, 'Copy');
  copy.addEventListener('click', () => copyText(value.textContent, copy));
  const groupName = uid('format');
  const choose = id => {
    const f = options.find(o => o.id === id);
    value.textContent = f.value;
    hint.textContent = f.hint;
  };
  const radios = h('div', { class: 'segmented', role: 'radiogroup', 'aria-labelledby': 'format-label' },
    options.map((o, i) => {
      const input = h('input', { type: 'radio', name: groupName, value: o.id, id: `format-${o.id}`, checked: i === 0 });
      input.addEventListener('change', () => choose(o.id));
      return h('label', { for: `format-${o.id}` }, input, h('span', {}, o.label));
    }));
  choose('encoded');

  const list = snippets(key, location.origin);
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Configuration snippets' });
  const panel = h('div', { role: 'tabpanel', id: 'snippet-panel', tabindex: '0' });
  const select = id => {
    for (const b of tabs.children) {
      const on = b.dataset.snippet === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on) panel.setAttribute('aria-labelledby', b.id);
    }
    const s = list.find(x => x.id === id);
    const copySnippet = h('button', { type: 'button', class: 'btn small', id: 'copy-snippet' }, 'Copy');
    const code = h('pre', { class: 'code', id: `snippet-${s.id}` }, s.text);
    copySnippet.addEventListener('click', () => copyText(s.text, copySnippet));
    clear(panel).append(h('div', { class: 'snippet' }, code, copySnippet));
  };
  for (const s of list) {
    const b = h('button', { type: 'button', role: 'tab', id: `tab-${s.id}`, 'data-snippet': s.id, 'aria-controls': 'snippet-panel' }, s.label);
    b.addEventListener('click', () => select(s.id));
    b.addEventListener('keydown', ev => {
      const i = list.indexOf(s);
      const j = ev.key === 'ArrowRight' ? (i + 1) % list.length : ev.key === 'ArrowLeft' ? (i - 1 + list.length) % list.length : -1;
      if (j >= 0) { select(list[j].id); tabs.children[j].focus(); ev.preventDefault(); }
    });
    tabs.append(b);
  }
  select(key.snippet || 'apm');

  return h('div', {},
    h('div', { class: 'crumbs' }, h('a', { href: '#/keys' }, '‹ API keys')),
    pageHead(`API key "${key.name}" ${key.rotated ? 'rotated' : 'created'}`, key.expiration ? `Expires ${formatDate(key.expiration)} (${fromNow(key.expiration)}).` : 'It never expires; invalidate it when it is no longer needed.',
      h('a', { class: 'btn', href: `#/keys/${encodeURIComponent(key.id)}`, id: 'created-details' }, 'View details'),
      h('a', { class: 'btn primary', href: '#/keys', id: 'created-done' }, 'Done')),
    key.rotated ? h('div', { class: 'callout', id: 'rotation-grace' },
      h('strong', {}, key.previous_secret_valid_until
        ? `The previous secret keeps working until ${formatDate(key.previous_secret_valid_until)} (${fromNow(key.previous_secret_valid_until)}).`
        : 'The previous secret no longer works.'),
      h('p', {}, 'Same key: its id, name, privileges and expiration did not change. Give the programs that use it the new secret.')) : null,
    h('div', { class: 'callout warning', role: 'alert', id: 'once-warning' },
      h('strong', {}, 'Copy this key now: it won\'t be shown again.'),
      h('p', {}, 'Keygate stores only a hash of it. If you lose it, invalidate it and create a new one.')),
    h('section', { class: 'panel', 'aria-labelledby': 'format-label' },
      h('h2', { id: 'format-label' }, 'Your API key'),
      radios,
      h('div', { class: 'secret' }, value, copy),
      hint),
    h('section', { class: 'panel', 'aria-labelledby': 'snippets-title' },
      h('h2', { id: 'snippets-title' }, 'Use it'),
      h('p', { class: 'hint' }, `Ready-to-paste configuration pointing at this Keygate (${location.origin}).`),
      tabs, panel));
}
