// Sign-in: the API key in one password field, checked against GET /api/me, kept for the tab's session; then back
// to the link that was opened.
import {h, field, setFieldError, clearFieldErrors} from './dom.js';
import {api} from './api.js';
import {session, navigate} from './session.js';
import {showError, announce} from './feedback.js';

function safeNext(next) {
  // only a path of this page: never another origin (//host, https:...) nor a backslash trick
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\') || next.startsWith('/signin')) return '/';
  return next;
}

export function renderSignin(main, params) {
  const next = safeNext(params.get('next'));
  const key = h('input', {type: 'password', name: 'key', autocomplete: 'current-password', required: true, spellcheck: 'false'});
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Se connecter');
  const form = h('form', {class: 'card signin', novalidate: true},
    field('Clé d\u2019API', key, 'La clé fournie par votre administrateur. Elle reste dans cet onglet jusqu\u2019à la déconnexion.'),
    h('div', {class: 'actions'}, submit));
  const notes = [];
  if (params.get('expired')) notes.push(h('p', {class: 'note'}, 'Votre session a expiré ou la clé a été refusée : connectez-vous à nouveau.'));
  if (params.get('out')) notes.push(h('p', {class: 'note'}, 'Vous êtes déconnecté.'));
  main.append(h('h1', null, 'Connexion'), ...notes, form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const value = key.value.trim();
    if (!value) {
      setFieldError(form, 'key', 'Saisissez votre clé d\u2019API.');
      key.focus();
      return;
    }
    submit.disabled = true;
    try {
      const me = await api('GET', '/api/me', {key: value, noRedirect: true});
      session.save(value, me.role);
      announce('Connecté.');
      navigate(next === '/' ? '/' : next, {replace: true});
    } catch (e) {
      if (e.status === 401) {
        setFieldError(form, 'key', 'Cette clé n\u2019est pas reconnue.');
        key.focus();
      } else {
        showError(e, {form, fields: {}, retry: () => form.requestSubmit()});
      }
    } finally {
      submit.disabled = false;
    }
  });
  if (!session.signedIn()) key.focus();
}
