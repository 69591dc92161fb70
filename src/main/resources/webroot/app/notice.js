// A notice's page: its lots and, per lot, the matches (pending shown as such, paged) and the reservability.
// URL: /notices/{id}?page=…
import {h, clear, navLink, num, money, date, fill} from './dom.js';
import {api} from './api.js';
import {session} from './session.js';
import {showError} from './feedback.js';
import {matchCard, reservabilityPanel} from './results.js';
import {reservationLabel, NATURES} from './i18n.js';

const SIZE = 10;

function place(p) {
  if (!p) return '—';
  const parts = [p.city, p.postcode, (p.nuts || []).join(', ')].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

function lotFacts(lot) {
  const row = (label, value) => [h('dt', null, label), h('dd', null, value)];
  return h('dl', {class: 'facts'},
    row('CPV principal', lot.mainCpv || '—'),
    (lot.additionalCpv || []).length ? row('CPV additionnels', lot.additionalCpv.join(', ')) : null,
    row('Lieu', place(lot.place)),
    row('Montant estimé', money(lot.estimatedValue)),
    row('Durée', lot.durationMonths ? `${num(lot.durationMonths)} mois` : '—'),
    row('Date limite', date(lot.deadline)),
    row('Réservation', reservationLabel(lot.reservation || 'none')),
    (lot.socialConsiderations || []).length ? row('Considérations sociales', lot.socialConsiderations.join(', ')) : null);
}

export async function renderNotice(main, params, [id], ctx) {
  const page = Math.max(0, Number.parseInt(params.get('page') || '0', 10) || 0);
  main.append(h('p', null, navLink('/notices', '← Avis de marché')), h('h1', null, 'Avis'), h('p', {class: 'loading'}, 'Chargement…'));
  let notice;
  try {
    notice = await api('GET', '/api/notices/' + encodeURIComponent(id));
  } catch (e) {
    fill(main, h('p', null, navLink('/notices', '← Avis de marché')), h('h1', null, 'Avis'),
      h('p', null, e.status === 404 ? 'Cet avis n\u2019existe pas (ou plus).' : 'L\u2019avis n\u2019a pas pu être chargé.'));
    if (e.status !== 404) showError(e, {retry: () => renderNotice(clear(main), params, [id], ctx)});
    return;
  }
  if (!ctx.isCurrent()) return;
  const lotsSection = h('div', {class: 'lots'});
  fill(main, 
    h('p', null, navLink('/notices', '← Avis de marché')),
    h('h1', null, notice.title || notice.sourceId),
    h('dl', {class: 'facts card'},
      h('dt', null, 'Acheteur'), h('dd', null, (notice.buyer && notice.buyer.name) || '—'),
      h('dt', null, 'Nature'), h('dd', null, NATURES[notice.contractNature] || '—'),
      h('dt', null, 'Publié le'), h('dd', null, date(notice.publishedAt)),
      h('dt', null, 'Date limite'), h('dd', null, date(notice.deadline)),
      h('dt', null, 'Source'), h('dd', null, `${notice.source} ${notice.sourceId}`)),
    notice.supersededBy ? h('p', {class: 'note'}, 'Une version plus récente remplace cet avis : ',
      navLink('/notices/' + encodeURIComponent(notice.supersededBy), 'voir la nouvelle version')) : null,
    h('h2', null, `Lots (${(notice.lots || []).length})`), lotsSection);

  const slots = new Map();
  for (const lot of notice.lots || []) {
    const matches = h('div', {class: 'lot-matches', 'aria-live': 'polite'}, h('p', {class: 'loading'}, 'Fournisseurs : chargement…'));
    const reserv = h('div', {class: 'lot-reservability'});
    slots.set(lot.lotId, {matches, reserv});
    lotsSection.append(h('section', {class: 'lot card', 'data-lot': lot.lotId, 'aria-label': `Lot ${lot.lotId}`},
      h('h3', null, `${lot.lotId} — ${lot.title || 'sans titre'}`),
      lot.description ? h('p', {class: 'description'}, lot.description) : null,
      lotFacts(lot), reserv, h('h4', null, 'Fournisseurs classés'), matches));
  }

  async function loadMatches(attempt) {
    let answer;
    try {
      answer = await api('GET', `/api/notices/${encodeURIComponent(id)}/matches`, {query: {page, size: SIZE}});
    } catch (e) {
      for (const {matches} of slots.values()) fill(matches, h('p', {class: 'note'}, 'Fournisseurs indisponibles.'));
      showError(e, {retry: () => loadMatches(0)});
      return;
    }
    if (!ctx.isCurrent()) return;
    const byLot = new Map((answer.lots || []).map((l) => [l.lotId, l]));
    let more = false;
    for (const [lotId, {matches}] of slots) {
      const lot = byLot.get(lotId);
      const items = (lot && lot.items) || [];
      const total = lot && typeof lot.total === 'number' ? lot.total : null;
      if (total !== null && total > (page + 1) * SIZE) more = true;
      if (total === null && items.length === SIZE) more = true;
      clear(matches);
      if (answer.status === 'pending' && !items.length) {
        const again = h('button', {type: 'button', class: 'secondary'}, 'Actualiser');
        again.addEventListener('click', () => loadMatches(0));
        matches.append(h('p', {class: 'pending'}, 'Calcul des fournisseurs en cours… ', again));
      } else if (!items.length) {
        matches.append(h('p', null, page > 0 && total ? 'Pas d\u2019autre fournisseur pour ce lot.' : 'Aucun fournisseur éligible pour ce lot.'));
      } else {
        if (total !== null) {
          matches.append(h('p', {class: 'summary'},
            `${num(total)} fournisseur${total > 1 ? 's' : ''} classé${total > 1 ? 's' : ''} — ${page * SIZE + 1} à ${page * SIZE + items.length} affichés.`));
        }
        matches.append(h('ol', {class: 'result-list', start: String(page * SIZE + 1)},
          items.map((item, i) => matchCard(item, page * SIZE + i + 1, {link: session.may('officer'), heading: 'h5'}))));
      }
    }
    const pager = h('nav', {class: 'pager', 'aria-label': 'Pages de fournisseurs'},
      page > 0 ? navLink(`/notices/${encodeURIComponent(id)}${page > 1 ? '?page=' + (page - 1) : ''}`, '← Fournisseurs précédents') : null,
      more ? navLink(`/notices/${encodeURIComponent(id)}?page=${page + 1}`, 'Fournisseurs suivants →') : null);
    const old = main.querySelector('nav.pager');
    if (old) old.remove();
    main.append(pager);
    if (answer.status === 'pending' && attempt < 15) {
      setTimeout(() => { if (ctx.isCurrent()) loadMatches(attempt + 1); }, 1000 + attempt * 500);
    }
  }

  async function loadReservability() {
    try {
      const answer = await api('GET', `/api/notices/${encodeURIComponent(id)}/reservability`);
      if (!ctx.isCurrent()) return;
      for (const lot of answer.lots || []) {
        const slot = slots.get(lot.lotId);
        if (slot) fill(slot.reserv, reservabilityPanel(lot, 'h4'));
      }
    } catch (e) {
      showError(e, {retry: loadReservability});
    }
  }

  await Promise.all([loadMatches(0), session.may('officer') ? loadReservability() : null]);
}
