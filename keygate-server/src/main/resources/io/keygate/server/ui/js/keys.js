// The API keys list (search, filters, sorting, paging, bulk invalidation) and one key's details.
// The list asks the server for one page at a time through the query API (POST /_security/_query/api_key).
import { h, clear, confirmDialog, toast, pageHead, uid } from './dom.js';
import * as api from './api.js';
import { showOnce } from './create-key.js';
import { formatDate, fromNow, iso, keyStatus, pretty, plural } from './format.js';

// The list's view state survives navigation within the session.
const view = {
  scope: null, // 'all' | 'own'
  q: '', owner: '', status: 'all', usage: 'any',
  sort: { field: 'creation', dir: 'desc' },
  page: 0, size: 25,
  // search_after cursors by page index, for pages past the backend's from + size window
  after: new Map(),
  selected: new Set(),
};

/** The backend's index.max_result_window: from + size may not exceed it; deeper pages use search_after. */
const MAX_WINDOW = 10000;
const SEARCH_DEBOUNCE_MS = 250;
/** The window of the "expiring soon" banner (the metric's is keygate.security.authc.api_key.expiring_soon). */
const EXPIRING_SOON_DAYS = 7;
const OWNER_CHOICES = 100;
/**
 * Where "Never" sorts among expiration dates: 9999-12-31T23:59:59.999Z, the latest date. A number
 * rather than missing: _last, whose sort value (Long.MAX_VALUE) a JavaScript number cannot carry
 * back unchanged in search_after.
 */
const NEVER = 253402300799999;

const COLUMNS = [
  ['name', 'Name'], ['username', 'Owner'], ['realm', 'Realm'], ['creation', 'Created'], ['expiration', 'Expires'], ['last_used', 'Last used'], ['status', 'Status'],
];
/** Keygate's usage record (an extension of the key info object), as the query API names its fields. */
const LAST_USED = 'keygate_usage.last_used';

/** Escapes the wildcard query's special characters, so a search for "a*b" means those three characters. */
function wildcardLiteral(text) {
  return text.replace(/[\\*?]/g, c => `\\${c}`);
}

/** The list's filters as a query API query; the server adds the owner filter for manage_own_api_key. */
function listQuery(ctx) {
  const filter = [];
  const q = view.q.trim();
  if (q) {
    filter.push({ bool: { should: [
      { wildcard: { name: { value: `*${wildcardLiteral(q)}*`, case_insensitive: true } } },
      { ids: { values: [q] } },
    ], minimum_should_match: 1 } });
  }
  if (view.scope === 'own' && ctx.canAllKeys) filter.push(...ownerFilter(ctx));
  if (view.scope === 'all' && view.owner) filter.push({ term: { username: view.owner } });
  const notInvalidated = { bool: { must_not: [{ term: { invalidated: true } }] } };
  if (view.status === 'active') {
    filter.push(notInvalidated, { bool: { should: [
      { bool: { must_not: [{ exists: { field: 'expiration' } }] } },
      { range: { expiration: { gt: 'now' } } },
    ], minimum_should_match: 1 } });
  } else if (view.status === 'expired') {
    filter.push(notInvalidated, { range: { expiration: { lte: 'now' } } });
  } else if (view.status === 'invalidated') {
    filter.push({ term: { invalidated: true } });
  } else if (view.status.startsWith('expiring-')) {
    filter.push(notInvalidated, expiringWithin(Number(view.status.slice(9))));
  }
  const neverUsed = { bool: { must_not: [{ exists: { field: LAST_USED } }] } };
  if (view.usage === 'never') {
    filter.push(neverUsed);
  } else if (view.usage.startsWith('idle-')) {
    // not used for N days: last used before then, or never used and created before then
    const since = `now-${Number(view.usage.slice(5))}d`;
    filter.push({ bool: { should: [
      { range: { [LAST_USED]: { lt: since } } },
      { bool: { filter: [neverUsed, { range: { creation: { lt: since } } }] } },
    ], minimum_should_match: 1 } });
  }
  return filter.length ? { bool: { filter } } : { match_all: {} };
}

/** Active keys whose expiration falls within the next {@code days}. */
function expiringWithin(days) {
  return { range: { expiration: { gt: 'now', lte: `now+${days}d` } } };
}

/** How many of the keys in view (scope and owner, not the other filters) expire within 7 days: the banner's count. */
async function countExpiringSoon(ctx) {
  const filter = [{ bool: { must_not: [{ term: { invalidated: true } }] } }, expiringWithin(EXPIRING_SOON_DAYS)];
  if (view.scope === 'own' && ctx.canAllKeys) filter.push(...ownerFilter(ctx));
  if (view.scope === 'all' && view.owner) filter.push({ term: { username: view.owner } });
  const r = await api.post('/_security/_query/api_key', { size: 0, query: { bool: { filter } } });
  return r.total || 0;
}

