// The API key lives in sessionStorage: it stays for this tab's session and goes on sign-out or when the tab closes.
const KEY = 'essor.key';
const ROLE = 'essor.role';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  role: () => sessionStorage.getItem(ROLE),
  signedIn: () => Boolean(sessionStorage.getItem(KEY)),
  save(key, role) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ROLE, role);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ROLE);
  },
  /** Whether the signed-in role may use a part of the page (admin may do everything). */
  may(...roles) {
    const role = sessionStorage.getItem(ROLE);
    return role === 'admin' || roles.includes(role);
  },
};

// The router registers itself here, so that modules can navigate without importing main.js.
let navigator = (url) => { location.assign(url); };
export function setNavigator(fn) { navigator = fn; }
export function navigate(url, options) { navigator(url, options); }

// A view that changes its own URL without rendering again (a form submitted in place) tells the router here.
let urlSetter = (url) => { history.pushState(null, '', url); };
export function setUrlSetter(fn) { urlSetter = fn; }
export function pushUrl(url) { urlSetter(url); }
