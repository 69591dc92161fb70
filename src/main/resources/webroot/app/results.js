// Rendering of match items (ranked suppliers, a bar per score component) and of a lot's reservability.
import {h, num, navLink} from './dom.js';
import {
  COMPONENTS, ACTIONS, componentReason, eligibilityReason, lotCheckReason, recommendationReason,
  RESERVATION_NAMES, categoryLabel,
} from './i18n.js';

const ORDER = ['text', 'cpv', 'geo', 'capacity', 'preference'];

export function percent(value) {
  return num(Math.round((Number(value) || 0) * 100)) + ' %';
}

function bar(name, component) {
  const value = Math.max(0, Math.min(1, Number(component.value) || 0));
  const fill = h('span', {class: 'fill'});
  fill.style.width = (value * 100).toFixed(1) + '%'; // CSSOM, allowed by the style-src CSP (no style attribute)
  const english = component.reason && component.reason !== componentReason(component)
    ? h('span', {class: 'reason-en', lang: 'en'}, component.reason) : null;
  return h('li', {class: 'component', 'data-component': name},
    h('span', {class: 'component-name'}, COMPONENTS[name] || name),
    h('span', {class: 'bar', role: 'img', 'aria-label': `${COMPONENTS[name] || name} : ${percent(value)}`}, fill),
    h('span', {class: 'component-value'}, `${percent(value)} × poids ${percent(component.weight)}`),
    h('span', {class: 'component-reason'}, componentReason(component), english ? ' ' : null, english));
}

export function categories(list) {
  return h('ul', {class: 'chips', 'aria-label': 'Catégories'},
    (list || []).map((c) => h('li', {class: 'chip', title: categoryLabel(c)}, c)));
}

/** One ranked supplier. link: whether the name opens the supplier's card (officers). */
export function matchCard(item, rank, {link = true, heading = 'h3'} = {}) {
  const name = link ? navLink('/registry/' + encodeURIComponent(item.siret), item.name) : item.name;
  const components = item.components || {};
  const names = ORDER.filter((n) => components[n]).concat(Object.keys(components).filter((n) => !ORDER.includes(n)));
  const eligibility = item.eligibility || {};
  return h('li', {class: 'result card', 'data-siret': item.siret},
    h('div', {class: 'result-head'},
      h(heading, {class: 'result-name'}, h('span', {class: 'rank'}, `${rank}.`), ' ', name),
      h('p', {class: 'score'}, h('span', {class: 'visually-hidden'}, 'Score : '), percent(item.score))),
    h('p', {class: 'meta'},
      h('span', null, `SIRET ${item.siret}`), ' · ',
      h('span', {class: 'distance'}, item.distanceKm === null || item.distanceKm === undefined
        ? 'distance inconnue' : `à ${num(item.distanceKm)} km`)),
    categories(item.categories),
    h('p', {class: item.eligible ? 'eligibility ok' : 'eligibility ko'},
      h('strong', null, item.eligible ? 'Éligible' : 'Non éligible'), ' — ', eligibilityReason(eligibility),
      eligibility.article ? h('span', {class: 'article'}, ` (${eligibility.article})`) : null),
    h('ul', {class: 'components', 'aria-label': 'Détail du score'}, names.map((n) => bar(n, components[n]))));
}

/** One line: the recommended action and its article. */
export function recommendationLine(lot) {
  const r = lot.recommendation || {};
  return h('p', {class: 'recommendation-line'}, 'Recommandation : ', h('strong', null, ACTIONS[r.action] || r.action || '—'),
    r.article ? ` (${r.article})` : '', ' — ', h('a', {href: '#reservability'}, 'voir la réservabilité'));
}

export function reservabilityPanel(lot, headingLevel = 'h3') {
  const r = lot.recommendation || {};
  const rows = (lot.bases || []).map((b) => h('tr', null,
    h('th', {scope: 'row'}, RESERVATION_NAMES[b.reservation] || b.reservation, h('span', {class: 'article'}, ` — ${b.article || ''}`)),
    h('td', {'data-label': 'Éligibles', class: 'n'}, num(b.eligible)),
    h('td', {'data-label': 'À portée', class: 'n'}, num(b.withinReach)),
    h('td', {'data-label': 'Peuvent porter le lot', class: 'n'}, num(b.canCarry)),
    h('td', {'data-label': 'Condition du lot'}, h('span', {class: 'check-' + b.lotCheck},
      {holds: 'remplie', fails: 'non remplie', unknown: 'inconnue'}[b.lotCheck] || b.lotCheck), ' — ', lotCheckReason(b))));
  return h('section', {class: 'reservability card', id: 'reservability', 'aria-label': 'Réservabilité'},
    h(headingLevel, null, 'Réservabilité'),
    h('p', {class: 'recommendation action-' + (r.action || 'unknown')},
      h('strong', null, ACTIONS[r.action] || r.action || '—'),
      r.article ? ` (${r.article})` : '', ' — ', recommendationReason(r)),
    lot.socialConditionRequired ? h('p', {class: 'note'},
      'Au-dessus des seuils européens : une condition sociale d\u2019exécution est obligatoire (loi Climat et Résilience, art. 35).') : null,
    lot.socialConditionRequired === null ? h('p', {class: 'note'},
      'Seuil européen : nature du marché ou type d\u2019acheteur inconnu, à vérifier.') : null,
    h('table', {class: 'bases'},
      h('caption', {class: 'visually-hidden'}, 'Fournisseurs par fondement juridique'),
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Fondement'), h('th', {scope: 'col'}, 'Éligibles'),
        h('th', {scope: 'col'}, 'À portée'), h('th', {scope: 'col'}, 'Peuvent porter le lot'), h('th', {scope: 'col'}, 'Condition du lot'))),
      h('tbody', null, rows)));
}