/** "My keys" for a user who may see everybody's: its own username in its own realm. */
function ownerFilter(ctx) {
  const realm = ctx.me.authentication_realm && ctx.me.authentication_realm.name;
  return [{ term: { username: ctx.me.username } }].concat(realm ? [{ term: { realm } }] : []);
}

/**
 * The sort for the column: Expires treats "Never" as the latest date; Status sorts by invalidated,
 * then by expiration the other way round, so ascending is Active → Expired → Invalidated. Ties go by
 * creation, then by the backend's _doc order, so that search_after is well defined.
 */
function listSort() {
  const { field, dir } = view.sort;
  const reverse = dir === 'asc' ? 'desc' : 'asc';
  const clauses = [];
  if (field === 'status') {
    clauses.push({ invalidated: { order: dir } }, { expiration: { order: reverse, missing: NEVER } });
  } else if (field === 'last_used') {
    clauses.push({ [LAST_USED]: { order: dir, missing: 0 } }); // never used: the oldest
  } else if (field === 'expiration') {
    clauses.push({ expiration: { order: dir, missing: NEVER } });
  } else {
    clauses.push({ [field]: { order: dir } });
  }
  if (field !== 'creation') clauses.push({ creation: { order: dir } });
  clauses.push({ _doc: { order: dir } });
  return clauses;
}

/** One page of keys from the server, with the total the filters match. */
async function loadPage(ctx) {
  const body = { query: listQuery(ctx), size: view.size, sort: listSort() };
  const from = view.page * view.size;
  if (from + view.size <= MAX_WINDOW) body.from = from;
  else if (view.after.has(view.page)) body.search_after = view.after.get(view.page);
  else { view.page = 0; body.from = 0; }
  const r = await api.post('/_security/_query/api_key', body);
  const now = Date.now();
  const keys = (r.api_keys || []).map(k => ({ ...k, status: keyStatus(k, now) }));
  const last = keys[keys.length - 1];
  if (last && last._sort) view.after.set(view.page + 1, last._sort);
  return { keys, total: r.total || 0 };
}

/** A page that is past the end now (keys invalidated under a status filter, say) becomes the last one, or the first. */
async function loadPageWithin(ctx) {
  const result = await loadPage(ctx);
  if (result.keys.length || view.page === 0) return result;
  const pages = Math.max(1, Math.ceil(result.total / view.size));
  view.page = pages * view.size <= MAX_WINDOW ? pages - 1 : 0;
  if (view.page === 0) view.after.clear();
  return loadPage(ctx);
}

/** What the rows depend on: an answer asked for in another state is not shown. */
function viewKey() {
  const { scope, q, owner, status, usage, sort, page, size } = view;
  return JSON.stringify([scope, q.trim(), owner, status, usage, sort.field, sort.dir, page, size]);
}

/** Owner choices: the (at most 100) usernames with the most keys, from a terms aggregation. */
async function loadOwners() {
  const r = await api.post('/_security/_query/api_key', {
    size: 0, aggs: { owners: { terms: { field: 'username', size: OWNER_CHOICES } } },
  });
  const buckets = (r.aggregations && r.aggregations.owners && r.aggregations.owners.buckets) || [];
  return buckets.map(b => b.key);
}

