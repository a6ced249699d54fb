// The API keys list (search, filters, sorting, paging, bulk invalidation) and one key's details.
import { h, clear, confirmDialog, toast, pageHead, uid } from './dom.js';
import * as api from './api.js';
import { formatDate, fromNow, iso, keyStatus, pretty, plural } from './format.js';

// The list's view state survives navigation within the session.
const view = {
  scope: null, // 'all' | 'own'
  q: '', owner: '', status: 'all',
  sort: { field: 'creation', dir: 'desc' },
  page: 0, size: 25,
  selected: new Set(),
};

const COLUMNS = [
  ['name', 'Name'], ['username', 'Owner'], ['realm', 'Realm'], ['creation', 'Created'], ['expiration', 'Expires'], ['status', 'Status'],
];

/** All keys the caller may see: everybody's with manage_api_key/read_security, else only its own. */
async function loadKeys(scope) {
  const r = await api.get(scope === 'all' ? '/_security/api_key' : '/_security/api_key?owner=true');
  const now = Date.now();
  return (r.api_keys || []).map(k => ({ ...k, status: keyStatus(k, now) }));
}

/** Invalidates keys by id; with only manage_own_api_key the request must say owner:true. */
export async function invalidate(ctx, ids) {
  const body = { ids };
  if (!ctx.canManageAllKeys) body.owner = true;
  const r = await api.del('/_security/api_key', body);
  const n = (r.invalidated_api_keys || []).length;
  if (r.error_count > 0) {
    const reasons = (r.error_details || []).map(d => d.reason).join('; ');
    toast(`Invalidated ${plural(n, 'API key')}; ${plural(r.error_count, 'error')}: ${reasons}`, 'error');
  } else {
    toast(n ? `Invalidated ${plural(n, 'API key')}` : 'Nothing to invalidate: already invalidated');
  }
  return r;
}

function matches(k) {
  const q = view.q.trim().toLowerCase();
  if (q && !(k.name || '').toLowerCase().includes(q) && !k.id.toLowerCase().includes(q)) return false;
  if (view.owner && k.username !== view.owner) return false;
  if (view.status !== 'all' && k.status !== view.status) return false;
  return true;
}

function compare(a, b) {
  const f = view.sort.field;
  let x = a[f], y = b[f];
  if (f === 'expiration') { x = x || Number.MAX_SAFE_INTEGER; y = y || Number.MAX_SAFE_INTEGER; }
  let c;
  if (typeof x === 'number' && typeof y === 'number') c = x - y;
  else c = String(x || '').localeCompare(String(y || ''), undefined, { sensitivity: 'base', numeric: true });
  if (c === 0) c = (a.creation || 0) - (b.creation || 0);
  return view.sort.dir === 'asc' ? c : -c;
}

