// Errors are shown, never swallowed: 422 next to its field, 429/503 in a banner that retries after Retry-After,
// anything else in the banner with what the service said. Also the polite status line for screen readers.
import {h, clear, setFieldError, clearFieldErrors} from './dom.js';

const banner = () => document.getElementById('banner');
let countdown = null;

export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = '';
  // a fresh text node so that a repeated message is read again
  setTimeout(() => { status.textContent = text; }, 30);
}

export function hideBanner() {
  if (countdown) clearInterval(countdown);
  countdown = null;
  const el = banner();
  clear(el);
  el.hidden = true;
  el.className = 'banner';
}

function showBanner(kind, ...children) {
  hideBanner();
  const el = banner();
  el.className = 'banner banner-' + kind;
  el.append(...children);
  el.hidden = false;
}

/** A message in the banner (kind: error, info). */
export function message(text, kind = 'error') {
  const close = h('button', {type: 'button', class: 'link'}, 'Fermer');
  close.addEventListener('click', hideBanner);
  showBanner(kind, h('p', null, text), close);
}

/**
 * Shows an API (or page) error. options.form and options.fields ({apiField: formField}) place 422 messages next to
 * their field; options.retry is called again for 429 and 503 once Retry-After has passed (or on the button).
 */
export function showError(error, options = {}) {
  if (error && error.handled) return; // 401: already back at sign-in
  const status = error && error.status;
  if ((status === 429 || status === 503) && options.retry) {
    let seconds = Math.max(1, error.retryAfter || 5);
    const what = status === 429 ? 'Trop de requêtes en peu de temps.' : 'Le service est momentanément indisponible.';
    const left = h('span', {class: 'countdown'});
    const button = h('button', {type: 'button'}, 'Réessayer maintenant');
    const tick = () => { left.textContent = ` Nouvel essai dans ${seconds} s.`; };
    tick();
    button.addEventListener('click', () => { hideBanner(); options.retry(); });
    showBanner('warning', h('p', null, what, left), button);
    countdown = setInterval(() => {
      seconds -= 1;
      if (seconds <= 0) {
        hideBanner();
        options.retry();
      } else {
        tick();
      }
    }, 1000);
    return;
  }
  if (status === 422 && options.form) {
    clearFieldErrors(options.form);
    const unplaced = [];
    for (const e of error.errors) {
      const name = mapField(e.field, options.fields || {});
      if (!name || !setFieldError(options.form, name, e.message)) unplaced.push(`${e.field} : ${e.message}`);
    }
    if (unplaced.length || !error.errors.length) {
      message('Demande refusée : ' + (unplaced.length ? unplaced.join(' ; ') : error.message));
    } else {
      hideBanner();
      const first = options.form.querySelector('[aria-invalid="true"]');
      if (first) first.focus();
    }
    announce('La demande contient une erreur : voir le champ signalé.');
    return;
  }
  if (status === 403) {
    message('Votre clé ne permet pas cette action (' + (error.message || 'accès refusé') + ').');
    return;
  }
  const text = error instanceof Error ? error.message : String(error);
  message(status ? `Erreur ${status} : ${text}` : text);
}

function mapField(field, fields) {
  if (!field) return null;
  if (fields[field]) return fields[field];
  const root = field.split(/[.[]/)[0];
  return fields[root] || null;
}

export {clearFieldErrors};
