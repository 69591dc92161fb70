// Registry search with facets (category, département). URL: /registry?q=…&category=…&department=…&page=…
import {h, clear, field, navLink, num, fill} from './dom.js';
import {api} from './api.js';
import {pushUrl} from './session.js';
import {showError, announce} from './feedback.js';
import {categoryLabel} from './i18n.js';
import {categories} from './results.js';

const SIZE = 20;

function url(q, page) {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  for (const c of q.category) p.append('category', c);
  if (q.department) p.set('department', q.department);
  if (page) p.set('page', String(page));
  const s = p.toString();
  return '/registry' + (s ? '?' + s : '');
}

export async function renderRegistry(main, params, _args, ctx) {
  const q = {q: params.get('q') || '', category: params.getAll('category'), department: params.get('department') || ''};
  const page = Math.max(0, Number.parseInt(params.get('page') || '0', 10) || 0);
  const words = h('input', {type: 'search', name: 'q', props: {value: q.q}});
  const form = h('form', {class: 'card', novalidate: true, 'aria-label': 'Recherche dans le registre'},
    field('Mots (nom, activité, description)', words),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Rechercher')));
  const facets = h('aside', {class: 'facets', id: 'filters', tabindex: '-1', 'aria-label': 'Filtres'});
  const results = h('section', {class: 'results', 'aria-labelledby': 'registry-title'});
  main.append(h('h1', null, 'Registre des fournisseurs de l\u2019ESS'), form, h('div', {class: 'with-facets'}, results, facets));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = Object.assign({}, q, {q: words.value.trim()});
    pushUrl(url(question, 0));
    Object.assign(q, question);
    run(0, true);
  });

  function facetList(title, counts, selected, toggle) {
    const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 30);
    return h('fieldset', {class: 'facet'}, h('legend', null, title),
      entries.length ? h('ul', null, entries.map(([token, count]) => {
        const box = h('input', {type: 'checkbox', name: title, value: token, props: {checked: selected.includes(token)}});
        box.addEventListener('change', () => toggle(token, box.checked));
        return h('li', null, h('label', {title: categoryLabel(token)}, box, ` ${token} `, h('span', {class: 'count'}, `(${num(count)})`)));
      })) : h('p', {class: 'hint'}, 'Aucun'));
  }

  async function run(pageNo, focus) {
    fill(results, h('h2', {id: 'registry-title', tabindex: '-1'}, 'Fournisseurs'), h('p', {class: 'loading'}, 'Recherche en cours…'));
    let answer;
    try {
      answer = await api('GET', '/api/enterprises', {query: {q: q.q, category: q.category, department: q.department, page: pageNo, size: SIZE}});
    } catch (e) {
      clear(results);
      showError(e, {form, fields: {q: 'q'}, retry: () => run(pageNo, focus)});
      return;
    }
    if (!ctx.isCurrent()) return;
    const go = () => { pushUrl(url(q, 0)); run(0, false); };
    fill(facets, 
      facetList('Catégorie', answer.facets && answer.facets.category, q.category, (token, on) => {
        q.category = on ? [...q.category, token] : q.category.filter((c) => c !== token);
        go();
      }),
      facetList('Département', answer.facets && answer.facets.department, q.department ? [q.department] : [], (token, on) => {
        q.department = on ? token : '';
        go();
      }));
    const heading = h('h2', {id: 'registry-title', tabindex: '-1'}, 'Fournisseurs');
    const summary = `${num(answer.total)} fournisseur${answer.total > 1 ? 's' : ''}.`;
    const first = pageNo * SIZE;
    fill(results, heading, h('p', {class: 'summary'}, summary, ' ', h('a', {href: '#filters', class: 'to-filters'}, 'Filtrer par catégorie ou département')),
      h('ol', {class: 'enterprise-list', start: String(first + 1)}, answer.items.map((e) => h('li', {class: 'card'},
        h('h3', null, navLink('/registry/' + encodeURIComponent(e.siret), e.name)),
        h('p', {class: 'meta'}, [e.postcode, e.city].filter(Boolean).join(' ') || 'adresse inconnue',
          e.department ? ` · département ${e.department}` : '', ` · SIRET ${e.siret}`),
        categories(e.categories)))),
      h('nav', {class: 'pager', 'aria-label': 'Pages du registre'},
        pageNo > 0 ? navLink(url(q, pageNo - 1), '← Page précédente') : null,
        first + answer.items.length < answer.total ? navLink(url(q, pageNo + 1), 'Page suivante →') : null));
    announce(summary);
    if (focus) heading.focus();
  }
  await run(page, false);
}