export async function keysPage(ctx) {
  if (!ctx.canOwnKeys && !ctx.canAllKeys) {
    return h('div', {}, pageHead('API keys'), h('div', { class: 'callout warning' },
      h('strong', {}, 'No access to API keys'),
      h('p', {}, 'Your roles grant neither manage_own_api_key nor manage_api_key.')));
  }
  if (!view.scope) view.scope = ctx.canAllKeys ? 'all' : 'own';
  if (!ctx.canAllKeys) view.scope = 'own';
  const keys = await loadKeys(view.scope);
  const known = new Set(keys.map(k => k.id));
  for (const id of [...view.selected]) if (!known.has(id)) view.selected.delete(id);

  const page = h('div', {});
  const tableArea = h('div', {});
  const bulkButton = h('button', { type: 'button', class: 'btn danger', id: 'invalidate-selected' });

  const rerender = () => renderTable();
  const reload = () => window.dispatchEvent(new CustomEvent('keygate:rerender'));

  const search = h('input', { type: 'search', id: 'keys-search', placeholder: 'Name or id', value: view.q });
  search.addEventListener('input', () => { view.q = search.value; view.page = 0; rerender(); });
  const owners = [...new Set(keys.map(k => k.username))].sort();
  const ownerSelect = h('select', { id: 'keys-owner' },
    h('option', { value: '' }, 'All owners'), owners.map(o => h('option', { value: o }, o)));
  ownerSelect.value = owners.includes(view.owner) ? view.owner : '';
  view.owner = ownerSelect.value;
  ownerSelect.addEventListener('change', () => { view.owner = ownerSelect.value; view.page = 0; rerender(); });
  const statusSelect = h('select', { id: 'keys-status' },
    [['all', 'Any status'], ['active', 'Active'], ['expired', 'Expired'], ['invalidated', 'Invalidated']]
      .map(([v, l]) => h('option', { value: v }, l)));
  statusSelect.value = view.status;
  statusSelect.addEventListener('change', () => { view.status = statusSelect.value; view.page = 0; rerender(); });

  bulkButton.addEventListener('click', async () => {
    const ids = [...view.selected];
    if (!ids.length) return;
    const ok = await confirmDialog({
      title: `Invalidate ${plural(ids.length, 'API key')}?`,
      body: 'Programs that use these keys are refused from now on. This cannot be undone.',
      confirmLabel: `Invalidate ${plural(ids.length, 'key')}`, danger: true,
    });
    if (!ok) return;
    try { await invalidate(ctx, ids); view.selected.clear(); reload(); } catch (e) { toast(e.message, 'error'); }
  });

  let scopeControl = null;
  if (ctx.canAllKeys) {
    const name = uid('scope');
    scopeControl = h('div', { class: 'field' },
      h('span', { class: 'label', id: `${name}-label` }, 'Show'),
      h('div', { class: 'segmented', role: 'radiogroup', 'aria-labelledby': `${name}-label` },
        [['all', 'All keys'], ['own', 'My keys']].map(([v, l]) => {
          const input = h('input', { type: 'radio', name, value: v, checked: view.scope === v, id: `scope-${v}` });
          input.addEventListener('change', () => { view.scope = v; view.page = 0; view.owner = ''; view.selected.clear(); reload(); });
          return h('label', {}, input, h('span', {}, l));
        })));
  }

  const refresh = h('button', { type: 'button', class: 'btn', id: 'keys-refresh' }, 'Refresh');
  refresh.addEventListener('click', reload);

  page.append(
    pageHead('API keys',
      ctx.canAllKeys && view.scope === 'all'
        ? 'Scoped, expiring credentials for the programs that send data: APM Server, Beats, Elastic Agent, Logstash, OpenTelemetry. You see every user\'s keys.'
        : 'Scoped, expiring credentials for the programs that send data: APM Server, Beats, Elastic Agent, Logstash, OpenTelemetry. You see the keys you own.',
      h('a', { class: 'btn primary', href: '#/keys/new', id: 'create-key' }, 'Create API key')),
    h('div', { class: 'panel flush' },
      h('div', { class: 'toolbar', role: 'search' },
        scopeControl,
        h('div', { class: 'field' }, h('label', { for: 'keys-search' }, 'Search'), search),
        view.scope === 'all' ? h('div', { class: 'field' }, h('label', { for: 'keys-owner' }, 'Owner'), ownerSelect) : null,
        h('div', { class: 'field' }, h('label', { for: 'keys-status' }, 'Status'), statusSelect),
        h('div', { class: 'spacer' }),
        refresh, bulkButton),
      tableArea));

  function renderTable() {
    const rows = keys.filter(matches).sort(compare);
    const pages = Math.max(1, Math.ceil(rows.length / view.size));
    if (view.page >= pages) view.page = pages - 1;
    const shown = rows.slice(view.page * view.size, (view.page + 1) * view.size);
    const selectable = shown.filter(k => k.status !== 'invalidated');
    bulkButton.textContent = view.selected.size ? `Invalidate ${plural(view.selected.size, 'key')}` : 'Invalidate selected';
    bulkButton.disabled = view.selected.size === 0;

    clear(tableArea);
    if (!keys.length) {
      tableArea.append(h('div', { class: 'empty' },
        h('p', {}, view.scope === 'own' ? "You don't own any API keys yet." : 'There are no API keys yet.'),
        h('a', { class: 'btn primary', href: '#/keys/new' }, 'Create your first API key')));
      return;
    }
    if (!rows.length) {
      const reset = h('button', { type: 'button', class: 'btn' }, 'Clear filters');
      reset.addEventListener('click', () => { view.q = ''; view.owner = ''; view.status = 'all'; reload(); });
      tableArea.append(h('div', { class: 'empty' }, h('p', {}, 'No API key matches these filters.'), reset));
      return;
    }

    const all = h('input', {
      type: 'checkbox', 'aria-label': 'Select all keys on this page', id: 'select-page',
      checked: selectable.length > 0 && selectable.every(k => view.selected.has(k.id)),
      indeterminate: selectable.some(k => view.selected.has(k.id)) && !selectable.every(k => view.selected.has(k.id)),
      disabled: selectable.length === 0,
    });
    all.addEventListener('change', () => {
      for (const k of selectable) { if (all.checked) view.selected.add(k.id); else view.selected.delete(k.id); }
      rerender();
    });

    const head = h('tr', {}, h('th', { class: 'check-cell', scope: 'col' }, all),
      COLUMNS.map(([field, label]) => {
        const sorted = view.sort.field === field;
        const button = h('button', { type: 'button', class: 'sort', 'data-sort': field },
          label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, sorted && view.sort.dir === 'asc' ? '▲' : '▼'));
        button.addEventListener('click', () => {
          if (sorted) view.sort.dir = view.sort.dir === 'asc' ? 'desc' : 'asc';
          else view.sort = { field, dir: field === 'creation' || field === 'expiration' ? 'desc' : 'asc' };
          rerender();
          tableArea.querySelector(`button[data-sort="${field}"]`).focus();
        });
        return h('th', { scope: 'col', 'aria-sort': sorted ? (view.sort.dir === 'asc' ? 'ascending' : 'descending') : null }, button);
      }),
      h('th', { scope: 'col' }, h('span', { class: 'offscreen' }, 'Actions')));

    const body = h('tbody', {}, shown.map(k => keyRow(ctx, k, rerender, reload)));
    const sizeSelect = h('select', { id: 'page-size' }, [10, 25, 50, 100].map(n => h('option', { value: String(n) }, String(n))));
    sizeSelect.value = String(view.size);
    sizeSelect.addEventListener('change', () => { view.size = Number(sizeSelect.value); view.page = 0; rerender(); });
    const prev = h('button', { type: 'button', class: 'btn small', id: 'page-prev', disabled: view.page === 0 }, '‹ Previous');
    const next = h('button', { type: 'button', class: 'btn small', id: 'page-next', disabled: view.page >= pages - 1 }, 'Next ›');
    prev.addEventListener('click', () => { view.page -= 1; rerender(); });
    next.addEventListener('click', () => { view.page += 1; rerender(); });
    const from = view.page * view.size + 1;
    const to = Math.min(rows.length, (view.page + 1) * view.size);

    tableArea.append(
      h('table', { id: 'keys-table' }, h('caption', { class: 'offscreen' }, 'API keys'), h('thead', {}, head), body),
      h('div', { class: 'pager' },
        h('div', { class: 'inline' }, h('label', { for: 'page-size' }, 'Rows per page'), sizeSelect),
        h('span', { id: 'page-info', 'aria-live': 'polite' }, `${from}–${to} of ${rows.length.toLocaleString()}${rows.length !== keys.length ? ` (filtered from ${keys.length.toLocaleString()})` : ''}`),
        h('div', { class: 'actions' }, prev, h('span', {}, `Page ${view.page + 1} of ${pages}`), next)));
  }

  renderTable();
  return page;
}

