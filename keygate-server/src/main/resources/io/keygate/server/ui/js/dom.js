// A tiny DOM builder: every text goes through textContent, so no server value is ever parsed as HTML.

/** h('button', {class: 'btn', onclick: fn}, 'Label', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'for') {
      el.htmlFor = value;
    } else if (name === 'value' || name === 'checked' || name === 'indeterminate') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A modal confirmation; resolves true when confirmed. Esc and Cancel resolve false. */
export function confirmDialog({ title, body, confirmLabel = 'Confirm', danger = false }) {
  return new Promise(resolve => {
    const titleId = uid('dialog-title');
    const cancel = h('button', { type: 'button', class: 'btn', id: 'confirm-cancel' }, 'Cancel');
    const ok = h('button', { type: 'button', class: danger ? 'btn danger' : 'btn primary', id: 'confirm-ok' }, confirmLabel);
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('div', { class: 'dialog-body' }, h('h2', { id: titleId }, title), body ? h('p', {}, body) : null),
      h('div', { class: 'dialog-actions' }, cancel, ok));
    let result = false;
    cancel.addEventListener('click', () => dialog.close());
    ok.addEventListener('click', () => { result = true; dialog.close(); });
    dialog.addEventListener('close', () => { dialog.remove(); resolve(result); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus(); // the safe choice has the focus
  });
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const t = h('div', { class: `toast ${kind}` }, message);
  box.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}

/** Copies text; falls back to selecting it when the clipboard API is not available. */
export async function copyText(text, button) {
  let done = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      done = true;
    }
  } catch (e) { /* permission refused: fall back */ }
  if (!done) {
    const ta = h('textarea', { 'aria-hidden': 'true', class: 'offscreen' });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    try { done = document.execCommand('copy'); } catch (e) { done = false; }
    ta.remove();
  }
  if (button) {
    const label = button.textContent;
    button.textContent = done ? 'Copied' : 'Press Ctrl+C';
    setTimeout(() => { button.textContent = label; }, 1800);
  }
  return done;
}

/** Sets or clears an error next to a field (aria-invalid + aria-describedby). */
export function fieldError(input, slot, message) {
  slot.textContent = message || '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

export function pageHead(title, description, ...actions) {
  return h('div', { class: 'page-head' },
    h('div', {}, h('h1', { tabindex: '-1' }, title), description ? h('p', {}, description) : null),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}
