// Registry import (admins): a CSV or NDJSON file, its format, and the per-line report.
import {h, clear, field, num, fill} from './dom.js';
import {api} from './api.js';
import {showError, announce} from './feedback.js';

export function renderImport(main) {
  const file = h('input', {type: 'file', name: 'file', accept: '.csv,.ndjson,.jsonl,text/csv,application/x-ndjson', required: true});
  const format = h('select', {name: 'format'},
    h('option', {value: 'essor'}, 'essor (CSV ou NDJSON du registre)'),
    h('option', {value: 'lemarche'}, 'Le marché de l\u2019inclusion (CSV)'),
    h('option', {value: 'ess-numerique'}, 'ESS numérique (CSV)'));
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Importer');
  const form = h('form', {class: 'card', novalidate: true, 'aria-label': 'Import'},
    field('Fichier', file, 'CSV (UTF-8, virgule, en-tête) ou NDJSON, une entreprise par ligne.'),
    field('Format', format), h('div', {class: 'actions'}, submit));
  const report = h('section', {class: 'report', 'aria-live': 'polite', 'aria-labelledby': 'report-title'});
  main.append(h('h1', null, 'Import du registre'), form, report);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files && file.files[0];
    if (!chosen) {
      showError({status: 422, errors: [{field: 'file', message: 'Choisissez un fichier.'}]}, {form, fields: {file: 'file'}});
      return;
    }
    const ndjson = /\.(nd)?jsonl?$/i.test(chosen.name) || chosen.type === 'application/x-ndjson';
    submit.disabled = true;
    fill(report, h('p', {class: 'loading'}, 'Import en cours…'));
    try {
      const r = await api('POST', '/api/enterprises/import', {
        query: {format: format.value}, raw: chosen, contentType: ndjson ? 'application/x-ndjson' : 'text/csv'});
      const title = h('h2', {id: 'report-title', tabindex: '-1'}, 'Rapport d\u2019import');
      fill(report, title,
        h('ul', {class: 'totals'},
          h('li', null, `Créés : ${num(r.imported)}`), h('li', null, `Mis à jour : ${num(r.updated)}`),
          h('li', null, `Inchangés : ${num(r.unchanged)}`), h('li', null, `Rejetés : ${num(r.rejected.length)}`),
          h('li', null, `Avertissements : ${num(r.warnings.length)}`)),
        r.rejected.length ? h('table', {class: 'lines'},
          h('caption', null, 'Lignes rejetées'),
          h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Ligne'), h('th', {scope: 'col'}, 'Champ'), h('th', {scope: 'col'}, 'Message'))),
          h('tbody', null, r.rejected.flatMap((line) => line.errors.map((e) => h('tr', null,
            h('td', {'data-label': 'Ligne'}, String(line.line)), h('td', {'data-label': 'Champ'}, e.field), h('td', {'data-label': 'Message'}, e.message)))))) : null,
        r.warnings.length ? h('table', {class: 'lines'},
          h('caption', null, 'Avertissements'),
          h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Ligne'), h('th', {scope: 'col'}, 'Message'))),
          h('tbody', null, r.warnings.map((w) => h('tr', null, h('td', {'data-label': 'Ligne'}, String(w.line)), h('td', {'data-label': 'Message'}, w.message))))) : null);
      announce(`Import terminé : ${r.imported} créés, ${r.updated} mis à jour, ${r.rejected.length} rejetés.`);
      title.focus();
    } catch (e) {
      clear(report);
      showError(e, {form, fields: {}, retry: () => form.requestSubmit()});
    } finally {
      submit.disabled = false;
    }
  });
}