function keyRow(ctx, k, rerender, reload) {
  const selectable = k.status !== 'invalidated';
  const box = h('input', {
    type: 'checkbox', 'aria-label': `Select ${k.name || k.id}`, checked: view.selected.has(k.id), disabled: !selectable,
  });
  box.addEventListener('change', () => { if (box.checked) view.selected.add(k.id); else view.selected.delete(k.id); rerender(); });
  let action = null;
  if (selectable) {
    action = h('button', { type: 'button', class: 'btn ghost-danger small', 'data-invalidate': k.id, 'aria-label': `Invalidate ${k.name || k.id}` }, 'Invalidate');
    action.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `Invalidate "${k.name || k.id}"?`,
        body: 'Programs that use this key are refused from now on. This cannot be undone.',
        confirmLabel: 'Invalidate key', danger: true,
      });
      if (!ok) return;
      try { await invalidate(ctx, [k.id]); view.selected.delete(k.id); reload(); } catch (e) { toast(e.message, 'error'); }
    });
  }
  return h('tr', { 'data-key-id': k.id },
    h('td', { class: 'check-cell' }, box),
    h('td', {}, h('a', { class: 'key-name', href: `#/keys/${encodeURIComponent(k.id)}` }, k.name || '(no name)'), h('span', { class: 'sub mono' }, k.id)),
    h('td', {}, k.username),
    h('td', {}, k.realm, k.realm_type && k.realm_type !== k.realm ? h('span', { class: 'sub' }, k.realm_type) : null),
    h('td', { class: 'nowrap' }, dateCell(k.creation)),
    h('td', { class: 'nowrap' }, k.expiration ? dateCell(k.expiration) : h('span', { class: 'sub' }, 'Never')),
    h('td', {}, statusBadge(k.status)),
    h('td', { class: 'nowrap' }, action));
}