/** Whatever changes the rows but not the page's controls starts again from the first page. */
function restart() {
  view.page = 0;
  view.after.clear();
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

export async function keysPage(ctx) {
  if (!ctx.canOwnKeys && !ctx.canAllKeys) {
    return h('div', {}, pageHead('API keys'), h('div', { class: 'callout warning' },
      h('strong', {}, 'No access to API keys'),
      h('p', {}, 'Your roles grant neither manage_own_api_key nor manage_api_key.')));
  }
  if (!view.scope) view.scope = ctx.canAllKeys ? 'all' : 'own';
  if (!ctx.canAllKeys) view.scope = 'own';
  const asked = viewKey();
  const [first, ownerChoices, expiringSoon, policy] = await Promise.all([loadPageWithin(ctx), view.scope === 'all' ? loadOwners() : [],
    countExpiringSoon(ctx).catch(() => 0), api.get('/_security/api_key/_lifetime_policy?violations=false').catch(() => null)]);

  const page = h('div', {});
  const tableArea = h('div', { id: 'keys-area' });
  const bulkButton = h('button', { type: 'button', class: 'btn danger', id: 'invalidate-selected' });

  const reload = () => window.dispatchEvent(new CustomEvent('keygate:rerender'));

  // Every change asks the server again; an answer that arrives after a newer request started is dropped.
  let current = first;
  let generation = 0;
  async function refetch() {
    if (!tableArea.isConnected && generation > 0) return; // this page was replaced meanwhile
    const mine = ++generation;
    tableArea.setAttribute('aria-busy', 'true');
    try {
      const result = await loadPageWithin(ctx);
      if (mine !== generation) return;
      current = result;
      renderTable();
    } catch (e) {
      if (mine !== generation) return;
      if (e.status === 401) return;
      clear(tableArea).append(h('div', { class: 'callout danger', role: 'alert' }, h('strong', {}, 'The keys could not be loaded'), h('p', {}, e.message)));
    } finally {
      if (mine === generation) tableArea.removeAttribute('aria-busy');
    }
  }
  const rerender = () => renderTable();

  const search = h('input', { type: 'search', id: 'keys-search', placeholder: 'Name or id', value: view.q });
  let debounce = null;
  search.addEventListener('input', () => {
    // the state changes at once (a page built meanwhile starts from it); the request waits for a pause in typing
    view.q = search.value; restart();
    clearTimeout(debounce);
    debounce = setTimeout(refetch, SEARCH_DEBOUNCE_MS);
  });
  const owners = [...ownerChoices];
  if (view.owner && !owners.includes(view.owner)) owners.push(view.owner);
  owners.sort();
  const ownerSelect = h('select', { id: 'keys-owner' },
    h('option', { value: '' }, 'All owners'), owners.map(o => h('option', { value: o }, o)));
  ownerSelect.value = view.owner;
  ownerSelect.addEventListener('change', () => { view.owner = ownerSelect.value; restart(); refetch(); });
  const statusSelect = h('select', { id: 'keys-status' },
    [['all', 'Any status'], ['active', 'Active'], ['expiring-7', 'Expiring within 7 days'], ['expiring-30', 'Expiring within 30 days'],
      ['expired', 'Expired'], ['invalidated', 'Invalidated']]
      .map(([v, l]) => h('option', { value: v }, l)));
  statusSelect.value = view.status;
  statusSelect.addEventListener('change', () => { view.status = statusSelect.value; restart(); refetch(); });
  const usageSelect = h('select', { id: 'keys-usage' },
    [['any', 'Any use'], ['never', 'Never used'], ['idle-7', 'Not used for 7 days'], ['idle-30', 'Not used for 30 days'],
      ['idle-90', 'Not used for 90 days']].map(([v, l]) => h('option', { value: v }, l)));
  usageSelect.value = view.usage;
  usageSelect.addEventListener('change', () => { view.usage = usageSelect.value; restart(); refetch(); });

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
          input.addEventListener('change', () => { view.scope = v; restart(); view.owner = ''; view.selected.clear(); reload(); });
          return h('label', {}, input, h('span', {}, l));
        })));
  }

  const refresh = h('button', { type: 'button', class: 'btn', id: 'keys-refresh' }, 'Refresh');
  refresh.addEventListener('click', reload);

  let banner = null;
  if (expiringSoon > 0) {
    const show = h('button', { type: 'button', class: 'btn small', id: 'show-expiring' }, 'Show them');
    show.addEventListener('click', () => { view.status = `expiring-${EXPIRING_SOON_DAYS}`; restart(); reload(); });
    banner = h('div', { class: 'callout warning', id: 'expiring-banner', role: 'status' },
      h('strong', {}, `${plural(expiringSoon, 'API key')} ${expiringSoon === 1 ? 'expires' : 'expire'} within ${EXPIRING_SOON_DAYS} days.`),
      h('p', {}, expiringSoon === 1 ? 'Programs that use it are refused from then on: rotate or replace it in time. ' : 'Programs that use them are refused from then on: rotate or replace them in time. ', show));
  }

  // The lifetime policy: the keys that break it are listed on demand (the server reads every key for that)
  let policyBar = null;
  if (policy && policy.enabled) {
    const found = h('div', { id: 'policy-violations', 'aria-live': 'polite' });
    const check = h('button', { type: 'button', class: 'btn small', id: 'find-violations' }, 'Find keys that break it');
    check.addEventListener('click', async () => {
      check.disabled = true;
      try {
        const r = await api.get('/_security/api_key/_lifetime_policy');
        clear(found).append(r.count
          ? h('ul', { class: 'violations' }, r.violations.map(v => h('li', { 'data-key-id': v.id },
            h('a', { href: `#/keys/${encodeURIComponent(v.id)}` }, v.name || v.id), ` (${v.username}): ${v.reason}`)))
          : h('p', {}, 'No active key breaks it.'),
          r.count > r.violations.length
            ? h('p', { id: 'policy-violations-more' }, `${plural(r.count, 'key')} break it; the newest ${r.violations.length} are listed.`)
            : '');
      } catch (e) { toast(e.message, 'error'); } finally { check.disabled = false; }
    });
    policyBar = h('div', { class: 'callout', id: 'policy-bar' },
      h('strong', {}, `Lifetime policy: every key expires within ${policy.max_expiration}.`),
      h('p', {}, 'Keys made before the policy may break it: update them with an expiration, or replace them. ', check), found);
  }

  page.append(
    pageHead('API keys',
      ctx.canAllKeys && view.scope === 'all'
        ? 'Scoped, expiring credentials for the programs that send data: APM Server, Beats, Elastic Agent, Logstash, OpenTelemetry. You see every user\'s keys.'
        : 'Scoped, expiring credentials for the programs that send data: APM Server, Beats, Elastic Agent, Logstash, OpenTelemetry. You see the keys you own.',
      h('a', { class: 'btn primary', href: '#/keys/new', id: 'create-key' }, 'Create API key')),
    banner || '',
    policyBar || '',
    h('div', { class: 'panel flush' },
      h('div', { class: 'toolbar', role: 'search' },
        scopeControl,
        h('div', { class: 'field' }, h('label', { for: 'keys-search' }, 'Search'), search),
        view.scope === 'all' ? h('div', { class: 'field' }, h('label', { for: 'keys-owner' }, 'Owner'), ownerSelect) : null,
        h('div', { class: 'field' }, h('label', { for: 'keys-status' }, 'Status'), statusSelect),
        h('div', { class: 'field' }, h('label', { for: 'keys-usage' }, 'Use'), usageSelect),
        h('div', { class: 'spacer' }),
        refresh, bulkButton),
      tableArea));

  function renderTable() {
    const { keys: shown, total } = current;
    const pages = Math.max(1, Math.ceil(total / view.size));
    const selectable = shown.filter(k => k.status !== 'invalidated');
    bulkButton.textContent = view.selected.size ? `Invalidate ${plural(view.selected.size, 'key')}` : 'Invalidate selected';
    bulkButton.disabled = view.selected.size === 0;

    clear(tableArea);
    if (!total) {
      const filtered = view.q.trim() || view.owner || view.status !== 'all' || view.usage !== 'any';
      if (!filtered) {
        tableArea.append(h('div', { class: 'empty' },
          h('p', {}, view.scope === 'own' ? "You don't own any API keys yet." : 'There are no API keys yet.'),
          h('a', { class: 'btn primary', href: '#/keys/new' }, 'Create your first API key')));
        return;
      }
      const reset = h('button', { type: 'button', class: 'btn' }, 'Clear filters');
      reset.addEventListener('click', () => { view.q = ''; view.owner = ''; view.status = 'all'; view.usage = 'any'; restart(); reload(); });
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
        button.addEventListener('click', async () => {
          if (sorted) view.sort.dir = view.sort.dir === 'asc' ? 'desc' : 'asc';
          else view.sort = { field, dir: field === 'creation' || field === 'expiration' || field === 'last_used' ? 'desc' : 'asc' };
          restart();
          await refetch();
          const again = tableArea.querySelector(`button[data-sort="${field}"]`);
          if (again) again.focus();
        });
        return h('th', { scope: 'col', 'aria-sort': sorted ? (view.sort.dir === 'asc' ? 'ascending' : 'descending') : null }, button);
      }),
      h('th', { scope: 'col' }, h('span', { class: 'offscreen' }, 'Actions')));

    const body = h('tbody', {}, shown.map(k => keyRow(ctx, k, rerender, reload)));
    const sizeSelect = h('select', { id: 'page-size' }, [10, 25, 50, 100].map(n => h('option', { value: String(n) }, String(n))));
    sizeSelect.value = String(view.size);
    sizeSelect.addEventListener('change', () => { view.size = Number(sizeSelect.value); restart(); refetch(); });
    const last = shown[shown.length - 1];
    const canNext = view.page < pages - 1 && ((view.page + 2) * view.size <= MAX_WINDOW || !!(last && last._sort));
    const prev = h('button', { type: 'button', class: 'btn small', id: 'page-prev', disabled: view.page === 0 }, '‹ Previous');
    const next = h('button', { type: 'button', class: 'btn small', id: 'page-next', disabled: !canNext }, 'Next ›');
    prev.addEventListener('click', () => { view.page -= 1; refetch(); });
    next.addEventListener('click', () => { view.page += 1; refetch(); });
    const from = view.page * view.size + 1;
    const to = view.page * view.size + shown.length;

    tableArea.append(
      h('table', { id: 'keys-table' }, h('caption', { class: 'offscreen' }, 'API keys'), h('thead', {}, head), body),
      h('div', { class: 'pager' },
        h('div', { class: 'inline' }, h('label', { for: 'page-size' }, 'Rows per page'), sizeSelect),
        h('span', { id: 'page-info', 'aria-live': 'polite' }, `${from.toLocaleString()}–${to.toLocaleString()} of ${total.toLocaleString()}`),
        h('div', { class: 'actions' }, prev, h('span', {}, `Page ${(view.page + 1).toLocaleString()} of ${pages.toLocaleString()}`), next)));
  }

  renderTable();
  if (viewKey() !== asked) refetch(); // the filters changed while the first page was on its way
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
    h('td', { class: 'nowrap', 'data-last-used': lastUsed(k) || '' }, lastUsed(k)
      ? [h('time', { datetime: iso(lastUsed(k)), title: usageTitle(k.keygate_usage) }, fromNow(lastUsed(k))),
        h('span', { class: 'sub' }, plural(k.keygate_usage.request_count || 0, 'request'))]
      : h('span', { class: 'sub' }, 'Never used')),
    h('td', {}, statusBadge(k.status)),
    h('td', { class: 'nowrap' }, action));
}

