// A supplier's card: address, NAF label, categories with their source and date, website, contact.
import {h, clear, navLink, num, date, safeUrl, fill} from './dom.js';
import {api} from './api.js';
import {showError} from './feedback.js';
import {categoryLabel, sourceLabel} from './i18n.js';

export async function renderEnterprise(main, _params, [siret], ctx) {
  const back = () => h('p', null, navLink('/registry', '← Registre'));
  main.append(back(), h('h1', null, 'Fournisseur'), h('p', {class: 'loading'}, 'Chargement…'));
  let e;
  try {
    e = await api('GET', '/api/enterprises/' + encodeURIComponent(siret));
  } catch (err) {
    fill(main, back(), h('h1', null, 'Fournisseur'), h('p', null, err.status === 404 ? 'Ce fournisseur n\u2019est pas dans le registre.' : 'Le fournisseur n\u2019a pas pu être chargé.'));
    if (err.status !== 404) showError(err, {retry: () => renderEnterprise(clear(main), _params, [siret], ctx)});
    return;
  }
  if (!ctx.isCurrent()) return;
  const row = (label, ...value) => [h('dt', null, label), h('dd', null, ...value)];
  const web = safeUrl(e.website);
  const sources = e.sources || {};
  const address = [e.address, [e.postcode, e.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const area = [];
  if (e.radiusKm) area.push(`${num(e.radiusKm)} km autour du site`);
  if ((e.departments || []).length) area.push('départements ' + e.departments.join(', '));
  if ((e.regions || []).length) area.push('régions ' + e.regions.join(', '));
  const contact = e.contact || {};
  fill(main, back(), h('h1', null, e.name),
    h('dl', {class: 'facts card enterprise-card'},
      row('SIRET', e.siret),
      row('Adresse', address || 'inconnue'),
      row('Département', e.department || '—'),
      row('Activité (NAF)', e.naf ? `${e.naf}${e.nafLabel ? ' — ' + e.nafLabel : ''}` : '—'),
      e.legalForm ? row('Forme juridique', e.legalForm) : null,
      row('Effectif', e.employees === null || e.employees === undefined ? 'inconnu' : num(e.employees)),
      row('Zone d\u2019intervention', area.length ? area.join(' ; ') : '50 km autour du site'),
      row('Site web', web ? h('a', {href: web, rel: 'noopener noreferrer', target: '_blank'}, e.website) : (e.website || '—')),
      contact.email || contact.phone || contact.person
        ? row('Contact', [contact.person, contact.email, contact.phone].filter(Boolean).join(' · ')) : null,
      e.esusUntil ? row('Agrément ESUS jusqu\u2019au', date(e.esusUntil)) : null,
      (e.cpv || []).length ? row('Codes CPV déclarés', e.cpv.join(', ')) : null),
    e.description ? h('p', {class: 'description card'}, e.description) : null,
    h('h2', null, 'Catégories'),
    h('table', {class: 'categories-table card'},
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Catégorie'), h('th', {scope: 'col'}, 'Source'), h('th', {scope: 'col'}, 'Depuis le'))),
      h('tbody', null, (e.categories || []).map((c) => {
        const s = sources[c] || {};
        return h('tr', null, h('th', {scope: 'row'}, `${c} — ${categoryLabel(c)}`),
          h('td', {'data-label': 'Source'}, s.source ? sourceLabel(s.source) : '—'),
          h('td', {'data-label': 'Depuis le'}, date(s.date)));
      }))));
}