function dateCell(ms) {
  return [h('time', { datetime: iso(ms), title: iso(ms) }, fromNow(ms)), h('span', { class: 'sub' }, formatDate(ms))];
}

export function statusBadge(status) {
  const label = { active: 'Active', expired: 'Expired', invalidated: 'Invalidated' }[status] || status;
  return h('span', { class: `badge ${status}`, 'data-status': status }, label);
}

export async function keyDetailsPage(ctx, id) {
  let r;
  let limitedByShown = true;
  try {
    r = await api.get(`/_security/api_key?id=${api.enc(id)}&with_limited_by=true${ctx.canAllKeys ? '' : '&owner=true'}`);
  } catch (e) {
    if (e.status === 403 || e.status === 400) {
      limitedByShown = false;
      try {
        r = await api.get(`/_security/api_key?id=${api.enc(id)}${ctx.canAllKeys ? '' : '&owner=true'}`);
      } catch (e2) {
        if (e2.status !== 404) throw e2;
        r = { api_keys: [] };
      }
    } else if (e.status === 404) {
      r = { api_keys: [] };
    } else throw e;
  }
  const k = (r.api_keys || [])[0];
  const back = h('div', { class: 'crumbs' }, h('a', { href: '#/keys' }, '‹ API keys'));
  if (!k) {
    return h('div', {}, back, pageHead('API key not found'), h('div', { class: 'callout warning' }, h('p', {}, `No API key with id ${id} is visible to you.`)));
  }
  const status = keyStatus(k);
  let invalidateButton = null;
  if (status !== 'invalidated') {
    invalidateButton = h('button', { type: 'button', class: 'btn danger', id: 'invalidate-key' }, 'Invalidate');
    invalidateButton.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `Invalidate "${k.name || k.id}"?`,
        body: 'Programs that use this key are refused from now on. This cannot be undone.',
        confirmLabel: 'Invalidate key', danger: true,
      });
      if (!ok) return;
      try { await invalidate(ctx, [k.id]); window.dispatchEvent(new CustomEvent('keygate:rerender')); } catch (e) { toast(e.message, 'error'); }
    });
  }
  const descriptors = k.role_descriptors || {};
  const hasOwn = Object.keys(descriptors).length > 0;
  const limitedBy = k.limited_by;
  return h('div', {},
    back,
    pageHead(k.name || '(no name)', null, invalidateButton),
    h('div', { class: 'panel' },
      h('dl', { class: 'details', id: 'key-details' },
        h('dt', {}, 'Status'), h('dd', {}, statusBadge(status)),
        h('dt', {}, 'ID'), h('dd', { class: 'mono' }, k.id),
        h('dt', {}, 'Owner'), h('dd', {}, k.username),
        h('dt', {}, 'Realm'), h('dd', {}, k.realm, k.realm_type && k.realm_type !== k.realm ? ` (${k.realm_type})` : ''),
        h('dt', {}, 'Type'), h('dd', {}, k.type || 'rest'),
        h('dt', {}, 'Created'), h('dd', {}, formatDate(k.creation), h('span', { class: 'sub' }, fromNow(k.creation))),
        h('dt', {}, 'Expires'), h('dd', {}, k.expiration ? [formatDate(k.expiration), h('span', { class: 'sub' }, fromNow(k.expiration))] : 'Never'),
        k.invalidated && k.invalidation ? [h('dt', {}, 'Invalidated'), h('dd', {}, formatDate(k.invalidation), h('span', { class: 'sub' }, fromNow(k.invalidation)))] : null)),
    h('div', { class: 'grid-2' },
      h('section', { class: 'panel', 'aria-labelledby': 'rd-title' },
        h('h2', { id: 'rd-title' }, 'Role descriptors'),
        hasOwn
          ? [summary(descriptors), rawJson('key-role-descriptors', descriptors)]
          : h('p', { class: 'hint' }, 'None: the key has all of its owner\'s privileges (as they were when it was created or last updated).')),
      h('section', { class: 'panel', 'aria-labelledby': 'lb-title' },
        h('h2', { id: 'lb-title' }, 'Limited by (owner\'s privileges)'),
        limitedBy
          ? [summary(Object.assign({}, ...limitedBy)), rawJson('key-limited-by', limitedBy)]
          : h('p', { class: 'hint' }, limitedByShown ? 'Not reported for this key.' : 'Seeing an owner\'s privileges needs manage_api_key.'))),
    h('section', { class: 'panel', 'aria-labelledby': 'md-title' },
      h('h2', { id: 'md-title' }, 'Metadata'),
      k.metadata && Object.keys(k.metadata).length
        ? h('pre', { class: 'json', id: 'key-metadata' }, pretty(k.metadata))
        : h('p', { class: 'hint' }, 'No metadata.')));
}