function lastUsed(k) {
  return k.keygate_usage && k.keygate_usage.last_used;
}

function usageTitle(u) {
  return `${iso(u.last_used)} from ${u.last_address || 'unknown address'}${u.last_user_agent ? ` (${u.last_user_agent})` : ''}`;
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
  let rotateButton = null;
  if (status === 'active' && !ctx.me.api_key) {
    rotateButton = h('button', { type: 'button', class: 'btn', id: 'rotate-key' }, 'Rotate secret');
    rotateButton.addEventListener('click', async () => {
      const grace = h('select', { id: 'rotate-grace', 'aria-label': 'Old secret keeps working for' },
        [['1h', '1 hour'], ['24h', '24 hours'], ['7d', '7 days'], ['0s', 'no time: stop it now']]
          .map(([v, l]) => h('option', { value: v }, l)));
      grace.value = '24h';
      const ok = await confirmDialog({
        title: `Rotate the secret of "${k.name || k.id}"?`,
        body: h('span', {}, 'A new secret is shown once. The old one keeps working for ', grace,
          ', so that the programs using it can be given the new one without a gap.'),
        confirmLabel: 'Rotate secret',
      });
      if (!ok) return;
      try {
        const r = await api.post(`/_security/api_key/${api.enc(k.id)}/_rotate`, { grace_period: grace.value });
        showOnce({ ...r, rotated: true });
      } catch (e) { toast(e.message, 'error'); }
    });
  }
  const descriptors = k.role_descriptors || {};
  const hasOwn = Object.keys(descriptors).length > 0;
  const limitedBy = k.limited_by;
  return h('div', {},
    back,
    pageHead(k.name || '(no name)', null, rotateButton, invalidateButton),
    h('div', { class: 'panel' },
      h('dl', { class: 'details', id: 'key-details' },
        h('dt', {}, 'Status'), h('dd', {}, statusBadge(status)),
        h('dt', {}, 'ID'), h('dd', { class: 'mono' }, k.id),
        h('dt', {}, 'Owner'), h('dd', {}, k.username),
        h('dt', {}, 'Realm'), h('dd', {}, k.realm, k.realm_type && k.realm_type !== k.realm ? ` (${k.realm_type})` : ''),
        h('dt', {}, 'Type'), h('dd', {}, k.type || 'rest'),
        h('dt', {}, 'Created'), h('dd', {}, formatDate(k.creation), h('span', { class: 'sub' }, fromNow(k.creation))),
        h('dt', {}, 'Expires'), h('dd', {}, k.expiration ? [formatDate(k.expiration), h('span', { class: 'sub' }, fromNow(k.expiration))] : 'Never'),
        h('dt', {}, 'Last used'), h('dd', { id: 'key-last-used' }, lastUsed(k)
          ? [formatDate(lastUsed(k)), h('span', { class: 'sub' }, `${fromNow(lastUsed(k))} · ${plural(k.keygate_usage.request_count || 0, 'request')}`
            + ` · from ${k.keygate_usage.last_address || 'unknown'}${k.keygate_usage.last_user_agent ? ` · ${k.keygate_usage.last_user_agent}` : ''}`)]
          : 'Never (usage is written every minute or so)'),
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
