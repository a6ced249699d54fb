// Dates and durations as people read them.

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS = [
  ['year', 365 * 24 * 3600e3], ['month', 30 * 24 * 3600e3], ['week', 7 * 24 * 3600e3],
  ['day', 24 * 3600e3], ['hour', 3600e3], ['minute', 60e3], ['second', 1e3],
];

export function formatDate(ms) {
  return ms ? absolute.format(new Date(ms)) : '';
}

export function fromNow(ms, now = Date.now()) {
  const diff = ms - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === 'second') return relative.format(Math.round(diff / size), unit);
  }
  return '';
}

export function iso(ms) {
  return new Date(ms).toISOString();
}

export function keyStatus(key, now = Date.now()) {
  if (key.invalidated) return 'invalidated';
  if (key.expiration && key.expiration <= now) return 'expired';
  return 'active';
}

/** JSON with 2-space indents, but arrays of plain values on one line: role descriptors stay short. */
export function pretty(value, indent = '') {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    if (value.every(v => v === null || typeof v !== 'object')) return `[${value.map(v => JSON.stringify(v)).join(', ')}]`;
    return `[\n${value.map(v => inner + pretty(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.length) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function plural(n, one, many) {
  return `${typeof n === 'number' ? n.toLocaleString('en-US') : n} ${n === 1 ? one : (many || one + 's')}`;
}