/** Role descriptors as a person reads them: per role, cluster privileges and index patterns → privileges. */
function summary(descriptors) {
  return h('div', { class: 'rd-summary' }, Object.entries(descriptors).map(([name, d]) => h('div', { class: 'rd-role' },
    h('h3', {}, name),
    h('dl', { class: 'rd' },
      h('dt', {}, 'Cluster'), h('dd', {}, (d.cluster || []).length ? d.cluster.map(c => h('span', { class: 'chip' }, c)) : h('span', { class: 'sub' }, 'none')),
      (d.indices || d.index || []).map(i => [
        h('dt', {}, 'Indices'),
        h('dd', {}, [].concat(i.names).map(n => h('span', { class: 'chip' }, n)), h('span', { class: 'arrow-sep', 'aria-hidden': 'true' }, '→'),
          h('span', { class: 'offscreen' }, 'privileges:'), (i.privileges || []).map(p => h('span', { class: 'chip priv' }, p)),
          i.allow_restricted_indices ? h('span', { class: 'badge expired' }, 'restricted indices allowed') : null,
          i.query ? h('span', { class: 'badge neutral' }, 'document-level security') : null,
          i.field_security ? h('span', { class: 'badge neutral' }, 'field-level security') : null),
      ]),
      (d.run_as || []).length ? [h('dt', {}, 'Run as'), h('dd', {}, d.run_as.map(r => h('span', { class: 'chip' }, r)))] : null))));
}

function rawJson(id, value) {
  return h('details', { class: 'raw' }, h('summary', {}, 'JSON'), h('pre', { class: 'json', id }, pretty(value)));
}
