// Building the DOM without HTML strings: every value is set as text (textContent) or as a plain attribute, never
// parsed as markup: no HTML parsing anywhere in the page.

/**
 * h('p', {class: 'x', 'aria-live': 'polite'}, 'text', child, [more]) → element. Attributes named on* are refused;
 * `text` sets textContent; `props` sets DOM properties (value, checked...).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (/^on/i.test(name) || name === 'style' || /html/i.test(name)) throw new Error('refused attribute ' + name);
      if (name === 'props') {
        Object.assign(el, value);
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Empties el, then appends the children (null and false are left out, unlike the DOM's own append). */
export function fill(el, ...children) {
  return append(clear(el), children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let uid = 0;
export function id(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled field: label, control, hint, and an error slot the 422 messages go to (aria-describedby). */
export function field(label, control, hint) {
  const controlId = control.id || id('f');
  control.id = controlId;
  const error = h('p', {class: 'field-error', id: controlId + '-error', hidden: true});
  const described = [controlId + '-error'];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', {class: 'hint', id: controlId + '-hint'}, hint);
    described.push(controlId + '-hint');
  }
  control.setAttribute('aria-describedby', described.join(' '));
  const wrap = h('div', {class: 'field'}, h('label', {for: controlId}, label), control, hintEl, error);
  wrap.dataset.field = control.name || '';
  return wrap;
}

export function setFieldError(form, name, message) {
  const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!control) return false;
  const error = document.getElementById(control.id + '-error');
  if (!error) return false;
  error.textContent = message;
  error.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  return true;
}

export function clearFieldErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) {
    error.textContent = '';
    error.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/** A link handled by the page's router (same document, history.pushState). */
export function navLink(href, ...children) {
  return h('a', {href, 'data-nav': true}, ...children);
}

const numberFr = new Intl.NumberFormat('fr-FR', {maximumFractionDigits: 1});
const moneyFr = new Intl.NumberFormat('fr-FR', {style: 'currency', currency: 'EUR', maximumFractionDigits: 0});
const dateFr = new Intl.DateTimeFormat('fr-FR', {dateStyle: 'medium'});

export function num(value, digits) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  if (digits !== undefined) {
    return new Intl.NumberFormat('fr-FR', {minimumFractionDigits: digits, maximumFractionDigits: digits}).format(value);
  }
  return numberFr.format(value);
}

export function money(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') {
    if (value.amount === null || value.amount === undefined) return '—';
    if (value.currency && value.currency !== 'EUR') return `${numberFr.format(value.amount)} ${value.currency}`;
    return moneyFr.format(value.amount);
  }
  return moneyFr.format(value);
}

export function date(value) {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateFr.format(d);
}

/** Only http(s) URLs become links; anything else is shown as text. */
export function safeUrl(value) {
  if (!value) return null;
  let text = String(value).trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = 'https://' + text;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
