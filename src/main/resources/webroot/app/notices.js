// Notice search: words, CPV, département, deadline window, reserved only. URL:
// /notices?q=…&cpv=…&department=…&deadlineAfter=…&deadlineBefore=…&reserved=true&page=…
import {h, clear, field, navLink, num, date, fill} from './dom.js';
import {api} from './api.js';
import {pushUrl} from './session.js';
import {showError, announce} from './feedback.js';
import {reservationLabel, NATURES} from './i18n.js';

const SIZE = 20;
const KEYS = ['q', 'cpv', 'department', 'deadlineAfter', 'deadlineBefore', 'reserved'];
const FIELDS = {q: 'q', cpv: 'cpv', department: 'department', deadlineAfter: 'deadlineAfter', deadlineBefore: 'deadlineBefore'};

function url(q, page) {
  const p = new URLSearchParams();
  for (const k of KEYS) if (q[k]) p.set(k, q[k]);
  if (page) p.set('page', String(page));
  const s = p.toString();
  return '/notices' + (s ? '?' + s : '');
}

export function noticeSummary(n) {
  const lots = n.lots || [];
  const reserved = [...new Set(lots.map((l) => l.reservation).filter((r) => r && r !== 'none'))];
  return h('li', {class: 'card notice-item'},
    h('h3', null, navLink('/notices/' + encodeURIComponent(n.id), n.title || n.sourceId || n.id)),
    h('p', {class: 'meta'},
      (n.buyer && n.buyer.name) || 'Acheteur inconnu', ' · ',
      NATURES[n.contractNature] || 'nature inconnue', ' · ',
      `${lots.length} lot${lots.length > 1 ? 's' : ''}`),
    h('p', {class: 'meta'}, `Publié le ${date(n.publishedAt)} · date limite ${date(n.deadline)}`),
    reserved.length ? h('p', {class: 'tag-reserved'}, 'Réservé : ', reserved.map(reservationLabel).join(', ')) : null);
}

export async function renderNotices(main, params, _args, ctx) {
  const q = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || '']));
  const page = Math.max(0, Number.parseInt(params.get('page') || '0', 10) || 0);
  const input = (name, attrs) => h('input', Object.assign({name, props: {value: q[name]}}, attrs));
  const reserved = h('input', {type: 'checkbox', name: 'reserved', props: {checked: q.reserved === 'true'}});
  const form = h('form', {class: 'card', novalidate: true, 'aria-label': 'Recherche d\u2019avis'},
    h('div', {class: 'row compact'},
      field('Mots', input('q', {type: 'search'})),
      field('Code CPV', input('cpv', {type: 'text', inputmode: 'numeric'}), 'Un code ou son début (90910000).'),
      field('Département', input('department', {type: 'text', maxlength: '3'}), 'ex. 93, 2A, 971'),
      field('Date limite à partir du', input('deadlineAfter', {type: 'date'})),
      field('Date limite avant le', input('deadlineBefore', {type: 'date'}), 'Ce jour exclu.')),
    h('div', {class: 'field check'}, h('label', null, reserved, ' Lots réservés seulement')),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Rechercher')));
  const results = h('section', {class: 'results', 'aria-labelledby': 'notices-title'});
  main.append(h('h1', null, 'Avis de marché'), form, results);

  async function run(question, pageNo, focus) {
    fill(results, h('h2', {id: 'notices-title', tabindex: '-1'}, 'Avis'), h('p', {class: 'loading'}, 'Recherche en cours…'));
    const query = {page: pageNo, size: SIZE};
    for (const k of KEYS) if (question[k]) query[k] = question[k];
    let answer;
    try {
      answer = await api('GET', '/api/notices', {query});
    } catch (e) {
      clear(results);
      showError(e, {form, fields: FIELDS, retry: () => run(question, pageNo, focus)});
      return;
    }
    if (!ctx.isCurrent()) return;
    const heading = h('h2', {id: 'notices-title', tabindex: '-1'}, 'Avis');
    const summary = answer.total === 0 ? 'Aucun avis ne correspond.' : `${num(answer.total)} avis.`;
    const first = pageNo * SIZE;
    fill(results, heading, h('p', {class: 'summary'}, summary),
      h('ol', {class: 'notice-list'}, answer.items.map(noticeSummary)),
      h('nav', {class: 'pager', 'aria-label': 'Pages d\u2019avis'},
        pageNo > 0 ? navLink(url(question, pageNo - 1), '← Page précédente') : null,
        first + answer.items.length < answer.total ? navLink(url(question, pageNo + 1), 'Page suivante →') : null));
    announce(summary);
    if (focus) heading.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const question = Object.fromEntries(KEYS.map((k) => [k, String(data.get(k) || '').trim()]));
    question.reserved = reserved.checked ? 'true' : '';
    pushUrl(url(question, 0));
    run(question, 0, true);
  });
  await run(q, page, false);
}
