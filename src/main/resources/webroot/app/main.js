// The page's router: each view has its own URL (served by the same index.html), links move through
// history.pushState, and the back button works. Views are modules that render into <main>.
import {session, setNavigator, setUrlSetter} from './session.js';
import {clear, h, fill} from './dom.js';
import {hideBanner, message} from './feedback.js';
import {renderSignin} from './signin.js';
import {renderMatch} from './match.js';
import {renderNotices} from './notices.js';
import {renderNotice} from './notice.js';
import {renderRegistry} from './registry.js';
import {renderEnterprise} from './enterprise.js';
import {renderImport} from './import.js';

const ROLE_NAMES = {admin: 'administrateur', officer: 'acheteur', supplier: 'fournisseur'};

const routes = [
  {pattern: /^\/signin$/, view: renderSignin, open: true, title: 'Connexion'},
  {pattern: /^\/match$/, view: renderMatch, roles: ['officer'], title: 'Rechercher des fournisseurs'},
  {pattern: /^\/notices$/, view: renderNotices, roles: ['officer', 'supplier'], title: 'Avis de marché'},
  {pattern: /^\/notices\/([A-Za-z0-9-]+)$/, view: renderNotice, roles: ['officer', 'supplier'], title: 'Avis'},
  {pattern: /^\/registry$/, view: renderRegistry, roles: ['officer'], title: 'Registre'},
  {pattern: /^\/registry\/(\d{14})$/, view: renderEnterprise, roles: ['officer'], title: 'Fournisseur'},
  {pattern: /^\/import$/, view: renderImport, roles: [], title: 'Import du registre'},
];

let generation = 0;

export function navigate(target, options = {}) {
  const url = new URL(target, location.origin);
  if (url.origin !== location.origin) return;
  const next = url.pathname + url.search + url.hash;
  if (options.replace) history.replaceState(null, '', next);
  else if (next !== location.pathname + location.search) history.pushState(null, '', next);
  render({focus: options.focus !== false});
}
setNavigator(navigate);

function home() {
  return session.role() === 'supplier' ? '/notices' : '/match';
}

function updateChrome() {
  const signedIn = session.signedIn();
  const nav = document.getElementById('nav');
  nav.hidden = !signedIn;
  document.getElementById('session').hidden = !signedIn;
  document.getElementById('role').textContent = signedIn ? `Connecté : ${ROLE_NAMES[session.role()] || session.role()}` : '';
  for (const item of nav.querySelectorAll('li[data-role]')) {
    item.hidden = !item.dataset.role.split(' ').includes(session.role());
  }
  for (const link of nav.querySelectorAll('a')) {
    const current = location.pathname === link.getAttribute('href')
      || location.pathname.startsWith(link.getAttribute('href') + '/');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function render({focus} = {focus: false}) {
  const mine = ++generation;
  shown = location.pathname + location.search;
  hideBanner();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(location.search);
  const main = document.getElementById('main');
  if (path === '/') {
    if (!session.signedIn()) return navigate('/signin', {replace: true});
    return navigate(home(), {replace: true});
  }
  const route = routes.find((r) => r.pattern.test(path));
  if (!route) {
    updateChrome();
    fill(main, h('h1', {tabindex: '-1'}, 'Page introuvable'), h('p', null, h('a', {href: '/', 'data-nav': true}, 'Retour à l\u2019accueil')));
    return;
  }
  if (!route.open && !session.signedIn()) {
    return navigate('/signin?next=' + encodeURIComponent(location.pathname + location.search), {replace: true});
  }
  if (!route.open && !session.may(...route.roles)) {
    updateChrome();
    fill(main, h('h1', {tabindex: '-1'}, route.title),
      h('p', null, 'Votre clé ne donne pas accès à cette partie. '), h('p', null, h('a', {href: home(), 'data-nav': true}, 'Aller à l\u2019accueil')));
    return;
  }
  updateChrome();
  document.title = route.title + ' — essor';
  clear(main);
  const match = route.pattern.exec(path);
  try {
    await route.view(main, params, match.slice(1), {isCurrent: () => mine === generation});
  } catch (e) {
    message('Erreur de la page : ' + (e && e.message ? e.message : e));
  }
  const inside = document.activeElement && document.activeElement !== main && main.contains(document.activeElement);
  if (focus && mine === generation && !inside) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({preventScroll: false});
    }
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-nav]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});

// a fragment link (the skip link) also fires popstate: only a new path or query renders again
let shown = location.pathname + location.search;
setUrlSetter((url) => {
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  shown = location.pathname + location.search;
  updateChrome();
});
window.addEventListener('popstate', () => {
  if (location.pathname + location.search === shown) return;
  render({focus: true});
});

document.getElementById('signout').addEventListener('click', () => {
  session.clear();
  navigate('/signin?out=1');
});

// Nothing fails silently: a page fault goes to the banner instead of the console.
window.addEventListener('error', (event) => {
  event.preventDefault();
  message('Erreur de la page : ' + (event.message || 'inconnue'));
});
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  const reason = event.reason;
  if (reason && reason.handled) return;
  message('Erreur : ' + (reason && reason.message ? reason.message : String(reason)));
});

render({focus: false});
