// Match a lot: the form (text, CPV picker, place, value, duration, reservation), the ranked suppliers, the CSV of the
// first 100, and the reservability panel. The URL carries every field:
// /match?text=…&cpv=…&place=…&reservation=…&value=…&duration=…&page=…
import {h, clear, field, navLink, num, clearFieldErrors, setFieldError, fill} from './dom.js';
import {api} from './api.js';
import {pushUrl} from './session.js';
import {combobox} from './widgets.js';
import {showError, announce, hideBanner} from './feedback.js';
import {matchCard, reservabilityPanel, recommendationLine} from './results.js';
import {RESERVATIONS} from './i18n.js';

const SIZE = 20;
const FIELDS = {text: 'text', cpv: 'cpv', place: 'place', estimatedValue: 'value', durationMonths: 'duration', reservation: 'reservation'};

/** place: a postcode (5 digits), insee:CODE, or lat,lon → the API's place object; '' → null; anything else → undefined. */
export function parsePlace(text) {
  const value = (text || '').trim();
  if (!value) return null;
  if (/^\d{5}$/.test(value)) return {postcode: value};
  const insee = /^insee:\s*([0-9][0-9AB][0-9]{3})$/i.exec(value);
  if (insee) return {insee: insee[1].toUpperCase()};
  const point = /^(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(value);
  if (point) return {lat: Number(point[1]), lon: Number(point[2])};
  return undefined;
}

function readQuery(params) {
  return {
    text: params.get('text') || '',
    cpv: (params.get('cpv') || '').split(',').map((c) => c.trim()).filter(Boolean),
    place: params.get('place') || '',
    reservation: params.get('reservation') || '',
    value: params.get('value') || '',
    duration: params.get('duration') || '',
    page: Math.max(0, Number.parseInt(params.get('page') || '0', 10) || 0),
  };
}

export function matchUrl(q, page = q.page) {
  const p = new URLSearchParams();
  if (q.text) p.set('text', q.text);
  if (q.cpv.length) p.set('cpv', q.cpv.join(','));
  if (q.place) p.set('place', q.place);
  if (q.reservation) p.set('reservation', q.reservation);
  if (q.value) p.set('value', q.value);
  if (q.duration) p.set('duration', q.duration);
  if (page) p.set('page', String(page));
  return '/match?' + p.toString();
}

function body(q, extra) {
  const b = {};
  if (q.text) b.text = q.text;
  if (q.cpv.length) b.cpv = q.cpv;
  const place = parsePlace(q.place);
  if (place) b.place = place;
  if (q.reservation) b.reservation = q.reservation;
  if (q.value !== '') b.estimatedValue = Number(q.value);
  if (q.duration !== '') b.durationMonths = Number(q.duration);
  return Object.assign(b, extra);
}

export async function renderMatch(main, params, _args, ctx) {
  const q = readQuery(params);
  const form = h('form', {class: 'card match-form', novalidate: true, 'aria-label': 'Le lot'});

  const text = h('textarea', {name: 'text', rows: '2', props: {value: q.text}});
  // CPV picker: chosen codes as removable chips, a combobox searching labels (with their parents)
  const chosen = new Map(q.cpv.map((c) => [c, null]));
  const chips = h('ul', {class: 'chips chosen', 'aria-label': 'Codes CPV choisis'});
  const cpvInput = h('input', {type: 'text', name: 'cpv', placeholder: 'ex. espaces verts, 77310000'});
  const cpvBox = combobox({
    input: cpvInput,
    search: async (t) => (await api('GET', '/api/reference/cpv', {query: {q: t, limit: 15}})).items.slice(0, 15).map((c) => ({
      value: c.code, label: `${c.code} — ${c.label}`,
      detail: (c.parents || []).map((p) => p.label).join(' › '), item: c,
    })),
    onPick: (o) => { addCpv(o.value, o.item && o.item.label); cpvInput.value = ''; },
  });
  function drawChips() {
    clear(chips);
    for (const [code, label] of chosen) {
      const remove = h('button', {type: 'button', class: 'chip-remove', 'aria-label': `Retirer le code ${code}`}, '×');
      remove.addEventListener('click', () => { chosen.delete(code); drawChips(); cpvInput.focus(); });
      chips.append(h('li', {class: 'chip'}, h('span', null, label ? `${code} ${label}` : code), remove));
    }
  }
  function addCpv(code, label) {
    chosen.set(code, label || null);
    drawChips();
  }
  cpvInput.addEventListener('keydown', (e) => {
    // a code typed in full is taken as is
    if (e.key === 'Enter' && /^\d{8}(-\d)?$/.test(cpvInput.value.trim()) && cpvInput.getAttribute('aria-activedescendant') === null) {
      e.preventDefault();
      addCpv(cpvInput.value.trim().slice(0, 8));
      cpvInput.value = '';
      cpvBox.close();
    }
  });
  drawChips();

  const place = h('input', {type: 'text', name: 'place', props: {value: q.place}, placeholder: 'commune ou code postal'});
  const placeSaid = h('p', {class: 'hint place-said', 'aria-live': 'polite'});
  const placeBox = combobox({
    input: place,
    search: async (t) => {
      if (parsePlace(t) && !/^\d{5}$/.test(t)) return [];
      return (await api('GET', '/api/reference/places', {query: {q: t, limit: 12}})).items.slice(0, 12).map((p) => ({
        value: 'insee:' + p.insee, label: `${p.name} (${p.postcode || p.insee})`, detail: `département ${p.department || '—'}`, item: p,
      }));
    },
    onPick: (o) => { place.value = o.value; placeSaid.textContent = `Choisi : ${o.label}`; },
  });
  const reservation = h('select', {name: 'reservation'},
    h('option', {value: ''}, 'Non précisée (aucune)'),
    Object.entries(RESERVATIONS).filter(([k]) => k !== 'none').map(([k, label]) => h('option', {value: k}, label)));
  reservation.value = q.reservation;
  const value = h('input', {type: 'number', name: 'value', min: '0', step: '1000', inputmode: 'numeric', props: {value: q.value}});
  const duration = h('input', {type: 'number', name: 'duration', min: '0', step: '1', inputmode: 'numeric', props: {value: q.duration}});
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Rechercher les fournisseurs');

  const cpvField = field('Codes CPV', cpvInput, 'Tapez un mot ou un code ; flèches puis Entrée pour choisir.');
  cpvField.insertBefore(chips, cpvInput);
  cpvInput.after(cpvBox.element);
  const placeField = field('Lieu d\u2019exécution', place, 'Nom de commune, code postal (93100), insee:93048 ou latitude,longitude.');
  place.after(placeBox.element);
  placeField.append(placeSaid);
  form.append(
    field('Objet du lot', text, 'Quelques mots sur ce que le lot demande.'),
    cpvField,
    h('div', {class: 'row'}, placeField, field('Réservation', reservation)),
    h('div', {class: 'row pair'}, field('Montant estimé (€ HT)', value), field('Durée (mois)', duration)),
    h('div', {class: 'actions'}, submit));

  const results = h('section', {class: 'results', 'aria-labelledby': 'results-title'});
  main.append(h('h1', null, 'Rechercher des fournisseurs pour un lot'), h('div', {class: 'match-layout'}, form, results));

  function current() {
    return {
      text: text.value.trim(), cpv: [...chosen.keys()], place: place.value.trim(), reservation: reservation.value,
      value: value.value.trim(), duration: duration.value.trim(), page: 0,
    };
  }

  function check(question) {
    clearFieldErrors(form);
    let ok = true;
    if (!question.text && !question.cpv.length) {
      setFieldError(form, 'text', 'Décrivez le lot ou choisissez au moins un code CPV.');
      ok = false;
    }
    if (parsePlace(question.place) === undefined) {
      setFieldError(form, 'place', 'Lieu non reconnu : choisissez une commune dans la liste, ou saisissez un code postal à 5 chiffres.');
      ok = false;
    }
    if (!ok) form.querySelector('[aria-invalid="true"]').focus();
    return ok;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = current();
    if (!check(question)) return;
    pushUrl(matchUrl(question, 0));
    run(question, true);
  });

  async function run(question, focusResults) {
    hideBanner();
    fill(results, h('h2', {id: 'results-title', tabindex: '-1'}, 'Fournisseurs'), h('p', {class: 'loading'}, 'Recherche en cours…'));
    announce('Recherche en cours…');
    submit.disabled = true;
    let answer;
    try {
      answer = await api('POST', '/api/match', {body: body(question, {page: question.page, size: SIZE})});
    } catch (e) {
      clear(results);
      showError(e, {form, fields: FIELDS, retry: () => run(question, focusResults)});
      return;
    } finally {
      submit.disabled = false;
    }
    if (!ctx.isCurrent()) return;
    drawResults(question, answer, focusResults);
    loadReservability(question);
  }

  function drawResults(question, answer, focusResults) {
    const total = answer.total;
    const more = answer.totalRelation === 'gte' ? 'plus de ' : '';
    const first = question.page * SIZE;
    const heading = h('h2', {id: 'results-title', tabindex: '-1'}, 'Fournisseurs');
    const summary = total === 0
      ? 'Aucun fournisseur éligible à portée de ce lieu.'
      : `${more}${num(total)} fournisseur${total > 1 ? 's' : ''} à portée — ${first + 1} à ${first + answer.items.length} affichés.`;
    const csv = h('button', {type: 'button', class: 'secondary', id: 'csv-export'}, 'Exporter les 100 premiers (CSV)');
    const csvOut = h('p', {class: 'csv-out', 'aria-live': 'polite'});
    csv.addEventListener('click', () => exportCsv(question, csv, csvOut));
    const list = h('ol', {class: 'result-list', start: String(first + 1)},
      answer.items.map((item, i) => matchCard(item, first + i + 1)));
    const pager = h('nav', {class: 'pager', 'aria-label': 'Pages de résultats'},
      question.page > 0 ? navLink(matchUrl(question, question.page - 1), '← Page précédente') : null,
      first + answer.items.length < total ? navLink(matchUrl(question, question.page + 1), 'Page suivante →') : null);
    const reserv = h('div', {class: 'reservability-slot'});
    fill(results, heading, h('p', {class: 'summary'}, summary), h('div', {class: 'recommendation-slot'}),
      total > 0 ? h('div', {class: 'actions'}, csv) : null, csvOut, list, pager, reserv);
    announce(summary);
    if (focusResults) heading.focus();
  }

  async function loadReservability(question) {
    const slot = results.querySelector('.reservability-slot');
    slot.append(h('p', {class: 'loading'}, 'Réservabilité : calcul en cours…'));
    try {
      const lot = await api('POST', '/api/reservability', {body: body(question)});
      if (!ctx.isCurrent()) return;
      fill(slot, reservabilityPanel(lot, 'h2'));
      fill(results.querySelector('.recommendation-slot'), recommendationLine(lot));
    } catch (e) {
      fill(slot, h('p', {class: 'note'}, 'Réservabilité indisponible.'));
      showError(e, {retry: () => { clear(slot); loadReservability(question); }});
    }
  }

  async function exportCsv(question, button, out) {
    button.disabled = true;
    fill(out, 'Préparation du fichier…');
    try {
      const text = await api('POST', '/api/match', {body: body(question, {page: 0, size: 100}), accept: 'text/csv'});
      const blob = new Blob([text], {type: 'text/csv;charset=utf-8'});
      const href = URL.createObjectURL(blob);
      const name = 'essor-fournisseurs.csv';
      const link = h('a', {href, download: name, id: 'csv-link'}, `Télécharger ${name}`);
      const lines = text.split('\n').filter((l) => l.trim()).length - 1;
      fill(out, `Fichier prêt (${Math.max(0, lines)} fournisseurs). `, link);
      link.click();
    } catch (e) {
      clear(out);
      showError(e, {retry: () => exportCsv(question, button, out)});
    } finally {
      button.disabled = false;
    }
  }

  // the commune a postcode or an INSEE code of the URL names, said under the field
  const placeParsed = parsePlace(q.place);
  if (placeParsed && (placeParsed.postcode || placeParsed.insee)) {
    api('GET', '/api/reference/places', {query: {q: placeParsed.postcode || placeParsed.insee, limit: 5}}).then((answer) => {
      const names = [...new Set((answer.items || []).map((p) => p.name))];
      if (names.length && place.value.trim() === q.place) placeSaid.textContent = 'Commune : ' + names.join(', ');
    }, () => {});
  }
  if (q.text || q.cpv.length) {
    // labels of codes that came in the URL
    for (const code of q.cpv) {
      api('GET', '/api/reference/cpv', {query: {q: code}}).then((answer) => {
        const found = (answer.items || []).find((c) => c.code === code);
        if (found && chosen.has(code)) { chosen.set(code, found.label); drawChips(); }
      }).catch(() => {}); // only a label: the search itself reports any error
    }
    if (check(q)) await run(q, false);
  }
}
